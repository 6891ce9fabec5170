"""Collections, validators and indexes, declared once and applied by one idempotent function."""

from pymongo import ASCENDING, DESCENDING, IndexModel
from pymongo.errors import CollectionInvalid

from db.events import create_counter
from db.review_counts import count_existing
from db.reviews import add_search_fields

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
            "labelled": {"bsonType": "bool"},
            "unsure": {"bsonType": "bool"},
            "client_id": {"bsonType": "string", "maxLength": 200},
            "disagrees": {"bsonType": "bool"},
            "feedback": {
                "bsonType": "object",
                "required": ["label", "at"],
                "properties": {
                    "label": {"enum": SENTIMENTS},
                    "at": {"bsonType": "date"},
                    "event": {"bsonType": ["int", "long"]},
                },
            },
        },
    }
}

LABEL_EVENT_VALIDATOR = {
    "$jsonSchema": {
        "bsonType": "object",
        "required": ["_id", "kind", "at"],
        "properties": {
            "_id": {"bsonType": ["int", "long"], "minimum": 1},
            "kind": {"enum": ["label", "rollback", "confirm", "void"]},
            "label": {"enum": SENTIMENTS},
            "text": {"bsonType": "string"},
            "review_id": {"bsonType": "objectId"},
            "to": {"bsonType": ["int", "long"], "minimum": 0},
            "predicted": {"enum": SENTIMENTS},
            "correction": {"bsonType": "bool"},
            "guard_accuracy": {"bsonType": "double", "minimum": 0, "maximum": 1},
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
            # Filters (db/search.py): a flag, then the history's order.
            *(
                IndexModel(
                    [(field, ASCENDING), ("created_at", DESCENDING), ("_id", DESCENDING)],
                    name=f"by_{field}_newest_first",
                )
                for field in ("labelled", "unsure", "disagrees")
            ),
            # An import's own ids of its reviews: a file imported again stores nothing twice.
            IndexModel(
                [("client_id", ASCENDING)],
                name="by_client_id",
                unique=True,
                partialFilterExpression={"client_id": {"$exists": True}},
            ),
            # The "needs a label" queue (db/label_queue.py): unlabelled, least sure first.
            IndexModel(
                [("labelled", ASCENDING), ("probability", ASCENDING), ("_id", ASCENDING)],
                name="unlabelled_least_sure",
            ),
        ],
    },
    "label_claims": {
        "validator": {
            "$jsonSchema": {
                "bsonType": "object",
                "required": ["_id", "by", "until"],
                "properties": {
                    "_id": {"bsonType": "objectId"},
                    "by": {"bsonType": "string"},
                    "until": {"bsonType": "date"},
                },
            }
        },
        "indexes": [
            IndexModel([("by", ASCENDING)], name="by_claimer"),
            # An hour after it ended, a claim is swept away (TTL): a tab that left keeps none.
            IndexModel([("until", ASCENDING)], name="by_expiry", expireAfterSeconds=3600),
        ],
    },
    # Search by words (db/search.py): each review's distinct words, by word, then newest first.
    "review_terms": {
        "validator": {
            "$jsonSchema": {
                "bsonType": "object",
                "required": ["_id", "created_at", "terms"],
                "properties": {
                    "_id": {"bsonType": "objectId"},
                    "created_at": {"bsonType": "date"},
                    "terms": {"bsonType": "array", "items": {"bsonType": "string"}},
                },
            }
        },
        "indexes": [
            IndexModel(
                [("terms", ASCENDING), ("created_at", DESCENDING), ("_id", DESCENDING)],
                name="by_terms_newest_first",
            )
        ],
    },
    "label_events": {
        "validator": LABEL_EVENT_VALIDATOR,
        "indexes": [
            # The same label for the same review from the same previous label is one event.
            IndexModel(
                [("dedupe", ASCENDING)],
                name="dedupe",
                unique=True,
                partialFilterExpression={"dedupe": {"$exists": True}},
            ),
            IndexModel([("review_id", ASCENDING), ("_id", ASCENDING)], name="by_review"),
        ],
    },
    "import_jobs": {
        "validator": {},
        "indexes": [IndexModel([("state", ASCENDING)], name="by_state")],
    },
    # The words of imported reviews not yet in review_terms (db/word_backlog.py).
    "word_backlog": {
        "validator": {},
        "indexes": [IndexModel([("job", ASCENDING)], name="by_job")],
    },
    "counters": {"validator": {}, "indexes": []},
    "secrets": {
        "validator": {
            "$jsonSchema": {
                "bsonType": "object",
                "required": ["_id", "value"],
                "properties": {"_id": {"bsonType": "string"}, "value": {"bsonType": "string"}},
            }
        },
        "indexes": [],
    },
    "checkpoints": {
        "validator": {},
        "indexes": [IndexModel([("base_version", ASCENDING), ("_id", DESCENDING)], name="by_base")],
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
        if spec["indexes"]:
            database[name].create_indexes(spec["indexes"])
    create_counter(database)
    add_search_fields(database)  # first: the totals' cells count by the flags it writes
    count_existing(database)
