"""What one request costs in-process, part by part. Prints a table; run on demand:

    .venv/bin/python -m tests.bench.request_costs [--repeat 2000]

Each time is the fastest of 5 runs of ``--repeat`` calls. The app from ``create_app``, called as
a WSGI app (no HTTP server, no test client, one thread) against a throwaway SecantusDB daemon:
``GET /health``, ``POST /api/predict`` with one review of median IMDb length, and the two parts
of predict that are ours: bringing the model up to date with the label log (on the lease a busy
process holds, ``online.lease``) and the classification, alone in a loop. Then predict with the
classification replaced by its answer (everything else a predict costs), predict with its log
line written by itself rather than in the log handler's batches, and the classification after 4
MB of other memory traffic, the size of this machine's L2 cache (to test the guess that a
request's own work leaves the caches colder than a loop of classifications does). Then what a
process without a lease would pay per request instead: a look at the log, one round trip to the
database. Then what the operations of a submit cost the database server itself (CPU seconds of
its process, from ``/proc``, per operation, one client).
"""

import argparse
import io
import json
import logging
import tempfile
import timeit
from datetime import UTC, datetime

import numpy as np
from bson import ObjectId
from werkzeug.test import EnvironBuilder

from classifier.data import read_labelled_csv
from db import connect, ensure_schema
from db.conventions import DURABLE
from db.embedded import EmbeddedDatabase
from server import create_app
from server.batched_lines import BatchingStreamHandler
from tests.bench.http import median_review
from tests.bench.processes import cpu_seconds
from tests.helpers import TEST_SETTINGS


def per_call_ms(function, repeat, rounds=5):
    """Milliseconds a call: the fastest of ``rounds`` runs of ``repeat`` calls (the machine is
    shared; the slower runs measure its neighbours)."""
    function()  # warm
    return min(timeit.repeat(function, number=repeat, repeat=rounds)) / repeat * 1000


def wsgi_call(app, method, path, body=b""):
    """A function that sends one request to ``app`` through its WSGI interface."""
    environ = EnvironBuilder(
        method=method, path=path, data=body, content_type="application/json"
    ).get_environ()

    def call():
        response = app.wsgi_app({**environ, "wsgi.input": io.BytesIO(body)}, _start_response)
        b"".join(response)
        response.close()

    return call


def _start_response(status, headers, exc_info=None):
    pass


def timed(function):
    """``function``'s cost: milliseconds a call, given the number of calls to time."""
    return lambda repeat: per_call_ms(function, repeat)


def after_memory_traffic(function, megabytes=4):
    """The cost of ``function`` called after reading ``megabytes`` of other memory, less the
    cost of the read."""
    other = np.ones(megabytes * 2**20 // 8)
    both = lambda: (other.sum(), function())  # noqa: E731
    return lambda repeat: per_call_ms(both, repeat) - per_call_ms(other.sum, repeat)


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
        costs = {
            "GET /health": timed(wsgi_call(app, "GET", "/health")),
            "POST /api/predict, 1 review": timed(predict),
            "  of which the log, on a lease": timed(shared.sync),
            "  of which the classification": timed(lambda: classifier.classify(review)),
            "predict, classification precomputed": timed(
                with_answer(classifier, [review], predict)
            ),
            "predict, its log line written alone": timed(with_lines_written_at_once(predict)),
            "classification after 4 MB read": after_memory_traffic(
                lambda: classifier.classify(review)
            ),
            "a look at the label log (no lease)": timed(
                lambda: shared.events.has_after(classifier.position)
            ),
        }
        for name, cost in costs.items():
            print(f"{name:<36} {cost(args.repeat):6.3f} ms")
        print("database server CPU per operation:")
        database_costs(db, review, args.repeat)


if __name__ == "__main__":
    main()
