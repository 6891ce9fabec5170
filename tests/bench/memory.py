"""Resident memory of each gunicorn worker under mixed load. Prints numbers; run on demand.

    .venv/bin/python -m tests.bench.memory [--minutes 10]

A throwaway SecantusDB daemon and the app under gunicorn (production settings). After a
warm-up, wrk sends single-review predictions while this process submits reviews, reads history
pages, classifies by id and trains, in turn. Resident memory (VmRSS) of every worker, and the
part of it private to the worker, are printed after warm-up and then every minute: they must
level off, not grow without bound.
"""

import argparse
import collections
import itertools
import json
import subprocess
import tempfile
import time
from pathlib import Path

import requests

from classifier.data import read_labelled_csv
from db.embedded import EmbeddedDatabase
from tests.helpers import AUTH
from tests.servers import GunicornServer


def worker_rss_mb(arbiter_pid):
    """``{pid: [resident MB, private MB]}`` of the arbiter's children. Private pages are the
    worker's alone; the rest of its resident pages (the libraries' code, mostly) are shared with
    every process that maps the same files."""
    sizes = {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines())
            if int(fields["PPid"]) != arbiter_pid:
                continue
            rollup = dict(line.split(":", 1) for line in (status.parent / "smaps_rollup")
                          .read_text().splitlines()[1:])  # fmt: skip
        except (OSError, ValueError):
            continue  # the process ended while we looked
        private = sum(int(rollup[key].split()[0]) for key in ("Private_Clean", "Private_Dirty"))
        sizes[int(fields["Pid"])] = [int(fields["VmRSS"].split()[0]) / 1024, private / 1024]
    return sizes


def rounded(sizes):
    return json.dumps({pid: [round(mb) for mb in both] for pid, both in sizes.items()})


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--data", default="../shared/data/imdb_train.csv.gz")
    args = parser.parse_args()
    texts = read_labelled_csv(args.data).texts
    with tempfile.TemporaryDirectory() as directory, EmbeddedDatabase(directory + "/db") as db:
        uri = db.uri.replace("/?", "/memory_bench?")
        with GunicornServer(uri, f"{directory}/gunicorn.log") as app:
            session = requests.Session()
            for text in texts[:200]:  # warm-up
                session.post(f"{app.url}/api/predict", json={"texts": [text]}, timeout=30)
            sizes = worker_rss_mb(app.process.pid)
            print(f"after warm-up: {rounded(sizes)} (resident and private MB, by pid)")
            script = Path(directory) / "predict.lua"
            body = json.dumps(json.dumps({"texts": [texts[0]]}))
            script.write_text(
                f'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
                f"wrk.body = {body}\n"
            )
            seconds = int(args.minutes * 60)
            load = subprocess.Popen(
                ["wrk", "-t", "1", "-c", "4", "-d", f"{seconds}s", "-s", str(script),
                 f"{app.url}/api/predict"], stdout=subprocess.PIPE, text=True,
            )  # fmt: skip
            started, next_report, done = time.monotonic(), 60, 0
            statuses = collections.Counter()
            for i in itertools.count():
                elapsed = time.monotonic() - started
                if elapsed >= seconds:
                    break
                text = texts[i % len(texts)]
                review = session.post(f"{app.url}/api/reviews", json={"text": text}, timeout=30)
                statuses[review.status_code] += 1
                review_id = review.json()["_id"]
                history = session.get(f"{app.url}/api/reviews?limit=20", timeout=30)
                statuses[history.status_code] += 1
                classified = session.get(
                    f"{app.url}/classify_review", params={"_id": review_id}, timeout=30
                )
                statuses[classified.status_code] += 1
                if i % 5 == 0:
                    label = ["negative", "positive"][i % 2]
                    trained = session.post(f"{app.url}/train_review", params={"_id": review_id},
                                 json={"label": label}, headers=AUTH, timeout=60)  # fmt: skip
                    statuses[trained.status_code] += 1
                done += 1
                if elapsed >= next_report:
                    sizes = worker_rss_mb(app.process.pid)
                    print(
                        f"after {elapsed / 60:4.1f} min ({done} mixed rounds): {rounded(sizes)}",
                        flush=True,
                    )
                    next_report += 60
            wrk_output, _ = load.communicate()
            summary = [line.strip() for line in wrk_output.splitlines()
                       if any(key in line for key in ("requests in", "Requests/sec", "Non-2xx",
                                                      "Socket errors", "Latency"))]  # fmt: skip
            print("predict load (wrk):", "; ".join(summary))
            errors = sum(n for status, n in statuses.items() if status >= 400 and status != 409)
            print(f"mixed rounds: answers by status {dict(sorted(statuses.items()))}, "
                  f"errors {errors} (409: a label the guard refused, not an error)")  # fmt: skip
            sizes = worker_rss_mb(app.process.pid)
            print(f"at the end ({done} mixed rounds): "
                  f"{rounded(sizes)}")  # fmt: skip


if __name__ == "__main__":
    main()
