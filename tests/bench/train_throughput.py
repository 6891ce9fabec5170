"""Sustained online training through the real stack. Prints numbers; run on demand.

    .venv/bin/python -m tests.bench.train_throughput [--clients 8] [--labels 100]

A throwaway SecantusDB daemon, two gunicorn instances on it (3 workers and 1 worker), and
``--clients`` threads each labelling ``--labels`` stored reviews through ``POST /train_review``,
alternating between the instances. Prints labels per second and latency percentiles, then how
long until every worker of both instances serves the newest version. Also the database
operations per label (``serverStatus`` opcounters) and the database server's CPU per label.
``MODEL_LEASE_S=0`` in the environment runs the app without leases.
"""

import argparse
import statistics
import tempfile
import threading
import time

import requests

from db import ReviewRepository, connect, ensure_schema
from db.embedded import EmbeddedDatabase
from tests.bench.compare import OPERATIONS, cpu_seconds_by_role
from tests.helpers import AUTH
from tests.servers import GunicornServer


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--labels", type=int, default=100)
    args = parser.parse_args()
    total = args.clients * args.labels
    with tempfile.TemporaryDirectory() as directory, EmbeddedDatabase(directory + "/db") as db:
        uri = db.uri.replace("/?", "/train_bench?")
        client = connect(uri)
        servers = [
            GunicornServer(uri, f"{directory}/a.log", workers=3).start(),
            GunicornServer(uri, f"{directory}/b.log", workers=1).start(),
        ]
        try:
            database = client.get_default_database()
            ensure_schema(database)
            repository = ReviewRepository(database)
            seed = {"sentiment": "positive", "probability": 0.5, "model_version": "seed"}
            ids = [repository.create(f"Review {i}: a film.", seed)["_id"] for i in range(total)]
            latencies, refused, lock = [], [], threading.Lock()

            def label(worker):
                session = requests.Session()
                for i in range(worker * args.labels, (worker + 1) * args.labels):
                    started = time.perf_counter()
                    response = session.post(
                        f"{servers[i % 2].url}/train_review",
                        params={"_id": ids[i]},
                        json={"label": ["negative", "positive"][i % 2]},
                        headers=AUTH,
                        timeout=120,
                    )
                    if response.status_code != 409:  # 409: the guard refused it, also an answer
                        response.raise_for_status()
                    with lock:
                        latencies.append(time.perf_counter() - started)
                        refused.append(response.status_code == 409)

            ops, cpu = database.command("serverStatus")["opcounters"], cpu_seconds_by_role()
            started = time.perf_counter()
            threads = [threading.Thread(target=label, args=(w,)) for w in range(args.clients)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            elapsed = time.perf_counter() - started
            ops_now = database.command("serverStatus")["opcounters"]
            database_cpu = cpu_seconds_by_role()["database"] - cpu["database"]
            quantiles = statistics.quantiles(latencies, n=100)
            print(f"{len(latencies):,} labels from {args.clients} clients in {elapsed:.1f} s: "
                  f"{len(latencies) / elapsed:.1f} labels/s "
                  f"({sum(refused)} refused by the guard)")  # fmt: skip
            print(f"latency p50 {quantiles[49] * 1000:.0f} ms, p95 {quantiles[94] * 1000:.0f} ms, "
                  f"p99 {quantiles[98] * 1000:.0f} ms")  # fmt: skip
            per_label = " ".join(f"{op} {(ops_now[op] - ops[op]) / total:.1f}" for op in OPERATIONS)
            print(f"database per label: {per_label}; CPU {database_cpu / total * 1000:.1f} ms")

            trained = requests.post(
                f"{servers[0].url}/train_review", params={"_id": ids[0]},
                json={"label": "positive"}, headers=AUTH, timeout=60,
            ).json()  # fmt: skip
            started, seen = time.perf_counter(), set()
            while len(seen) < 4:
                for server in servers:
                    answer = requests.post(
                        f"{server.url}/api/predict", json={"texts": ["fine"]}, timeout=30
                    )
                    assert answer.json()["model_version"] == trained["model_version"]
                    seen.add(answer.headers["X-Served-By"])
            print(f"every one of {len(seen)} workers served {trained['model_version']} at its "
                  f"first request after the label: {time.perf_counter() - started:.2f} s to ask "
                  "them all")  # fmt: skip
        finally:
            client.close()
            for server in servers:
                server.stop()


if __name__ == "__main__":
    main()
