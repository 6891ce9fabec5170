"""This app beside the floor and a serving stack people pick instead, on the same review, in
interleaved rounds. Run on demand (``make bench-peers``):

    .venv/bin/python -m tests.bench.peers [--rounds 5] [--seconds 10] [--connections 8]

All four run from the start to the end, and one at a time is loaded, by wrk over loopback
(2 threads):
- this app: gunicorn with the production settings (``server/gunicorn_conf.py``) on SecantusDB:
  ``POST /api/predict`` with one review, and ``GET /health``;
- the floor (``floor.py``): a bare Flask app on the same gunicorn settings that reads the JSON
  and answers a constant: ``POST /predict``, ``GET /ping``;
- MLflow (``MLFLOW``, installed by this benchmark from PyPI into ``var/bench/mlflow-venv``):
  ``mlflow models serve`` of a TF-IDF + logistic regression pipeline fitted on 5,000 IMDb reviews
  (``mlflow_model.py``), with its default single worker: ``POST /invocations``, ``GET /ping``;
- the tutorial app (``tutorial_app.py``): the classic book's design, a pickled hashing vectorizer
  and SGD classifier fitted on the IMDb reviews, an HTML form and a template, on 2 sync
  gunicorn workers: ``POST /results`` (the form), ``GET /ping``.
A round loads each system's predict endpoint, then each one's trivial endpoint, the systems in
turn, in reverse order every other round: the rows compared (this app's and the floor's) are
next to each other, seconds apart, on a shared machine whose speed drifts over minutes. Ratios
are taken within a round, and the median of the rounds' ratios is printed last. Before the
first round each endpoint is loaded for ``WARM_UP_S`` seconds, unmeasured. For this app
each round also prints the time its requests spent in the app itself (its request log's
``duration_ms``), apart from the time they waited to be read and run, which wrk's latencies
include.
"""

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlencode

import requests

from classifier.data import read_labelled_csv
from db.embedded import EmbeddedDatabase, free_port
from server.settings import Settings
from tests.bench import wrk
from tests.bench.http import median_review
from tests.bench.peers import tutorial_app
from tests.bench.workers import connections_per_worker, loaded
from tests.servers import ROOT, GunicornServer, kept_connections

MLFLOW = "mlflow==3.17.2"
JSON, FORM = "application/json", "application/x-www-form-urlencoded"
HERE = Path(__file__).resolve().parent
VENV = ROOT / "var" / "bench" / "mlflow-venv"
# The app writes its log lines at least this often (server/batched_lines.py waits 0.1 s).
LOG_BATCH_S = 0.5
WARM_UP_S = 3


def wait_until_up(url, process, timeout=180):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url}: the server exited with {process.returncode}")
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except (requests.ConnectionError, requests.Timeout):  # not listening, or no worker yet
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer in {timeout} s")


class Process:
    """A server command on a free port, its output in ``log``."""

    def __init__(self, command, ping, log, env=None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.command = [part.format(port=self.port) for part in command]
        self.ping, self.log, self.env = ping, log, env
        self.process = None

    def __enter__(self):
        env = {**os.environ, **(self.env or {}), "PORT": str(self.port)}
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                self.command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        wait_until_up(self.url + self.ping, self.process)
        return self

    def __exit__(self, *exc_info):
        self.process.terminate()
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()


def install_mlflow(data, directory):
    """The MLflow environment and the model it serves; return the model's directory."""
    python = VENV / "bin" / "python"
    if not (VENV / "bin" / "mlflow").exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", MLFLOW, "scikit-learn"], check=True
        )
    model = Path(directory) / "mlflow-model"
    subprocess.run([str(python), str(HERE / "mlflow_model.py"), data, str(model)], check=True)
    return model


class System(NamedTuple):
    name: str
    server: object  # a function that makes the running server (a context manager)
    predict: str
    body: str
    content_type: str
    trivial: str
    workers: int = 1


def systems(uri, models, directory, review):
    """Each ``System``, in the order of a round."""
    gunicorn = [sys.executable, "-m", "gunicorn", "-c", "server/gunicorn_conf.py"]
    workers = Settings().web_concurrency
    app_log, floor_log = app_log_path(directory), f"{directory}/floor.log"
    on_path = {"PATH": f"{VENV / 'bin'}:{os.environ['PATH']}"}  # it starts uvicorn by name
    mlflow = [str(VENV / "bin" / "mlflow"), "models", "serve", "-m", str(models["mlflow"]),
              "--env-manager", "local", "--host", "127.0.0.1", "--port", "{port}"]  # fmt: skip
    tutorial = [sys.executable, "-m", "gunicorn", "--workers", "2", "--bind",
                "127.0.0.1:{port}", "tests.bench.peers.tutorial_app:app"]  # fmt: skip
    tutorial_env = {
        "TUTORIAL_MODEL": str(models["tutorial"]),
        "TUTORIAL_DATABASE": f"{directory}/reviews.sqlite",
    }
    as_json = json.dumps({"texts": [review]})
    return [
        System("this app", lambda: GunicornServer(uri, app_log), "/api/predict", as_json,
               JSON, "/health", workers),
        System("floor", lambda: Process([*gunicorn, "tests.bench.peers.floor:app"], "/ping",
                                        floor_log), "/predict", as_json, JSON, "/ping", workers),
        System("MLflow", lambda: Process(mlflow, "/ping", f"{directory}/mlflow.log",
                                         env=on_path),
               "/invocations", json.dumps({"inputs": [review]}), JSON, "/ping"),
        System("tutorial app", lambda: Process(tutorial, "/ping", f"{directory}/tutorial.log",
                                               env=tutorial_env),
               "/results", urlencode({"moviereview": review}), FORM, "/ping"),
    ]  # fmt: skip


