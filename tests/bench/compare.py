"""Two versions of the app side by side, same database, same load, alternating. Run on demand:

    git worktree add /tmp/before <commit>
    .venv/bin/python -m tests.bench.compare /tmp/before . [--rounds 2] [--rows predict,first]

Both source trees are served by gunicorn with the production settings against one SecantusDB
daemon, and each row is loaded with wrk on one, then on the other, round after round, so that the
machine's noise falls on both alike. Besides wrk's figures each row prints the database operations
per request (from ``serverStatus`` opcounters) and the CPU seconds per request of the database
and of gunicorn (from ``/proc``). The ``first``, ``positive`` and ``deep`` rows store 100,000
reviews first; ``deep`` is a cursor 200 pages down, taken from the API as a client would.
"""

import argparse
import json
import os
import tempfile
from pathlib import Path

import requests

from classifier.data import read_labelled_csv
from db import ReviewRepository, connect, ensure_schema
from db.embedded import EmbeddedDatabase
from tests.bench import wrk
from tests.bench.http import median_review, store_history
from tests.bench.processes import cpu_seconds
from tests.servers import GunicornServer

HISTORY_ROWS = {"first", "positive", "deep"}
OPERATIONS = ("query", "insert", "update")


def cpu_seconds_by_role():
    """CPU seconds used so far by the database daemon and by gunicorn processes."""
    used = {"database": 0.0, "gunicorn": 0.0}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
            for role, marker in (("database", "secantus"), ("gunicorn", "gunicorn")):
                if marker in command:
                    used[role] += cpu_seconds(pid)
        except OSError:  # the process ended
            continue
    return used


def deep_cursor(url, pages=200):
    session, cursor = requests.Session(), None
    for page in range(pages):
        query = f"&cursor={cursor}" if cursor else ""
        cursor = session.get(f"{url}/api/reviews?limit=20{query}").json()["next_cursor"]
        if cursor is None:  # else wrk would time "cursor=None", a 400
            raise RuntimeError(f"the history ended at page {page + 1} of {pages}")
    return cursor


def load_row(row, url, review, stored_id, load):
    body = json.dumps({"texts": [review]})
    rows = {
        "health": lambda: wrk.run(f"{url}/health", **load),
        "predict": lambda: wrk.run(f"{url}/api/predict", "POST", body, **load),
        "classify": lambda: wrk.run(f"{url}/classify_review?_id={stored_id}", **load),
        "submit": lambda: wrk.run(
            f"{url}/api/reviews", "POST", json.dumps({"text": review}), **load
        ),
        "first": lambda: wrk.run(f"{url}/api/reviews?limit=20", **load),
        "positive": lambda: wrk.run(f"{url}/api/reviews?limit=20&sentiment=positive", **load),
        "deep": lambda: wrk.run(f"{url}/api/reviews?limit=20&cursor={deep_cursor(url)}", **load),
    }
    return rows[row]()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("before", help="source tree of one version (e.g. a git worktree)")
    parser.add_argument("after", help="source tree of the other")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--rows", default="health,predict,classify,submit")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--data", default="../shared/data/imdb_train.csv.gz")
    args = parser.parse_args()
    rows = args.rows.split(",")
    texts = read_labelled_csv(args.data).texts
    review = median_review(texts)
    load = {"connections": args.connections, "seconds": args.seconds}

    with tempfile.TemporaryDirectory() as directory, EmbeddedDatabase(directory + "/db") as db:
        uri = db.uri.replace("/?", "/compare?")
        with connect(uri) as client:
            database = client.get_default_database()
            ensure_schema(database)
            if HISTORY_ROWS & set(rows):
                store_history(database, texts, 100_000)
            stored = ReviewRepository(database).create(
                review, {"sentiment": "positive", "probability": 0.5, "model_version": "x"}
            )
            servers = {
                name: GunicornServer(uri, f"{directory}/{name}.log", root=Path(tree).resolve())
                for name, tree in (("before", args.before), ("after", args.after))
            }
            try:
                for server in servers.values():
                    server.start()
                for round_number in range(1, args.rounds + 1):
                    for row in rows:
                        for name, server in servers.items():
                            ops = database.command("serverStatus")["opcounters"]
                            cpu = cpu_seconds_by_role()
                            result = load_row(row, server.url, review, stored["_id"], load)
                            done = max(result["requests"], 1)
                            ops_now = database.command("serverStatus")["opcounters"]
                            cpu_now = cpu_seconds_by_role()
                            per_request = " ".join(
                                f"{op} {(ops_now[op] - ops[op]) / done:.2f}" for op in OPERATIONS
                            )
                            cpu_ms = " ".join(
                                f"{k} {(cpu_now[k] - cpu[k]) / done * 1000:.2f}" for k in cpu
                            )
                            print(
                                f"{round_number} {name:<6} {wrk.line(row, result)}\n"
                                f"           per request: {per_request}; CPU ms {cpu_ms}",
                                flush=True,
                            )
            finally:
                for server in servers.values():
                    server.stop()


if __name__ == "__main__":
    main()
