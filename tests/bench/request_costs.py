"""What one request costs in-process, part by part. Prints a table; run on demand:

    .venv/bin/python -m tests.bench.request_costs [--block 200] [--rounds 40] [--repeat 2000]

The app from ``create_app``, called as a WSGI app (no HTTP server, no test client, one thread)
against a throwaway SecantusDB daemon: ``POST /api/predict`` with one review of median IMDb length,
and the two parts of predict that are ours: bringing the model up to date with the label log (on the
lease a busy process holds, ``online.lease``) and the classification, alone in a loop. Then predict
answered by Flask's view instead of the fast path (``server.predict_fast_path``), the floor's
predict (``tests.bench.peers.floor``), predict with the classification replaced by its answer
(everything else a predict costs), predict with its log line written by itself rather than in the
log handler's batches, and the classification after 4 MB of other memory traffic, the size of this
machine's L2 cache (to test the guess that a request's own work leaves the caches colder than a loop
of classifications does). Then what a process without a lease would pay per request instead: a look
at the log, one round trip to the database. Then what every request pays around the app
(``server.request_log.RequestFrame``: the request id, the headers, the log line and the metrics),
part by part: ``GET /health`` as served, without its metric updates, without its log line and
without the frame, beside the floor's ``GET /ping`` (``tests.bench.peers.floor``).

Each of these is timed in blocks of ``--block`` calls, one block of each in turn, ``--rounds``
times, and its time is its median block: the speed of these shared machines drifts within a
run, by more than some of the parts cost, and taken in turn every part meets the same drift.
Last, what the operations of a submit cost the database server itself (CPU seconds of its
process, from ``/proc``, per operation, ``--repeat`` of each, one client).
"""

import argparse
import io
import json
import logging
import statistics
import tempfile
import time
from datetime import UTC, datetime

import numpy as np
from bson import ObjectId
from werkzeug.test import EnvironBuilder

from classifier.data import read_labelled_csv
from db import connect, ensure_schema
from db.conventions import DURABLE
from db.embedded import EmbeddedDatabase
from server import create_app, request_log
from server.batched_lines import BatchingStreamHandler
from server.request_log import RequestFrame
from tests.bench.http import median_review
from tests.bench.peers import floor
from tests.bench.processes import cpu_seconds
from tests.helpers import TEST_SETTINGS


def wsgi_call(app, method, path, body=b""):
    """A function that sends one request to ``app`` through its WSGI interface."""
    environ = EnvironBuilder(
        method=method, path=path, data=body, content_type="application/json"
    ).get_environ()

    def call():
        response = app.wsgi_app({**environ, "wsgi.input": io.BytesIO(body)}, _start_response)
        b"".join(response)
        getattr(response, "close", lambda: None)()  # a list has none

    return call


def _start_response(status, headers, exc_info=None):
    pass


def with_answer(classifier, texts, request):
    """``request`` with ``classifier.classify_many`` handing back its answer for ``texts``,
    computed once beforehand: what the request costs besides the classification."""
    answer = classifier.classify_many(texts)

    def call():
        classifier.classify_many = lambda _: answer
        try:
            request()
        finally:
            del classifier.classify_many  # the method again

    return call


def through_flask(app, request):
    """``request`` with the predict fast path (``server.predict_fast_path``) left out: answered
    by Flask's view, as every other request is."""
    frame = app.wsgi_app
    fast_path = frame._app

    def call():
        frame._app = fast_path._flask
        try:
            request()
        finally:
            frame._app = fast_path

    return call


def with_lines_written_at_once(request):
    """``request`` with the request log's line written by itself, a system call each, as it
    would be without the handler's batches (``server.batched_lines``)."""
    handler = next(h for h in logging.getLogger().handlers if isinstance(h, BatchingStreamHandler))

    def write_now(line):
        with handler.lock:
            handler.stream.write(line)
            handler.stream.flush()

    def call():
        handler.add_line = write_now
        try:
            request()
        finally:
            del handler.add_line  # the method again

    return call


def in_turn(variants, block, rounds):
    """Milliseconds a call of each of ``variants`` (name: (set up, call)): blocks of ``block``
    calls, one of each variant in turn, ``rounds`` times, each round beginning one variant
    later (a block runs slower after some blocks than after others); the median block of
    each."""
    names = list(variants)
    times = {name: [] for name in names}
    for set_up, call in variants.values():
        set_up()
        call()  # warm
    for round_number in range(rounds):
        start = round_number % len(names)
        for name in names[start:] + names[:start]:
            set_up, call = variants[name]
            set_up()
            started = time.perf_counter()
            for _ in range(block):
                call()
            times[name].append((time.perf_counter() - started) / block * 1000)
    return {name: statistics.median(times[name]) for name in names}


