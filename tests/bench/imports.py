"""How fast a file of reviews is imported. Prints numbers; run on demand.

    .venv/bin/python -m tests.bench.imports [--rows 100000]

Writes a CSV of ``--rows`` reviews (IMDb training texts, cycled, each cut to ``--chars``
characters so that 100,000 rows fit the 50 MB an import takes; each with its own ``id``, no
labels), serves the app under gunicorn on a throwaway SecantusDB, and uploads the file through
real HTTP as the page does (``POST /api/imports``, then ``PUT`` of the file), then polls the job
until every stored review's words are indexed (``words_indexed``). In the same run, for
comparison, the same reviews are written straight into other databases in batches of 500,
without classifying: the reviews alone (what an import stores before it answers), and the
reviews with their words (what it has stored once they are searchable).
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
    stored = time.perf_counter() - start
    job = response.json()
    while job["words_indexed"] < job["stored"]:
        time.sleep(0.5)
        job = requests.get(f"{url}/api/imports/{job['_id']}", timeout=30).json()
    return stored, time.perf_counter() - start, job


def raw_inserts(uri, texts, rows, words=True):
    """The same reviews (and words) written in batches of ``BATCH``, nothing else; seconds."""
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
            if not words:
                continue
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
            seconds, searchable, job = import_over_http(app.url, path)
        raw_reviews = raw_inserts(db.uri.replace("/?", "/raw?"), texts, args.rows, words=False)
        raw = raw_inserts(db.uri.replace("/?", "/raw_words?"), texts, args.rows)
    print(f"file: {args.rows:,} rows of at most {args.chars} characters, {size_mb:.1f} MB")
    print(
        f"import over HTTP, stored (the job done): {seconds:.1f} s, "
        f"{job['stored'] / seconds:,.0f} rows/s (stored {job['stored']:,}, "
        f"refused {job['refused']:,})"
    )
    print(f"  and every review searchable by words: {searchable:.1f} s after the upload began")
    print(f"raw batched inserts of the same reviews: {raw_reviews:.1f} s")
    print(f"raw batched inserts of the same reviews and their words: {raw:.1f} s")
    print(f"import (stored) / raw inserts of the reviews: {seconds / raw_reviews:.2f}x")
    print(f"import (searchable) / raw inserts of reviews and words: {searchable / raw:.2f}x")


if __name__ == "__main__":
    main()
