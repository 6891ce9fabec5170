"""Search and filters of the history, read both ways (windows and keyset), against a brute force
over every review; and the queries they make use an index."""

import itertools
import random
import threading
from datetime import timedelta

import pytest

import db.reviews
from db import ReviewRepository, ensure_schema
from db.history import WindowedHistory
from db.review_counts import STATS_ID
from db.search import ReviewFilter, normalised_words, terms_of
from tests.db.search_cases import brute_force, searches, walk


def test_every_search_lists_exactly_its_matches_newest_first(repository, stored):
    for search in searches(stored):
        listed, total = walk(repository, search)
        expected = brute_force(stored, search)
        assert [r["_id"] for r in listed] == [r["_id"] for r in expected], search
        assert total == len(expected), search


def test_pages_that_stop_reading_come_back_short_and_go_on_where_they_stopped(
    repository, stored, database, monkeypatch
):
    windows = isinstance(repository.history, WindowedHistory)
    repository = ReviewRepository(database, "windows" if windows else "keyset", page_reads=4)
    monkeypatch.setattr(db.reviews, "COUNT_READS", 4)
    short = 0
    for search in searches(stored):
        seen, cursor, pages = [], None, 0
        while pages == 0 or cursor is not None:
            page = repository.list(limit=5, cursor=cursor, search=search)
            seen += page["items"]
            cursor, pages = page["next_cursor"], pages + 1
            if page["searched_back_to"] is not None:
                short += 1
                assert len(page["items"]) < 5 and cursor is not None
                assert all(r["created_at"] >= page["searched_back_to"] for r in page["items"])
        assert [r["_id"] for r in seen] == [r["_id"] for r in brute_force(stored, search)], search
        if page["total_is_exact"]:
            assert page["total"] == len(seen)
    # keyset pages (MongoDB) are index range scans and never stop early
    assert short > 0 if windows else short == 0


def test_an_export_reads_every_match_in_batches(repository, stored):
    for search in searches(stored)[:6]:
        exported = list(repository.matching(search, batch=7))
        assert [r["_id"] for r in exported] == [r["_id"] for r in brute_force(stored, search)]


def test_a_label_or_a_new_prediction_moves_a_review_between_filters(repository, stored):
    review = next(r for r in stored if "feedback" not in r)
    flipped = "negative" if review["sentiment"] == "positive" else "positive"
    repository.record_feedback(review["_id"], flipped, event=1000, prediction=review)
    disagreeing, _ = walk(repository, ReviewFilter(disagrees=True))
    assert review["_id"] in [r["_id"] for r in disagreeing]
    agreed = {**review, "sentiment": flipped, "probability": 0.9}
    repository.record_prediction(review["_id"], agreed)
    disagreeing, _ = walk(repository, ReviewFilter(disagrees=True))
    assert review["_id"] not in [r["_id"] for r in disagreeing]
    sure, _ = walk(repository, ReviewFilter(unsure=False))
    assert review["_id"] in [r["_id"] for r in sure]


def test_words_are_normalised_the_same_in_texts_and_searches():
    assert normalised_words("Café <br />CLICHÉ, naïve: A") == ["cafe", "cliche", "naive"]
    assert terms_of("b a b  <i>b</i>") == []  # one-letter words and tags are not terms
    assert ReviewFilter.of("the THE dune").words == ("the", "dune")


@pytest.mark.parametrize("field, value", [("terms", "dune"), ("labelled", True),
                                          ("unsure", True), ("disagrees", True)])  # fmt: skip
def test_a_window_of_a_search_is_read_through_an_index(database, stored, field, value):
    newest = stored[-1]["created_at"]
    window = {field: value, "created_at": {"$lt": newest, "$gt": newest - timedelta(days=1)}}
    collection = database.review_terms if field == "terms" else database.reviews
    plan = collection.find(window).sort([("created_at", -1), ("_id", -1)]).explain()
    assert "IXSCAN" in str(plan["queryPlanner"]["winningPlan"])


def test_a_search_by_words_is_counted_up_to_the_cap_and_flags_exactly(repository, stored):
    db.reviews.COUNT_UP_TO, cap = 5, db.reviews.COUNT_UP_TO
    try:
        for search in (ReviewFilter.of("film"), ReviewFilter(since=stored[10]["created_at"])):
            assert len(brute_force(stored, search)) > 5
            page = repository.list(limit=3, search=search)
            assert (page["total"], page["total_is_exact"]) == (5, False)
        flagged = ReviewFilter(labelled=False, sentiment="positive")
        page = repository.list(limit=3, search=flagged)  # from the totals' cells, whatever the cap
        assert (page["total"], page["total_is_exact"]) == (len(brute_force(stored, flagged)), True)
    finally:
        db.reviews.COUNT_UP_TO = cap


