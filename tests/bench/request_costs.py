"""What one request costs in-process, part by part. Prints a table; run on demand:

    .venv/bin/python -m tests.bench.request_costs [--repeat 2000]

The app from ``create_app`` with Flask's test client (no HTTP server, one thread) against a
throwaway SecantusDB daemon: ``GET /health``, ``POST /api/predict`` with one review of median
IMDb length, and the two parts of predict that are ours: bringing the model up to date with the
label log (on the lease a busy process holds, ``server.log_lease``) and the classification. What
is left is Flask, validation and the extensions. Then what a process without a lease would pay
per request instead: a look at the log, one round trip to the database.
Then what the operations of a submit cost the database server itself (CPU seconds of its
process, from ``/proc``, per operation, one client).
"""

import argparse
import json
import tempfile
import timeit
from datetime import UTC, datetime

from bson import ObjectId

from classifier.data import read_labelled_csv
from db import connect, ensure_schema
from db.embedded import EmbeddedDatabase
from db.reviews import DURABLE
from server import create_app
from tests.bench.http import median_review
from tests.bench.processes import cpu_seconds
from tests.helpers import TEST_SETTINGS


def per_call_ms(function, repeat):
    function()  # warm
    return timeit.timeit(function, number=repeat) / repeat * 1000


def server_cpu_ms(pid, function, repeat):
    """Milliseconds of the database server's CPU per call of ``function``."""
    function()
    before = cpu_seconds(pid)
    for _ in range(repeat):
        function()
    return (cpu_seconds(pid) - before) / repeat * 1000


def now():
    return datetime.now(UTC)


def database_costs(db, review, repeat):
    with connect(db.uri) as client:
        database = client.get_database("costs_ops")
        ensure_schema(database)
        reviews = database.get_collection("reviews", write_concern=DURABLE)
        counters = database.get_collection("counters", write_concern=DURABLE)
        document = {"text": review, "sentiment": "positive", "probability": 0.9,
                    "model_version": "m"}  # fmt: skip
        operations = {
            "insert_one a review, journaled": lambda: reviews.insert_one(
                {**document, "_id": ObjectId(), "created_at": now(), "classified_at": now()}
            ),
            "update_one totals $inc, journaled": lambda: counters.update_one(
                {"_id": "costs"}, {"$inc": {"total": 1}}, upsert=True
            ),
            "find_one by _id": lambda: database.label_events.find_one({"_id": 5}),
        }
        for name, function in operations.items():
            print(f"  {name:<34} {server_cpu_ms(db.process.pid, function, repeat):6.3f} ms")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=2000)
    parser.add_argument("--data", default="../shared/data/imdb_train.csv.gz")
    args = parser.parse_args()
    review = median_review(read_labelled_csv(args.data).texts)
    body = json.dumps({"texts": [review]})
    with tempfile.TemporaryDirectory() as directory, EmbeddedDatabase(directory + "/db") as db:
        app = create_app({"MONGODB_URI": db.uri.replace("/?", "/costs?"), **TEST_SETTINGS})
        client = app.test_client()
        shared = app.extensions["shared_model"]
        costs = {
            "GET /health": lambda: client.get("/health"),
            "POST /api/predict, 1 review": lambda: client.post(
                "/api/predict", data=body, content_type="application/json"
            ),
            "  of which the log, on a lease": shared.sync,
            "  of which the classification": lambda: shared.classifier.classify(review),
            "a look at the label log (no lease)": lambda: shared.events.has_after(
                shared.classifier.position
            ),
        }
        for name, function in costs.items():
            print(f"{name:<34} {per_call_ms(function, args.repeat):6.3f} ms")
        print("database server CPU per operation:")
        database_costs(db, review, args.repeat)


if __name__ == "__main__":
    main()
