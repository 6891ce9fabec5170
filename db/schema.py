"""Collections, validators and indexes, declared once and applied by one idempotent function."""

from pymongo import ASCENDING, DESCENDING, IndexModel
from pymongo.errors import CollectionInvalid

SENTIMENTS = ["negative", "positive"]

REVIEW_VALIDATOR = {
    "$jsonSchema": {
        "bsonType": "object",
        "required": ["_id", "text", "created_at"],
        "properties": {
            "_id": {"bsonType": "objectId"},
            "text": {"bsonType": "string", "minLength": 1},
            "created_at": {"bsonType": "date"},
            "sentiment": {"enum": SENTIMENTS},
            "probability": {"bsonType": "double", "minimum": 0, "maximum": 1},
            "model_version": {"bsonType": "string"},
            "classified_at": {"bsonType": "date"},
            "feedback": {
                "bsonType": "object",
                "required": ["label", "at"],
                "properties": {
                    "label": {"enum": SENTIMENTS},
                    "at": {"bsonType": "date"},
                },
            },
        },
    }
}

COLLECTIONS = {
    "reviews": {
        "validator": REVIEW_VALIDATOR,
        "indexes": [
            # History, newest first; _id breaks ties so cursor pagination is exact.
            IndexModel([("created_at", DESCENDING), ("_id", DESCENDING)], name="newest_first"),
            IndexModel(
                [("sentiment", ASCENDING), ("created_at", DESCENDING), ("_id", DESCENDING)],
                name="by_sentiment_newest_first",
            ),
        ],
    },
}


def ensure_schema(database):
    """Create the collections with their validators and indexes, or bring them up to date."""
    existing = set(database.list_collection_names())
    for name, spec in COLLECTIONS.items():
        if name in existing:
            database.command("collMod", name, validator=spec["validator"])
        else:
            try:
                database.create_collection(name, validator=spec["validator"])
            except CollectionInvalid:  # another process created it first
                database.command("collMod", name, validator=spec["validator"])
        database[name].create_indexes(spec["indexes"])
