"""The app under load, each figure beside a reference measured in the same run. Run on demand:

    .venv/bin/python -m tests.bench.http [--seconds 10] [--connections 8] [--history 100000]
                                         [--batch-rounds 5] [--only-history] [--storage DIR]

A throwaway SecantusDB daemon and the app under gunicorn with the production settings
(``server/gunicorn_conf.py``); load comes from wrk in another process over loopback.
1. classify: ``POST /api/predict`` (one review of median IMDb length) and
   ``GET /classify_review``, against ``GET /health`` (a trivial JSON endpoint of the same app).
2. submit: ``POST /api/reviews`` against pymongo ``insert_one`` of the same document, journaled
   as the app writes it, from one client.
3. batch: ``POST /api/predict`` with 10,000 reviews against ``classify_many`` in-process, in
   turn, ``--batch-rounds`` times each; the share is taken between the fastest of each.
4. history with ``--history`` stored reviews: first page, a deep page by cursor, the
   sentiment filter, searches and each filter, each checked with ``explain()`` to use an index
   (through the condition a window is read by); each at the load above
   and at 2 connections; then searches never asked before (a search's count is kept until the
   reviews change).
5. the model view (``GET /api/model/dashboard``) with those reviews and ``--labels`` label
   events in the log.

``--storage DIR`` keeps the database in ``DIR`` instead of a throwaway one, and a later run on it
measures the history it stored instead of storing it again (100,000 reviews with their words take
SecantusDB a quarter of an hour or more to store); ``--only-history`` runs part 4 alone.
"""

import argparse
import json
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

import requests
from bson import ObjectId

from classifier import MovieClassifier
from classifier.data import read_labelled_csv
from db import ReviewRepository, connect, ensure_schema
from db.conventions import DURABLE
from db.cursors import encode_cursor
from db.embedded import EmbeddedDatabase
from db.review_counts import STATS_ID, count_existing
from db.search import flags, terms_of
from server.settings import Settings
from tests.bench import wrk
from tests.servers import GunicornServer


