"""What a new serving process pays before and at its first request, with and without
``server.prepare_to_serve`` (which gunicorn runs in each worker before it takes requests).
Prints a table; run on demand:

    .venv/bin/python -m tests.bench.worker_start [--labels 500] [--processes 3]

A throwaway SecantusDB daemon holds a label log of ``--labels`` labels and no checkpoint (a
checkpoint comes every ``CHECKPOINT_EVERY`` labels, 1,000 by default, so a new process replays
up to that many; 500 is the middle). Each process is new (a Python of its own, as a worker is):
it builds the app, is prepared to serve or not, then answers ``POST /api/predict`` with one
review of median IMDb length as a WSGI call, 101 times, then counts the objects the garbage
collector tracks and times one full collection.
The processes of the two kinds alternate; each row is the median over ``--processes`` of each.
"""

import argparse
import gc
import json
import statistics
import subprocess
import sys
import tempfile
import time

from bson import ObjectId

from classifier.data import read_labelled_csv
from db import connect, ensure_schema
from db.embedded import EmbeddedDatabase
from db.events import EventLog
from tests.bench.http import median_review
from tests.bench.request_costs import wsgi_call
from tests.helpers import TEST_SETTINGS

KINDS = ("as started", "prepared to serve")


def log_labels(uri, texts, count):
    with connect(uri) as client:
        database = client.get_default_database()
        ensure_schema(database)
        events = EventLog(database)
        for i in range(count):
            events.append_label(str(ObjectId()), texts[i], ("negative", "positive")[i % 2], 0)


def milliseconds_of(function):
    started = time.perf_counter()
    function()
    return (time.perf_counter() - started) * 1000


def one_process(uri, review, prepared):
    """Run in the new process: its times, as a dict."""
    from server import close_app, create_app, prepare_to_serve

    app = create_app({"MONGODB_URI": uri, **TEST_SETTINGS})
    prepare = milliseconds_of(lambda: prepare_to_serve(app)) if prepared else None
    predict = wsgi_call(app, "POST", "/api/predict", json.dumps({"texts": [review]}).encode())
    first = milliseconds_of(predict)
    later = statistics.median(milliseconds_of(predict) for _ in range(100))
    tracked = len(gc.get_objects())  # the frozen ones are left out
    collection = milliseconds_of(gc.collect)
    close_app(app)
    return {
        "prepare_to_serve": prepare,
        "first predict": first,
        "median of the next 100 predicts": later,
        "objects a full collection walks": tracked,
        "a full garbage collection": collection,
    }


def run_process(uri, review, prepared):
    command = [sys.executable, "-m", "tests.bench.worker_start", "--one", uri]
    if prepared:
        command.append("--prepared")
    done = subprocess.run(
        command, input=review, capture_output=True, text=True, check=True, timeout=600
    )
    return json.loads(done.stdout.splitlines()[-1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--labels", type=int, default=500)
    parser.add_argument("--processes", type=int, default=3)
    parser.add_argument("--data", default="../shared/data/imdb_train.csv.gz")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # a child: the database's URI
    parser.add_argument("--prepared", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one_process(args.one, sys.stdin.read(), args.prepared)))
        return
    texts = read_labelled_csv(args.data).texts
    review = median_review(texts)
    with tempfile.TemporaryDirectory() as directory, EmbeddedDatabase(directory + "/db") as db:
        uri = db.uri.replace("/?", "/worker_start?")
        log_labels(uri, texts, args.labels)
        times = {kind: [] for kind in KINDS}
        for _ in range(args.processes):
            for kind in KINDS:
                times[kind].append(run_process(uri, review, kind == "prepared to serve"))
    print(f"a label log of {args.labels} labels, no checkpoint; median of {args.processes} "
          f"processes of each kind; times in ms")  # fmt: skip
    print(f"{'':<34}" + "".join(f"{kind:>20}" for kind in KINDS))
    for row in times[KINDS[0]][0]:
        values = [[t[row] for t in times[kind] if t[row] is not None] for kind in KINDS]
        shape = "20,.0f" if row.startswith("objects") else "20.1f"
        cells = [format(statistics.median(v), shape) if v else f"{'-':>20}" for v in values]
        print(f"{row:<34}" + "".join(cells))


if __name__ == "__main__":
    main()
