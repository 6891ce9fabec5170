"""The reviews repository against a real SecantusDB daemon."""

import pytest
from pymongo.errors import WriteError

from db import InvalidCursor, InvalidReviewId, ReviewRepository, ensure_schema
from db.review_counts import KeptWhileUnchanged
from db.search import ReviewFilter

PREDICTION = {"sentiment": "positive", "probability": 0.9, "model_version": "m1"}


@pytest.fixture
def windowed(database):
    """The repository reading history window by window, as it does on SecantusDB."""
    ensure_schema(database)
    return ReviewRepository(database, history_reads="windows")


def create_many(repository, n, sentiment=lambda i: "positive"):
    return [
        repository.create(f"review {i}", {**PREDICTION, "sentiment": sentiment(i)})
        for i in range(n)
    ]


def test_create_then_get_returns_the_same_review(repository):
    created = repository.create("Loved it", PREDICTION)
    assert len(created["_id"]) == 24
    assert created["text"] == "Loved it"
    assert created["sentiment"] == "positive" and created["probability"] == 0.9
    assert created["created_at"].tzinfo is not None
    assert repository.get(created["_id"]) == created


def test_get_unknown_id_is_none_and_malformed_id_raises(repository):
    assert repository.get("0123456789abcdef01234567") is None
    for bad in ["", "xyz", "0123456789abcdef0123456g", "0" * 25, {"$ne": None}, 12]:
        with pytest.raises(InvalidReviewId):
            repository.get(bad)


def test_list_is_newest_first_with_total(repository):
    created = create_many(repository, 5)
    page = repository.list(limit=3)
    assert [r["_id"] for r in page["items"]] == [r["_id"] for r in reversed(created)][:3]
    assert page["total"] == 5
    assert page["next_cursor"]