def median_review(texts):
    by_length = sorted(texts, key=len)
    return by_length[len(by_length) // 2]


def insert_rate(collection, document, seconds):
    """Sequential journaled ``insert_one`` calls per second from one client."""
    done, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        collection.insert_one({**document, "_id": ObjectId()})
        done += 1
    return {"rps": done / (time.perf_counter() - started)}


def fill_history(database, texts, n):
    """Store ``n`` reviews (cycling through ``texts``) with spread-out times, in bulk."""
    start = datetime.now(UTC) - timedelta(days=365)
    batch, terms = [], []
    for i in range(n):
        at = start + timedelta(seconds=i * 300)
        text, sentiment = texts[i % len(texts)], ["negative", "positive"][i % 2]
        probability = 0.6 if i % 7 == 0 else 0.9  # one in 7 unsure
        # one in 10 labelled by a person, one in 3 of those against the model
        label = None if i % 10 else (sentiment if i % 30 else ["positive", "negative"][i % 2])
        document = {
            "_id": ObjectId(), "text": text, "created_at": at, "sentiment": sentiment,
            "probability": probability, "model_version": "bench", "classified_at": at,
            **flags(sentiment, probability, label),
        }  # fmt: skip
        if label:
            document["feedback"] = {"label": label, "at": at}
        batch.append(document)
        terms.append({"_id": document["_id"], "created_at": at, "terms": terms_of(text)})
        if len(batch) == 500:  # SecantusDB slows down on bigger batches of many index entries
            database.reviews.insert_many(batch)
            database.review_terms.insert_many(terms)
            batch, terms = [], []
    if batch:
        database.reviews.insert_many(batch)
        database.review_terms.insert_many(terms)


def store_history(database, texts, n):
    """Store ``n`` reviews behind the app's back and count them, as a deployment with old data
    would: the totals document is made again (``ensure_schema`` made one, empty, before)."""
    database.counters.delete_one({"_id": STATS_ID})
    fill_history(database, texts, n)
    count_existing(database)


def uses_index(database, query):
    newest = [("created_at", -1), ("_id", -1)]
    collection = database.review_terms if "terms" in query else database.reviews
    plan = collection.find(query).sort(newest).limit(20).explain()
    return "IXSCAN" in str(plan["queryPlanner"]["winningPlan"])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--history", type=int, default=100_000)
    parser.add_argument("--batch-rounds", type=int, default=5)
    parser.add_argument("--data", default="../shared/data/imdb_train.csv.gz")
    parser.add_argument("--only-history", action="store_true")
    parser.add_argument("--storage", help="keep the database here, and reuse its history")
    parser.add_argument("--labels", type=int, default=10_000)
    args = parser.parse_args()
    texts = read_labelled_csv(args.data).texts
    review = median_review(texts)
    load = {"connections": args.connections, "seconds": args.seconds}

    with (
        tempfile.TemporaryDirectory() as directory,
        EmbeddedDatabase(args.storage or directory + "/db") as db,
    ):
        uri = db.uri.replace("/?", "/http_bench?")
        with GunicornServer(uri, f"{directory}/gunicorn.log") as app, connect(uri) as client:
            database = client.get_default_database()
            ensure_schema(database)
            url = app.url
            print(f"one review of median length: {len(review)} characters; load from wrk, "
                  f"{args.connections} connections, {args.seconds} s per row")  # fmt: skip

            if not args.only_history:
                # each worker's first request (it takes the lease on the log) is left out
                every_worker_once(
                    lambda session: session.post(f"{url}/api/predict", json={"texts": [review]})
                )
                sections_1_to_3(args, url, database, review, texts, load)
            history(args, url, database, texts, session=requests.Session(), load=load)
            model_view(args, url, database, texts, load)


def sections_1_to_3(args, url, database, review, texts, load):
    print("\n1. classify")
    health = wrk.run(f"{url}/health", **load)
    print(wrk.line("reference: GET /health", health))
    predict_body = json.dumps({"texts": [review]})
    predict = wrk.run(f"{url}/api/predict", "POST", predict_body, **load)
    print(wrk.line("POST /api/predict (1 review)", predict, health))
    stored = ReviewRepository(database).create(
        review, {"sentiment": "positive", "probability": 0.5, "model_version": "x"}
    )
    classify = wrk.run(f"{url}/classify_review?_id={stored['_id']}", **load)
    print(wrk.line("GET /classify_review (current)", classify, health))
    # Reviews whose stored prediction is an older model's: each is classified and written.
    stale = {"sentiment": "positive", "probability": 0.5, "model_version": "older"}
    ids = [ReviewRepository(database).create(review, stale)["_id"] for _ in range(20_000)]
    paths = [f"/classify_review?_id={review_id}" for review_id in ids]
    classify_stale = wrk.run(url, paths=paths, **load)
    print(wrk.line("GET /classify_review (stale)", classify_stale, health))
    if classify_stale["requests"] > len(ids):
        print("  (some ids were requested twice: store more stale reviews)")

    print("\n2. submit")
    document = {k: v for k, v in stored.items() if k != "_id"}
    reference = insert_rate(database.get_collection("raw_inserts", write_concern=DURABLE),
                            document, args.seconds)  # fmt: skip
    print(f"{'reference: pymongo insert_one, 1 client':<34} {reference['rps']:8.0f}/s")
    submit = wrk.run(f"{url}/api/reviews", "POST", json.dumps({"text": review}), **load)
    print(wrk.line("POST /api/reviews", submit, reference))

    print("\n3. batch of 10,000 reviews")
    batch = texts[:10_000]
    classifier = MovieClassifier()
    session = requests.Session()
    # In turn, so that the machine's noise (a tenth of a second and more here) falls on
    # both; the fastest of each is the cost with the least noise in it.
    in_process, over_http = [], []
    for _ in range(args.batch_rounds):
        in_process.append(_timed(classifier.classify_many, batch))
        over_http.append(_timed(lambda: session.post(
            f"{url}/api/predict", json={"texts": batch}, timeout=120
        ).raise_for_status()))  # fmt: skip
    for name, times in (("in-process classify_many", in_process),
                        ("POST /api/predict", over_http)):  # fmt: skip
        print(f"{name:<34} fastest {min(times):.2f} s, median "
              f"{statistics.median(times):.2f} s of {len(times)}")  # fmt: skip
    print(f"HTTP + JSON share of the total, fastest against fastest: "
          f"{(min(over_http) - min(in_process)) / min(over_http):.0%}")  # fmt: skip


def history(args, url, database, texts, session, load):
    print(f"\n4. history with {args.history:,} stored reviews")
    stored = database.reviews.estimated_document_count()
    if args.storage and stored >= args.history:
        print(f"   (the {stored:,} reviews an earlier run stored in {args.storage})")
    else:
        took = _timed(store_history, database, texts, args.history)
        print(f"   (stored by the benchmark's fill, with their words, in {took:.0f} s)")
    newest = list(database.reviews.find().sort([("created_at", -1), ("_id", -1)])
                  .skip(args.history - 100).limit(1))[0]  # fmt: skip
    # As a client gets there: the next_cursor of the page before (it carries a hint).
    before = session.get(f"{url}/api/reviews?limit=20&cursor={encode_cursor(newest)}")
    cursor = before.json()["next_cursor"]
    last = database.counters.find_one({"_id": STATS_ID})["newest"]  # the newest review's time
    week = "since=" + quote((last - timedelta(days=7)).isoformat())
    for name, path, query in [
        ("first page", "/api/reviews?limit=20", {}),
        ("deep page (cursor)", f"/api/reviews?limit=20&cursor={cursor}", {}),
        ("positive only", "/api/reviews?limit=20&sentiment=positive",
         {"sentiment": "positive"}),
        ("search: dune", "/api/reviews?limit=20&q=dune", {"terms": "dune"}),
        ("search: acting", "/api/reviews?limit=20&q=acting", {"terms": "acting"}),
        ("search: great acting", "/api/reviews?limit=20&q=great%20acting",
         {"terms": "acting"}),
        ("labelled", "/api/reviews?limit=20&labelled=true", {"labelled": True}),
        ("not labelled", "/api/reviews?limit=20&labelled=false", {"labelled": False}),
        ("model disagrees", "/api/reviews?limit=20&disagrees=true", {"disagrees": True}),
        ("unsure", "/api/reviews?limit=20&unsure=true", {"unsure": True}),
        ("a week back", f"/api/reviews?limit=20&{week}", {}),
        ("search + positive + labelled",
         "/api/reviews?limit=20&q=acting&sentiment=positive&labelled=true",
         {"terms": "acting"}),
    ]:  # fmt: skip
        result = wrk.run(f"{url}{path}", **load)
        print(wrk.line(f"GET {name}", result) + f"  index: {uses_index(database, query)}")
        # and as one person paging while another does, the server not saturated
        result = wrk.run(f"{url}{path}", connections=2, seconds=args.seconds)
        print(wrk.line("  the same, 2 connections", result))
    # A count of a search is kept until the reviews change: searches never asked before (each
    # request ends a millisecond later, after the newest review: the same matches) pay for it.
    for words in ("acting", "great%20acting"):
        paths = [
            f"/api/reviews?limit=20&q={words}&until="
            + quote((last + timedelta(milliseconds=k + 1)).isoformat())
            for k in range(20_000)
        ]
        for connections in (args.connections, 2):
            result = wrk.run(url, connections=connections, seconds=args.seconds, paths=paths)
            name = f"GET search: {words.replace('%20', ' ')}, new each time"
            print(wrk.line(name if connections != 2 else "  the same, 2 connections", result))


def store_labels(database, texts, n):
    """A label log of ``n`` events on stored reviews, written behind the app's back (as a
    deployment with a long history has it); the app's processes replay it when next asked."""
    have = database.label_events.estimated_document_count()
    if have >= n:
        return
    ids = [r["_id"] for r in database.reviews.find({}, {"_id": 1}).limit(n)]
    at = datetime.now(UTC)
    for first in range(have + 1, n + 1, 1000):
        events = []
        for i in range(first, min(first + 1000, n + 1)):
            label = ["negative", "positive"][i % 2]
            predicted = label if i % 5 else ["positive", "negative"][i % 2]  # 80% agree
            events.append({
                "_id": i, "at": at, "kind": "label", "review_id": ids[i % len(ids)],
                "text": texts[i % len(texts)], "label": label, "correction": False,
                "predicted": predicted, "dedupe": f"bench-{i}",
            })  # fmt: skip
        database.label_events.insert_many(events)
    database.counters.update_one({"_id": "label_events"}, {"$max": {"seq": n}})


def model_view(args, url, database, texts, load):
    print(f"\n5. the model view with {args.history:,} reviews and {args.labels:,} labels")
    store_labels(database, texts, args.labels)
    path = f"{url}/api/model/dashboard"
    # A process's first request replays the log into its model and reads the log once: timed
    # apart, in every worker.
    first = every_worker_once(lambda session: session.get(path, timeout=600))
    print("   each worker's first request: "
          + ", ".join(f"{s:.1f} s" for s in first.values()))  # fmt: skip
    print(wrk.line("GET /api/model/dashboard", wrk.run(path, **load)))
    result = wrk.run(path, connections=2, seconds=args.seconds)
    print(wrk.line("  the same, 2 connections", result))


def every_worker_once(send):
    """``{worker pid: seconds}`` of the first answer of each worker to ``send(session)``, on
    new connections until every worker has answered."""
    first, started = {}, time.perf_counter()
    workers = Settings().web_concurrency
    while len(first) < workers and time.perf_counter() - started < 600:
        with requests.Session() as session:
            begun = time.perf_counter()
            answer = send(session)
            first.setdefault(answer.headers["X-Served-By"], time.perf_counter() - begun)
    return first


def _timed(function, *args):
    started = time.perf_counter()
    function(*args)
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