def app_log_path(directory):
    return Path(directory) / "app.log"


def time_in_app(log_path, offset, path):
    """The median and 99th percentile (ms) of the ``duration_ms`` of this app's request log
    lines for ``path`` past ``offset`` bytes: the time each request spent in the app, from the
    WSGI call to the last byte of its answer, without the time it waited to be read and run."""
    marker = f'"path": "{path}"'
    with open(log_path, encoding="utf-8") as log:
        log.seek(offset)
        durations = [json.loads(line)["duration_ms"] for line in log if marker in line]
    cuts = statistics.quantiles(durations, n=100)
    return cuts[49], cuts[98]


def wait_for_every_worker(url, port, workers, timeout=60):
    """Wait until ``workers`` connections to ``url`` kept open together are held by as many
    processes: a gunicorn worker accepts only once it is ready, and only while no other holds
    fewer connections (``server.connection_balance``). wrk keeps its connections for the whole
    row, so a row begun while a worker still booted would load the others alone."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with kept_connections(url, workers):
            if len(connections_per_worker(port, after=0)) >= workers:
                return
        time.sleep(0.2)
    raise RuntimeError(f"fewer than {workers} workers accept on port {port}")


def first_answer(server, system):
    """Once every worker accepts, the system answers the review (before any row)."""
    if system.workers > 1:
        wait_for_every_worker(server.url + system.trivial, server.port, system.workers)
    # closed after the answer, so that the connections counted during the load are wrk's
    headers = {"Content-Type": system.content_type, "Connection": "close"}
    url = server.url + system.predict
    answer = requests.post(url, data=system.body.encode(), headers=headers, timeout=30)
    assert answer.status_code == 200, answer.text


def load_row(server, system, kind, load):
    """wrk's result for ``system``'s predict or trivial endpoint (``kind``)."""
    if system.workers > 1:  # a worker restarted meanwhile would leave the load on the other
        wait_for_every_worker(server.url + system.trivial, server.port, system.workers)
    if kind == "predict":
        load = {**load, "content_type": system.content_type}
        return loaded(server, load, server.url + system.predict, "POST", system.body)
    return loaded(server, load, server.url + system.trivial)


def row(name, result):
    # how wrk's connections landed on the processes: all on one halves a two-worker server's rate
    return wrk.line(name, result) + f"  connections per process {result['held']}"


def run_round(servers, order, load, app_log):
    """Each system's predict row, then each one's trivial row, in ``order``, printed with this
    app's time in the app for each of its rows; the results by system and kind."""
    results, in_app = {}, []
    for kind in ("predict", "trivial"):
        for system in order:
            offset = app_log.stat().st_size if system.name == "this app" else 0
            result = load_row(servers[system.name], system, kind, load)
            results.setdefault(system.name, {})[kind] = result
            path = system.predict if kind == "predict" else system.trivial
            print(row(f"  {system.name}: {'POST' if kind == 'predict' else 'GET'} {path}", result))
            if system.name == "this app":
                time.sleep(LOG_BATCH_S)  # the last lines of the row, written
                p50, p99 = time_in_app(app_log, offset, path)
                in_app.append(f"{path} p50 {p50:.2f} p99 {p99:.2f} ms")
    print("  this app, time in the app (its request log): " + "; ".join(in_app))
    return results


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--data", default="../shared/data/imdb_train.csv.gz")
    args = parser.parse_args()
    review = median_review(read_labelled_csv(args.data).texts)
    load = {"connections": args.connections, "seconds": args.seconds, "threads": 2}
    ratios = {}
    with (
        tempfile.TemporaryDirectory() as directory,
        EmbeddedDatabase(directory + "/db") as db,
        contextlib.ExitStack() as stack,
    ):
        models = {
            "mlflow": install_mlflow(args.data, directory),
            "tutorial": Path(directory) / "tutorial.pkl",
        }
        tutorial_app.fit(args.data, models["tutorial"])
        uri = db.uri.replace("/?", "/peers_bench?")
        app_log = app_log_path(directory)
        every = systems(uri, models, directory, review)
        servers = {}
        for system in every:
            servers[system.name] = stack.enter_context(system.server())
            first_answer(servers[system.name], system)
        for system in every:  # unmeasured: no row meets cold caches or a start settling
            for kind in ("predict", "trivial"):
                load_row(servers[system.name], system, kind, {**load, "seconds": WARM_UP_S})
        print(f"one review of median IMDb length ({len(review)} characters); wrk, "
              f"{args.connections} connections, {args.seconds} s a row; {MLFLOW}")  # fmt: skip
        for round_number in range(1, args.rounds + 1):
            order = every if round_number % 2 else every[::-1]
            print(f"\nround {round_number}: " + ", ".join(system.name for system in order))
            results = run_round(servers, order, load, app_log)
            rps = {
                name: {kind: r["rps"] for kind, r in rows.items()} for name, rows in results.items()
            }
            app, floor = rps["this app"], rps["floor"]
            within = {
                "predict, this app / floor": app["predict"] / floor["predict"],
                "trivial, /health / floor's /ping": app["trivial"] / floor["trivial"],
                "predict, this app / MLflow": app["predict"] / rps["MLflow"]["predict"],
                "predict, this app / tutorial app": app["predict"] / rps["tutorial app"]["predict"],
            }
            for key, value in within.items():
                ratios.setdefault(key, []).append(value)
            print("  within the round: " + "; ".join(f"{k} {v:.2f}" for k, v in within.items()))
        medians = [f"{k} {statistics.median(v):.2f}" for k, v in ratios.items()]
        print("\nmedian of the rounds: " + "; ".join(medians))


if __name__ == "__main__":
    main()
