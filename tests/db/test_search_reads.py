"""What the history reads for a search: counts and first pages kept until the reviews change, a
first page taken from its count and going on from where it stopped, and where a search never
asked starts reading."""

import pytest

import db.history
import db.reviews
from db import ReviewRepository
from db.history import newest_first
from db.search import ReviewFilter
from tests.db.search_cases import brute_force


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
