"""Search and filters of the history, read both ways (windows and keyset), against a brute force
over every review; and the queries they make use an index."""

import itertools
import random
import threading
from datetime import timedelta

import pytest

import db.history
import db.reviews
from db import ReviewRepository, ensure_schema
from db.history import WindowedHistory, newest_first
from db.review_counts import STATS_ID
from db.search import ReviewFilter, normalised_words, terms_of

WORDS = ["Dune", "désert", "spice", "worm", "Paul", "sand", "slow", "score", "Arrakis", "film"]


@pytest.fixture(params=["windows", "keyset"])
def repository(database, request):
    ensure_schema(database)
    return ReviewRepository(database, history_reads=request.param)


@pytest.fixture
def stored(repository, monkeypatch):
    """80 reviews over two weeks (some in bursts), some labelled, some unsure."""
    rng = random.Random(5)
    start = db.reviews.now() - timedelta(days=14)
    reviews = []
    for i in range(80):
        at = start + timedelta(minutes=rng.choice([0, 1, 30, 600]) * i)
        monkeypatch.setattr(db.reviews, "now", lambda at=at: at)
        text = " ".join(rng.sample(WORDS, 3)) + f" review {i}"
        sentiment = rng.choice(["positive", "negative"])
        prediction = {
            "sentiment": sentiment,
            "probability": rng.choice([0.55, 0.6, 0.9, 0.99]),
            "model_version": "m",
        }
        review = repository.create(text, prediction)
        if i % 3 == 0:
            label = rng.choice(["positive", "negative"])
            repository.record_feedback(review["_id"], label, event=i + 1, prediction=prediction)
        reviews.append(repository.get(review["_id"]))
    monkeypatch.undo()
    return reviews


def walk(repository, search, limit=7):
    """Every review listed for ``search``, page by page by cursor."""
    seen, cursor = [], None
    while True:
        page = repository.list(limit=limit, cursor=cursor, search=search)
        seen += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            return seen, page["total"]


def brute_force(reviews, search):
    def passes(review):
        terms = terms_of(review["text"])
        label = (review.get("feedback") or {}).get("label")
        return (
            all(word in terms for word in search.words)
            and search.sentiment in (None, review["sentiment"])
            and search.labelled in (None, label is not None)
            and search.disagrees in (None, label is not None and label != review["sentiment"])
            and search.unsure in (None, review["probability"] < 2 / 3)
            and (search.since is None or review["created_at"] >= search.since)
            and (search.until is None or review["created_at"] < search.until)
        )

    matching = [r for r in reviews if passes(r)]
    return sorted(matching, key=lambda r: (r["created_at"], r["_id"]), reverse=True)


def searches(reviews):
    middle = reviews[40]["created_at"]
    return [
        ReviewFilter.of("dune"),
        ReviewFilter.of("DUNE désert"),
        ReviewFilter.of("desert"),  # accents do not matter
        ReviewFilter.of("nothing-like-this"),
        ReviewFilter(labelled=True),
        ReviewFilter(labelled=False),
        ReviewFilter(disagrees=True),
        ReviewFilter(unsure=True),
        ReviewFilter(unsure=False, sentiment="positive"),
        ReviewFilter.of("spice", labelled=True),
        ReviewFilter.of("worm", unsure=True, sentiment="negative"),
        ReviewFilter(since=middle),
        ReviewFilter(until=middle),
        ReviewFilter.of("sand", since=middle - timedelta(days=3), until=middle + timedelta(days=1)),
    ]


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


def test_a_search_count_and_first_page_are_kept_until_any_process_changes_the_reviews(
    repository, stored, database, monkeypatch
):
    other = ReviewRepository(database)  # another process, writing to the same database
    film = ReviewFilter.of("film")
    labelled_film = ReviewFilter.of("film", labelled=True)
    counted, read = [], []
    count, first = repository.history.count, repository.history.first
    monkeypatch.setattr(repository.history, "count", lambda *a: counted.append(a) or count(*a))
    monkeypatch.setattr(repository.history, "first", lambda *a: read.append(a) or first(*a))

    def totals():
        """Check each search's total and first page (its reviews as stored now); return how
        many counts were read so far."""
        reviews = [repository.get(r["_id"]) for r in stored] + added
        reviews = [r for r in reviews if r is not None]
        for search in (film, labelled_film):
            expected = brute_force(reviews, search)
            page = repository.list(limit=3, search=search)
            assert page["total"] == len(expected)
            assert page["items"] == [repository.get(r["_id"]) for r in expected[:3]]
        return len(counted)

    added = []
    assert totals() == 2
    pages_read = len(read)
    assert totals() == 2 and len(read) == pages_read  # nothing changed: counts and pages kept
    newest = repository.list(limit=3, search=film)["items"][0]
    same_cell = {"sentiment": newest["sentiment"], "probability": newest["probability"] + 0.001,
                 "model_version": "newer"}  # fmt: skip
    other.record_prediction(newest["_id"], same_cell)
    assert totals() == 2  # no review moved between cells: kept, and the page shows the change
    added.append(other.create("film noir", {"sentiment": "negative", "probability": 0.9,
                                            "model_version": "m"}))  # fmt: skip
    assert totals() == 4
    unlabelled = next(r for r in stored if "film" in r["text"] and not r.get("feedback"))
    other.record_feedback(unlabelled["_id"], "positive", event=1000)
    assert totals() == 6
    assert other.delete(unlabelled["_id"])
    assert totals() == 8
    ids = other.create_many([("a film in a file", added[0] | {"sentiment": "positive"}, None)],
                            words_later_for="job")  # fmt: skip
    added.append(other.get(ids[0]) | {"text": "not searchable yet"})
    assert totals() == 10
    other.index_words("job")  # its words are searchable now: counted again
    added[-1] = other.get(ids[0])
    assert totals() == 12


