"""Workers kept to a CPU each against workers left to the scheduler (``server.worker_cpus``).
Prints numbers; on demand:

    .venv/bin/python -m tests.bench.pinning [--rounds 6] [--seconds 10] [--connections 8]

Two workers x four threads on two CPUs (the first two the benchmark may use), one gunicorn at a
time on one SecantusDB, pinned and not in interleaved rounds (the order flips every round):
``POST /api/predict`` with one review of median IMDb length, ``GET /health``, and
``POST /api/reviews`` (a classification and a journaled insert: the database shares the two
CPUs with the pinned workers). wrk's 2 threads and 8 connections. Last, the median of the
rounds' ratios, pinned to not.
"""

import argparse
import json
import statistics
import tempfile

from classifier.data import read_labelled_csv
from db.embedded import EmbeddedDatabase
from tests.bench import wrk
from tests.bench.http import median_review
from tests.bench.workers import loaded
from tests.servers import TWO_CPUS, GunicornServer


def measure(uri, directory, pinned, requests, load):
    log = f"{directory}/gunicorn-{pinned}.log"
    setting = {"GUNICORN_PIN_WORKERS": str(pinned).lower()}
    with GunicornServer(uri, log, workers=2, cpus=TWO_CPUS, GUNICORN_THREADS=4, **setting) as app:
        return {name: loaded(app, load, app.url + path, *rest) for name, (path, *rest) in requests}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--data", default="../shared/data/imdb_train.csv.gz")
    args = parser.parse_args()
    review = median_review(read_labelled_csv(args.data).texts)
    requests = [
        ("POST /api/predict", ("/api/predict", "POST", json.dumps({"texts": [review]}))),
        ("GET /health", ("/health",)),
        ("POST /api/reviews", ("/api/reviews", "POST", json.dumps({"text": review}))),
    ]
    load = {"connections": args.connections, "seconds": args.seconds, "threads": 2}
    ratios = {name: [] for name, _ in requests}
    with tempfile.TemporaryDirectory() as directory, EmbeddedDatabase(directory + "/db") as db:
        uri = db.uri.replace("/?", "/pinning_bench?")
        for round_ in range(1, args.rounds + 1):
            order = (True, False) if round_ % 2 else (False, True)
            results = {pinned: measure(uri, directory, pinned, requests, load) for pinned in order}
            for pinned in order:
                print(f"round {round_}, {'pinned' if pinned else 'not pinned'}")
                for name, result in results[pinned].items():
                    print(f"  {wrk.line(name, result)}  connections {result['held']}")
            for name, _ in requests:
                ratios[name].append(results[True][name]["rps"] / results[False][name]["rps"])
            print(flush=True)
    print("median of the rounds' ratios, pinned to not pinned:")
    for name, values in ratios.items():
        low, high = min(values), max(values)
        print(f"  {name:<18} {statistics.median(values):.2f} ({low:.2f}-{high:.2f})")


if __name__ == "__main__":
    main()
