"""Worker processes x threads: /health and /api/predict under each. Prints numbers; on demand.

    .venv/bin/python -m tests.bench.workers [--seconds 8] [--connections 8]

Each combination gets its own gunicorn (and database), loaded by wrk from a separate process.
"""

import argparse
import json
import tempfile

from classifier.data import read_labelled_csv
from db.embedded import EmbeddedDatabase
from tests.bench import wrk
from tests.bench.http import median_review
from tests.servers import GunicornServer

COMBINATIONS = [(1, 8), (2, 2), (2, 4), (2, 8), (3, 2), (4, 2)]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--data", default="../shared/data/imdb_train.csv.gz")
    args = parser.parse_args()
    body = json.dumps({"texts": [median_review(read_labelled_csv(args.data).texts)]})
    load = {"connections": args.connections, "seconds": args.seconds}
    for workers, threads in COMBINATIONS:
        with tempfile.TemporaryDirectory() as directory, EmbeddedDatabase(directory + "/db") as db:
            uri = db.uri.replace("/?", "/workers_bench?")
            log = f"{directory}/gunicorn.log"
            with GunicornServer(uri, log, workers=workers, GUNICORN_THREADS=threads) as app:
                health = wrk.run(f"{app.url}/health", **load)
                predict = wrk.run(f"{app.url}/api/predict", "POST", body, **load)
        print(f"{workers} workers x {threads} threads")
        print("  " + wrk.line("GET /health", health))
        print("  " + wrk.line("POST /api/predict", predict, health), flush=True)


if __name__ == "__main__":
    main()
