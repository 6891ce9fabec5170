"""What one request costs in-process, part by part. Prints a table; run on demand:

    .venv/bin/python -m tests.bench.request_costs [--repeat 2000]

The app from ``create_app`` with Flask's test client (no HTTP server, one thread) against a
throwaway SecantusDB daemon: ``GET /health``, ``POST /api/predict`` with one review of median
IMDb length, and the two parts of predict that are ours: the label-log check (a round trip to
the database) and the classification. What is left is Flask, validation and the extensions.
"""

import argparse
import json
import tempfile
import timeit

from classifier.data import read_labelled_csv
from db.embedded import EmbeddedDatabase
from server import create_app
from tests.bench.http import median_review
from tests.helpers import TEST_SETTINGS


def per_call_ms(function, repeat):
    function()  # warm
    return timeit.timeit(function, number=repeat) / repeat * 1000


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
            "  of which the label-log check": shared.sync,
            "  of which the classification": lambda: shared.classifier.classify(review),
        }
        for name, function in costs.items():
            print(f"{name:<34} {per_call_ms(function, args.repeat):6.3f} ms")


if __name__ == "__main__":
    main()