def every_flag_filter():
    values = {"sentiment": (None, "positive", "negative"), "labelled": (None, True, False),
              "disagrees": (None, True, False), "unsure": (None, True, False)}  # fmt: skip
    for combination in itertools.product(*values.values()):
        yield ReviewFilter(**dict(zip(values, combination, strict=True)))


def assert_flag_counts_exact(repository, reviews):
    for search in every_flag_filter():
        page = repository.list(limit=1, search=search)
        assert (page["total"], page["total_is_exact"]) == (len(brute_force(reviews, search)), True)


def test_flag_counts_stay_exact_through_labels_predictions_and_deletes(repository, stored):
    assert_flag_counts_exact(repository, stored)
    rng = random.Random(7)

    def change(review):
        action = rng.choice(["label", "predict", "correct"])
        sentiment = rng.choice(["positive", "negative"])
        prediction = {"sentiment": sentiment, "probability": rng.choice([0.55, 0.95]),
                      "model_version": "n"}  # fmt: skip
        if action == "predict":
            repository.record_prediction(review["_id"], prediction)
        else:
            event = rng.randrange(100, 10_000)
            with_prediction = prediction if action == "correct" else None
            repository.record_feedback(review["_id"], sentiment, event, with_prediction)

    # the same reviews changed from several threads at once: each change is counted once
    chosen = rng.sample(stored, 20)
    threads = [
        threading.Thread(target=lambda: [change(review) for review in chosen]) for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for review in rng.sample(stored, 10):
        assert repository.delete(review["_id"])
    left = [repository.get(r["_id"]) for r in stored]
    assert_flag_counts_exact(repository, [r for r in left if r is not None])


def test_totals_from_before_flag_counts_get_them_once(repository, stored, database):
    database.counters.update_one({"_id": STATS_ID}, {"$unset": {"cells": ""}})
    assert_flag_counts_exact(repository, stored)  # counted by reading, under the cap
    ensure_schema(database)
    assert "cells" in repository.stats()
    assert_flag_counts_exact(repository, stored)


def test_a_deleted_review_leaves_no_terms_and_updates_touch_none(repository, stored, database):
    review = stored[0]
    terms_before = database.review_terms.find_one({"_id": stored_oid(review)})
    assert terms_before["terms"] == terms_of(review["text"])
    assert "terms" not in database.reviews.find_one({"_id": stored_oid(review)})
    assert repository.delete(review["_id"])
    assert database.review_terms.find_one({"_id": stored_oid(review)}) is None
    words = normalised_words(review["text"])
    listed, _ = walk(repository, ReviewFilter.of(" ".join(words[:2])))
    assert review["_id"] not in [r["_id"] for r in listed]


def stored_oid(review):
    from bson import ObjectId

    return ObjectId(review["_id"])


def test_reviews_stored_before_search_get_their_flags_and_terms_once(database):
    from bson import ObjectId

    from db.reviews import SEARCH_FIELDS_ID

    old = {
        "_id": ObjectId(), "text": "An old review of Dune.", "created_at": db.reviews.now(),
        "sentiment": "positive", "probability": 0.6, "model_version": "m",
        "feedback": {"label": "negative", "at": db.reviews.now()},
    }  # fmt: skip
    database.reviews.insert_one(old)  # as a deployment from before search has it
    at = old["created_at"]
    totals = {"_id": "reviews", "total": 1, "positive": 1, "oldest": at, "newest": at}
    database.counters.insert_one(totals)
    ensure_schema(database)
    assert database.counters.find_one({"_id": SEARCH_FIELDS_ID})
    stored = database.reviews.find_one({"_id": old["_id"]})
    assert (stored["labelled"], stored["unsure"], stored["disagrees"]) == (True, True, True)
    assert database.review_terms.find_one({"_id": old["_id"]})["terms"] == terms_of(old["text"])
    listed = ReviewRepository(database).list(search=ReviewFilter.of("dune"))["items"]
    assert [r["_id"] for r in listed] == [str(old["_id"])]