class CountingFinds:
    """A collection that counts the ``find`` calls made through it."""

    def __init__(self, collection):
        self.collection, self.finds = collection, 0

    def find(self, *args, **kwargs):
        self.finds += 1
        return self.collection.find(*args, **kwargs)


@pytest.fixture
def finds_per_read(monkeypatch):
    """The ``find`` calls of each window-by-window read (``newest_first``), as they are made."""
    finds = []

    def counted(collection, *args, **kwargs):
        counting = CountingFinds(collection)
        found = newest_first(counting, *args, **kwargs)
        finds.append(counting.finds)
        return found

    monkeypatch.setattr(db.history, "newest_first", counted)
    return finds


def test_a_first_page_right_after_its_count_is_what_the_count_found(
    database, stored, finds_per_read
):
    repository = ReviewRepository(database, history_reads="windows")
    reads = finds_per_read
    for search in (ReviewFilter.of("film"), ReviewFilter.of("film", labelled=True)):
        reads.clear()
        page = repository.list(limit=3, search=search)
        assert page["items"] == [repository.get(r["_id"]) for r in brute_force(stored, search)[:3]]
        assert len(reads) == 1 and reads[0] > 3  # the count's read alone; the page by _id
        assert page["next_cursor"] is not None
        cursor_page = repository.list(limit=3, cursor=page["next_cursor"], search=search)
        assert [r["_id"] for r in cursor_page["items"]] == [
            r["_id"] for r in brute_force(stored, search)[3:6]
        ]
    reads.clear()
    assert repository.list(limit=3, search=ReviewFilter.of("nothing-like-this"))["total"] == 0
    assert len(reads) == 1  # counted none: no page to read


class RecordedReads:
    """A collection whose finds note the ``_id`` of every document they return."""

    def __init__(self, collection, seen):
        self.collection, self.seen = collection, seen

    def find(self, *args, **kwargs):
        return RecordedCursor(self.collection.find(*args, **kwargs), self.seen)


class RecordedCursor:
    def __init__(self, cursor, seen):
        self.cursor, self.seen = cursor, seen

    def sort(self, *args):
        return RecordedCursor(self.cursor.sort(*args), self.seen)

    def limit(self, count):
        return RecordedCursor(self.cursor.limit(count), self.seen)

    def __iter__(self):
        for document in self.cursor:
            self.seen.append(document["_id"])
            yield document


def test_a_first_page_goes_on_from_where_its_count_stopped(database, stored, monkeypatch):
    repository = ReviewRepository(database, history_reads="windows")
    monkeypatch.setattr(db.reviews, "COUNT_READS", 6)
    seen = []
    read = db.history.newest_first
    monkeypatch.setattr(
        db.history,
        "newest_first",
        lambda source, *a, **k: read(RecordedReads(source, seen), *a, **k),
    )
    search = ReviewFilter.of("film", labelled=True)
    page = repository.list(limit=3, search=search)
    assert not page["total_is_exact"] and page["total"] < 3  # the count stopped short of a page
    assert page["items"] == [repository.get(r["_id"]) for r in brute_force(stored, search)[:3]]
    assert len(seen) > 6 and len(seen) == len(set(seen))  # read on, and nothing read twice


def test_a_search_never_asked_starts_from_the_window_of_the_newest_page(
    database, stored, finds_per_read, monkeypatch
):
    finds = finds_per_read

    def finds_of_a_new_search(newest_page_first, stored_between=0):
        repository = ReviewRepository(database, history_reads="windows")
        if newest_page_first:
            repository.list(limit=5)
        for i in range(stored_between):
            prediction = {"sentiment": "positive", "probability": 0.9, "model_version": "m"}
            repository.create(f"a review stored meanwhile {i}", prediction)
        search = ReviewFilter.of("spice")
        expected = brute_force(ReviewRepository(database).matching(ReviewFilter()), search)[:5]
        finds.clear()
        page = repository.list(limit=5, search=search)
        assert [r["_id"] for r in page["items"]] == [r["_id"] for r in expected]
        return sum(finds)

    from_a_millisecond = finds_of_a_new_search(newest_page_first=False)
    assert finds_of_a_new_search(newest_page_first=True) < from_a_millisecond
    # more reviews stored since than the newest page's window can be trusted with: a millisecond
    monkeypatch.setattr(db.history, "NEW_SINCE", 1)
    after_a_burst = finds_of_a_new_search(newest_page_first=True, stored_between=2)
    assert after_a_burst == finds_of_a_new_search(newest_page_first=False)


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