def frame_parts(app):
    """``GET /health`` of ``app`` with parts of its request frame left out, and the floor's
    ``GET /ping``: the variants ``in_turn`` takes."""
    frame, line = app.wsgi_app, request_log._request_line
    assert isinstance(frame, RequestFrame), "the frame is the app's outermost WSGI layer"
    observe = frame._observe

    def with_frame(observing=True, logging_lines=True, framed=True):
        def set_up():
            frame._observe = observe if observing else None
            request_log._request_line = line if logging_lines else lambda fields: None
            app.wsgi_app = frame if framed else frame._app

        return set_up

    health = wsgi_call(app, "GET", "/health")
    return {
        "the floor's GET /ping": (with_frame(), wsgi_call(floor.app, "GET", "/ping")),
        "GET /health, as served": (with_frame(), health),
        "  without its metric updates": (with_frame(observing=False), health),
        "  without its log line": (with_frame(logging_lines=False), health),
        "  without the frame": (with_frame(framed=False), health),
    }, with_frame()


def server_cpu_ms(pid, function, repeat):
    """Milliseconds of the database server's CPU per call of ``function``."""
    function()
    before = cpu_seconds(pid)
    for _ in range(repeat):
        function()
    return (cpu_seconds(pid) - before) / repeat * 1000


def now():
    return datetime.now(UTC)


def database_costs(db, review, repeat):
    with connect(db.uri) as client:
        database = client.get_database("costs_ops")
        ensure_schema(database)
        reviews = database.get_collection("reviews", write_concern=DURABLE)
        counters = database.get_collection("counters", write_concern=DURABLE)
        document = {"text": review, "sentiment": "positive", "probability": 0.9,
                    "model_version": "m"}  # fmt: skip
        operations = {
            "insert_one a review, journaled": lambda: reviews.insert_one(
                {**document, "_id": ObjectId(), "created_at": now(), "classified_at": now()}
            ),
            "update_one totals $inc, journaled": lambda: counters.update_one(
                {"_id": "costs"}, {"$inc": {"total": 1}}, upsert=True
            ),
            "find_one by _id": lambda: database.label_events.find_one({"_id": 5}),
        }
        for name, function in operations.items():
            print(f"  {name:<34} {server_cpu_ms(db.process.pid, function, repeat):6.3f} ms")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--block", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=2000)
    parser.add_argument("--data", default="../shared/data/imdb_train.csv.gz")
    args = parser.parse_args()
    review = median_review(read_labelled_csv(args.data).texts)
    body = json.dumps({"texts": [review]}).encode()
    with tempfile.TemporaryDirectory() as directory, EmbeddedDatabase(directory + "/db") as db:
        app = create_app({"MONGODB_URI": db.uri.replace("/?", "/costs?"), **TEST_SETTINGS})
        shared = app.extensions["runtime"].shared_model
        classifier = shared.classifier
        predict = wsgi_call(app, "POST", "/api/predict", body)
        frame_variants, as_served = frame_parts(app)
        other_memory = np.ones(4 * 2**20 // 8)  # the size of this machine's L2 cache
        classify = lambda: classifier.classify(review)  # noqa: E731
        variants = {
            "POST /api/predict, 1 review": predict,
            "  of which the log, on a lease": shared.sync,
            "  of which the classification": classify,
            "predict through Flask's view": through_flask(app, predict),
            "the floor's POST /predict": wsgi_call(floor.app, "POST", "/predict", body),
            "predict, classification precomputed": with_answer(classifier, [review], predict),
            "predict, its log line written alone": with_lines_written_at_once(predict),
            "4 MB read, then the classification": lambda: (other_memory.sum(), classify()),
            "4 MB read": other_memory.sum,
            "a look at the label log (no lease)": lambda: shared.events.has_after(
                classifier.position
            ),
        }
        costs = in_turn(
            {name: (as_served, call) for name, call in variants.items()}, args.block, args.rounds
        )
        costs["classification after 4 MB read"] = costs.pop(
            "4 MB read, then the classification"
        ) - costs.pop("4 MB read")
        for name, cost in costs.items():
            print(f"{name:<36} {cost:6.3f} ms")
        print("what every request pays around the app:")
        costs = in_turn(frame_variants, args.block, args.rounds)
        as_served()
        for name, cost in costs.items():
            ratio = cost / costs["the floor's GET /ping"]
            print(f"  {name:<34} {cost:6.3f} ms  {ratio:4.2f}x the floor's /ping")
        print("database server CPU per operation:")
        database_costs(db, review, args.repeat)


if __name__ == "__main__":
    main()
