"""Worker processes x threads: /health and /api/predict under each. Prints numbers; on demand.

    .venv/bin/python -m tests.bench.workers [--seconds 8] [--connections 8]

Each combination gets its own gunicorn (and database), loaded by wrk from a separate process.
During each row, ``ss`` counts the established connections each worker holds.
"""

import argparse
import collections
import json
import re
import subprocess
import tempfile
import threading
import time

from classifier.data import read_labelled_csv
from db.embedded import EmbeddedDatabase
from tests.bench import wrk
from tests.bench.http import median_review
from tests.servers import GunicornServer

COMBINATIONS = [(1, 8), (2, 2), (2, 4), (2, 8), (3, 2), (4, 2)]


def connections_per_worker(port, after):
    """After ``after`` seconds, the connections to ``port`` held by each process, largest first."""
    time.sleep(after)
    command = ["ss", "-tnpH", "state", "established", f"( sport = :{port} )"]
    listing = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return sorted(collections.Counter(re.findall(r"pid=(\d+)", listing)).values(), reverse=True)


def loaded(app, load, *request):
    """wrk's result for ``request`` on ``app``, with the connections per worker midway."""
    held = {}
    watcher = threading.Thread(
        target=lambda: held.update(counts=connections_per_worker(app.port, load["seconds"] / 2))
    )
    watcher.start()
    result = wrk.run(*request, **load)
    watcher.join()
    result["held"] = "/".join(map(str, held["counts"]))
    return result


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
                health = loaded(app, load, f"{app.url}/health")
                predict = loaded(app, load, f"{app.url}/api/predict", "POST", body)
        print(f"{workers} workers x {threads} threads")
        print("  " + wrk.line("GET /health", health) + f"  connections per worker {health['held']}")
        print(
            "  "
            + wrk.line("POST /api/predict", predict, health)
            + f"  connections per worker {predict['held']}",
            flush=True,
        )


if __name__ == "__main__":
    main()
