"""How fast a file of reviews is imported. Prints numbers; run on demand.

    .venv/bin/python -m tests.bench.imports [--rows 100000]

Writes a CSV of ``--rows`` reviews (IMDb training texts, cycled, each cut to ``--chars``
characters so that 100,000 rows fit the 50 MB an import takes; each with its own ``id``, no
labels), serves the app under gunicorn on a throwaway SecantusDB, and uploads the file through
real HTTP as the page does (``POST /api/imports``, then ``PUT`` of the file), polling the job.
In the same run, for comparison, the same reviews are written straight into another database in
batches of 500 (reviews and their words, the two inserts an import makes, without classifying).
"""

import argparse
import csv
import tempfile
import time
from pathlib import Path

import requests
from bson import ObjectId

from classifier.data import read_labelled_csv
from db import connect, ensure_schema
from db.conventions import now
from db.embedded import EmbeddedDatabase
from db.search import flags, terms_of
from tests.helpers import AUTH
from tests.servers import GunicornServer

BATCH = 500


def write_csv(path, texts, rows):
    with open(path, "w", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["id", "text"])
        for i in range(rows):
            writer.writerow([f"bench-{i}", texts[i % len(texts)]])


def import_over_http(url, path):
    size = path.stat().st_size
    created = requests.post(
        f"{url}/api/imports",
        json={"name": path.name, "format": "csv", "size": size},
        headers=AUTH,
        timeout=30,
    )
    created.raise_for_status()
    job = created.json()
    start = time.perf_counter()
    with open(path, "rb") as file:
        response = requests.put(
            f"{url}/api/imports/{job['_id']}/file", data=file, headers=AUTH, timeout=3600
        )
    return time.perf_counter() - start, response.json()


def raw_inserts(uri, texts, rows):
    """The same reviews and words written in batches of ``BATCH``, nothing else; seconds."""
    with connect(uri) as client:
        database = client.get_default_database()
        ensure_schema(database)
        start = time.perf_counter()
        for first in range(0, rows, BATCH):
            moment = now()
            reviews = [
                {
                    "_id": ObjectId(),
                    "text": texts[i % len(texts)],
                    "created_at": moment,
                    "sentiment": "positive",
                    "probability": 0.9,
                    "model_version": "bench",
                    "client_id": f"bench-{i}",
                    **flags("positive", 0.9),
                }
                for i in range(first, min(first + BATCH, rows))
            ]
            database.reviews.insert_many(reviews)
            database.review_terms.insert_many(
                [
                    {"_id": r["_id"], "created_at": moment, "terms": terms_of(r["text"])}
                    for r in reviews
                ]
            )
        return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--chars", type=int, default=480)
    parser.add_argument("--data", default="../shared/data/imdb_train.csv.gz")
    args = parser.parse_args()
    texts = [text[: args.chars] for text in read_labelled_csv(args.data)[0]]
    with tempfile.TemporaryDirectory() as directory, EmbeddedDatabase(directory + "/db") as db:
        path = Path(directory) / "reviews.csv"
        write_csv(path, texts, args.rows)
        size_mb = path.stat().st_size / 1e6
        app_uri = db.uri.replace("/?", "/imports?")
        with GunicornServer(app_uri, Path(directory) / "app.log") as app:
            seconds, job = import_over_http(app.url, path)
        raw = raw_inserts(db.uri.replace("/?", "/raw?"), texts, args.rows)
    print(f"file: {args.rows:,} rows of at most {args.chars} characters, {size_mb:.1f} MB")
    print(
        f"import over HTTP: {seconds:.1f} s, {job['stored'] / seconds:,.0f} rows/s "
        f"(state {job['state']}, stored {job['stored']:,}, refused {job['refused']:,})"
    )
    print(f"raw batched inserts of the same reviews and words: {raw:.1f} s")
    print(f"import / raw inserts: {seconds / raw:.2f}x")


if __name__ == "__main__":
    main()