def test_cursor_pages_walk_everything_once_in_order(repository):
    created = create_many(repository, 7)
    seen, cursor = [], None
    while True:
        page = repository.list(limit=3, cursor=cursor)
        seen += [r["_id"] for r in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [r["_id"] for r in reversed(created)]


def test_page_numbers_skip(repository):
    created = create_many(repository, 5)
    page = repository.list(limit=2, page=3)
    assert [r["_id"] for r in page["items"]] == [created[0]["_id"]]
    assert page["next_cursor"] is None


def test_filter_by_sentiment_counts_and_lists_only_matches(repository):
    create_many(repository, 6, sentiment=lambda i: "positive" if i % 3 == 0 else "negative")
    page = repository.list(limit=10, sentiment="positive")
    assert page["total"] == 2
    assert {r["sentiment"] for r in page["items"]} == {"positive"}


def test_a_forged_cursor_is_refused(repository):
    for bad in ["nonsense", "MTIzOnh5eg", "!!!"]:
        with pytest.raises(InvalidCursor):
            repository.list(cursor=bad)


def test_record_prediction_and_feedback(repository):
    review = repository.create("Meh", PREDICTION)
    new = {"sentiment": "negative", "probability": 0.7, "model_version": "m2"}
    assert repository.record_prediction(review["_id"], new)
    updated = repository.get(review["_id"])
    assert (updated["sentiment"], updated["model_version"]) == ("negative", "m2")
    assert repository.record_feedback(review["_id"], "negative")
    assert repository.get(review["_id"])["feedback"]["label"] == "negative"
    assert not repository.record_feedback("0123456789abcdef01234567", "negative")
    assert not repository.record_prediction("0123456789abcdef01234567", new)


def test_a_label_is_kept_only_over_an_older_one(repository):
    review = repository.create("Meh", PREDICTION)
    after = {"sentiment": "negative", "probability": 0.8, "model_version": "m1+7"}
    assert repository.record_feedback(review["_id"], "negative", event=7, prediction=after)
    assert not repository.record_feedback(review["_id"], "positive", event=5)
    stored = repository.get(review["_id"])
    assert stored["feedback"]["label"] == "negative" and stored["feedback"]["event"] == 7
    assert stored["model_version"] == "m1+7"
    assert repository.record_feedback(review["_id"], "positive", event=9)
    assert repository.get(review["_id"])["feedback"]["label"] == "positive"


def test_the_validator_refuses_documents_the_repository_would_never_write(database):
    ensure_schema(database)
    with pytest.raises(WriteError) as caught:
        database.reviews.insert_one({"text": "", "created_at": None})
    assert caught.value.code == 121
    assert database.reviews.count_documents({}) == 0


def test_ensure_schema_is_idempotent(database):
    ensure_schema(database)
    ensure_schema(database)
    names = {index["name"] for index in database.reviews.list_indexes()}
    assert {"newest_first", "by_sentiment_newest_first"} <= names


@pytest.mark.parametrize("sentiment", [None, "negative"])
def test_history_queries_use_an_index(repository, database, sentiment):
    create_many(repository, 3)
    query = {} if sentiment is None else {"sentiment": sentiment}
    plan = database.reviews.find(query).sort([("created_at", -1), ("_id", -1)]).limit(10).explain()
    assert "IXSCAN" in str(plan["queryPlanner"]["winningPlan"])


def test_pages_span_long_quiet_stretches(repository, monkeypatch):
    from datetime import timedelta

    import db.reviews

    now = db.reviews.now()
    ages = [timedelta(days=400), timedelta(days=3), timedelta(hours=5), timedelta(minutes=30),
            timedelta(0)]  # fmt: skip
    created = []
    for age in ages:
        monkeypatch.setattr(db.reviews, "now", lambda age=age: now - age)
        created.append(repository.create(f"written {age} ago", PREDICTION)["_id"])
    monkeypatch.setattr(db.reviews, "now", lambda: now)
    seen, cursor = [], None
    while True:
        page = repository.list(limit=2, cursor=cursor)
        seen += [r["_id"] for r in page["items"]]
        if not (cursor := page["next_cursor"]):
            break
    assert seen == created[::-1]
    assert [r["_id"] for r in repository.list(limit=2, page=3)["items"]] == created[:1]


def test_totals_follow_creates_and_changed_sentiments(repository):
    reviews = create_many(repository, 3)
    assert repository.list()["total"] == 3
    flip = {"sentiment": "negative", "probability": 0.8, "model_version": "m2"}
    repository.record_prediction(reviews[0]["_id"], flip)
    repository.record_prediction(reviews[0]["_id"], flip)  # no change the second time
    repository.record_feedback(reviews[1]["_id"], "negative", event=1, prediction=flip)
    assert repository.list(sentiment="negative")["total"] == 2
    assert repository.list(sentiment="positive")["total"] == 1
    stats = repository.stats()
    assert (stats["total"], stats["positive"], stats["negative"]) == (3, 1, 2)


@pytest.mark.parametrize("sentiment", [None, "positive", "negative"])
def test_pages_miss_nothing_at_window_boundaries(repository, monkeypatch, sentiment):
    # Reviews crowded into a few milliseconds, several in the same one, some seconds apart: every
    # window boundary falls on somebody's timestamp.
    import random
    from datetime import timedelta

    import db.reviews

    now, rng = db.reviews.now(), random.Random(3)
    offsets = sorted(rng.choice([0, 1, 2, 3, 5, 8, 13, 1000, 1001, 9000]) for _ in range(60))
    for i, offset in enumerate(offsets):
        at = now + timedelta(milliseconds=offset)
        monkeypatch.setattr(db.reviews, "now", lambda at=at: at)
        prediction = {**PREDICTION, "sentiment": ["positive", "negative"][i % 3 == 0]}
        repository.create(f"review {i}", prediction)
    expected = [
        r["_id"]
        for r in sorted(
            repository._reviews.find({} if sentiment is None else {"sentiment": sentiment}),
            key=lambda r: (r["created_at"], r["_id"]),
            reverse=True,
        )
    ]
    seen, cursor = [], None
    while True:
        page = repository.list(limit=7, cursor=cursor, sentiment=sentiment)
        seen += [r["_id"] for r in page["items"]]
        if not (cursor := page["next_cursor"]):
            break
    assert seen == [str(i) for i in expected]


def test_a_cursor_carries_a_window_hint_that_is_checked_and_capped(repository):
    import base64

    from db.cursors import decode_cursor as _decode_cursor
    from db.history import MAX_HINT

    def encode(raw):
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    review_id = "0123456789abcdef01234567"
    (_, window) = _decode_cursor(encode(f"1700000000000:{review_id}:{10**15}"))
    assert window == MAX_HINT
    (_, window) = _decode_cursor(encode(f"1700000000000:{review_id}"))  # no hint: from 1 ms
    assert window.total_seconds() == 0.001
    for forged in (f"1700000000000:{review_id}:soon", f"1700000000000:{review_id}:1:2"):
        with pytest.raises(InvalidCursor):
            repository.list(cursor=encode(forged))


class CountingFinds:
    """The reviews collection, counting the ``find`` queries made on it and keeping their
    filters."""

    def __init__(self, collection):
        self.collection, self.finds, self.filters = collection, 0, []

    def find(self, filter, *args, **kwargs):
        self.finds += 1
        self.filters.append(filter)
        return self.collection.find(filter, *args, **kwargs)

    def matched(self):
        """How many documents the queries so far matched before their limits: what SecantusDB
        reads for them."""
        return sum(self.collection.count_documents(f) for f in self.filters)

    def __getattr__(self, name):
        return getattr(self.collection, name)


def test_a_first_page_starts_from_the_window_the_last_one_needed(windowed, monkeypatch):
    from datetime import timedelta

    import db.reviews

    now = db.reviews.now()
    for i in range(60):  # ten minutes apart: the first page needs windows far wider than 1 ms
        at = now - timedelta(minutes=10 * (60 - i))
        monkeypatch.setattr(db.reviews, "now", lambda at=at: at)
        windowed.create(f"review {i}", PREDICTION)
    reviews = windowed.history._collection = CountingFinds(windowed.history._collection)

    first = windowed.list(limit=5)
    from_a_millisecond, reviews.finds = reviews.finds, 0
    windowed._first_pages = KeptWhileUnchanged()  # read the page again, not the one kept
    assert windowed.list(limit=5) == first
    assert from_a_millisecond > 3 and reviews.finds == 1
    window = windowed.history._first_page_windows.get(ReviewFilter())
    for _ in range(5):  # a window that was enough is kept, not widened
        windowed.list(limit=5)
    assert windowed.history._first_page_windows.get(ReviewFilter()) == window

    # A burst in one millisecond, then the same first page: right, and the window narrows again.
    monkeypatch.setattr(db.reviews, "now", lambda: now)
    burst = [windowed.create(f"burst {i}", PREDICTION)["_id"] for i in range(30)]
    page = windowed.list(limit=5)
    assert {r["_id"] for r in page["items"]} <= set(burst)
    assert windowed.history._first_page_windows.get(ReviewFilter()) < window


def test_a_first_page_across_a_quiet_stretch_reads_about_a_page(windowed, monkeypatch):
    from datetime import timedelta

    import db.reviews

    now = db.reviews.now()

    def create_at(at, text):
        monkeypatch.setattr(db.reviews, "now", lambda: at)
        return windowed.create(text, PREDICTION)["_id"]

    for i in range(300):  # a busy stretch, five minutes apart, ending a month ago
        create_at(now - timedelta(days=30, minutes=5 * i), f"old {i}")
    newest = [create_at(now, "after a month of quiet")]
    first = windowed.list(limit=5)  # crosses the month once, reading what it must
    reviews = windowed.history._collection = CountingFinds(windowed.history._collection)
    windowed._first_pages = KeptWhileUnchanged()  # read the page again, not the one kept
    assert windowed.list(limit=5) == first
    assert reviews.finds == 1 and reviews.matched() <= 2 * 6

    # A few reviews arrive: still one window, and they lead the page.
    newest += [create_at(now + timedelta(seconds=i + 1), f"new {i}") for i in range(3)]
    reviews.finds, reviews.filters = 0, []
    page = windowed.list(limit=5)
    assert [r["_id"] for r in page["items"]][:4] == newest[::-1]
    assert page["items"][4]["text"] == "old 0" and page["total"] == 304
    assert reviews.finds == 1 and reviews.matched() <= 2 * 6

    # Many arrive (more than a page since): the page is still right.
    newest += [create_at(now + timedelta(minutes=i + 1), f"many {i}") for i in range(20)]
    assert [r["_id"] for r in windowed.list(limit=5)["items"]] == newest[::-1][:5]


def test_history_reads_are_chosen_by_the_server_unless_configured(database):
    from db.history import KeysetHistory, WindowedHistory

    ensure_schema(database)
    secantus = "secantusVersion" in database.client.admin.command("buildInfo")
    expected = WindowedHistory if secantus else KeysetHistory
    assert type(ReviewRepository(database).history) is expected
    assert type(ReviewRepository(database, history_reads="keyset").history) is KeysetHistory
    with pytest.raises(ValueError, match="history reads"):
        ReviewRepository(database, history_reads="fast").history  # noqa: B018


@pytest.mark.parametrize("sentiment", [None, "negative"])
def test_a_keyset_page_after_a_cursor_is_an_index_scan(database, sentiment):
    ensure_schema(database)
    repository = ReviewRepository(database, history_reads="keyset")
    create_many(repository, 5, sentiment=lambda i: ["positive", "negative"][i % 2])
    page = repository.list(limit=1, sentiment=sentiment)
    assert page["next_cursor"]
    history = repository.history
    history._collection = CountingFinds(history._collection)
    repository.list(limit=1, cursor=page["next_cursor"], sentiment=sentiment)
    assert history._collection.filters
    for query in history._collection.filters:
        plan = database.reviews.find(query).sort([("created_at", -1), ("_id", -1)]).explain()
        assert "IXSCAN" in str(plan["queryPlanner"]["winningPlan"])
