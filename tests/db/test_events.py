"""The label log on its own: numbers in order, duplicates refused, gaps waited for and voided."""

import threading

import pytest
from pymongo import monitoring

from db import DuplicateLabel, EventLog, connect, ensure_schema
from db.conventions import now

REVIEW = "0123456789abcdef01234567"
OTHER = "0123456789abcdef01234568"


@pytest.fixture
def events(database):
    ensure_schema(database)
    return EventLog(database)


def test_events_are_numbered_in_order_and_read_back_in_order(events):
    numbers = [
        events.append_label(REVIEW, "Fine.", "positive", 0),
        events.append_rollback(0, by="test"),
        events.append_confirm(by="test"),
        events.append_label(OTHER, "Dull.", "negative", 0),
    ]
    assert numbers == [1, 2, 3, 4]
    assert [e["kind"] for e in events.after(0)] == ["label", "rollback", "confirm", "label"]
    assert [e["_id"] for e in events.after(2)] == [3, 4]
    assert events.from_start() == events.after(0)
    assert [e["_id"] for e in events.between(1, 3)] == [2, 3]
    assert events.has_after(3) and not events.has_after(4)
    assert events.count() == {"labels": 2, "rollbacks": 1, "reviews": 2}
    assert [e["label"] for e in events.labels_of(REVIEW)] == ["positive"]


def test_numbers_taken_at_once_are_all_different(events):
    numbers, lock = [], threading.Lock()

    def append(i):
        number = events.append_label(f"{i:024x}", "Fine.", "positive", 0)
        with lock:
            numbers.append(number)

    threads = [threading.Thread(target=append, args=(i,)) for i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(numbers) == list(range(1, 21))


def test_the_same_label_from_the_same_start_is_refused_once_logged(events):
    first = events.append_label(REVIEW, "Fine.", "positive", 0)
    with pytest.raises(DuplicateLabel) as refused:
        events.append_label(REVIEW, "Fine.", "positive", 0)
    assert refused.value.event["_id"] == first
    # the number the duplicate took is voided, not left as a gap
    assert [e["kind"] for e in events.after(0)] == ["label", "void"]
    correction = events.append_label(REVIEW, "Fine.", "negative", first)
    assert correction == 3


def test_reading_stops_at_a_gap_and_a_gap_is_voided_after_its_timeout(events, database):
    database.counters.update_one({"_id": "label_events"}, {"$inc": {"seq": 1}})  # taken, unwritten
    number = events.append_label(REVIEW, "Fine.", "positive", 0)
    assert number == 2
    assert events.after(0) == [] and not events.has_after(0)
    assert events.from_start() == []
    events.wait_for_gaps_below(number, timeout=0.1)
    assert [e["kind"] for e in events.after(0)] == ["void", "label"]
    assert [e["kind"] for e in events.from_start({"text": 0})] == ["void", "label"]


def test_a_gap_filled_in_time_is_waited_for_not_voided(events, database):
    database.counters.update_one({"_id": "label_events"}, {"$inc": {"seq": 1}})
    number = events.append_label(REVIEW, "Fine.", "positive", 0)
    slow_writer = {"_id": 1, "kind": "confirm", "by": "late", "at": now()}
    late = threading.Timer(0.2, lambda: database.label_events.insert_one(slow_writer))
    late.start()
    events.wait_for_gaps_below(number, timeout=10)
    late.join()
    assert [e["kind"] for e in events.after(0)] == ["confirm", "label"]


class LogReads(monitoring.CommandListener):
    """The filters of the ``find`` commands sent to the label log."""

    def __init__(self):
        self.filters = []

    def started(self, event):
        if event.command_name == "find" and event.command["find"] == "label_events":
            self.filters.append(event.command.get("filter", {}))

    def succeeded(self, event):
        pass

    def failed(self, event):
        pass


def test_a_long_log_is_read_whole_in_order_through_the_index(database_uri, database):
    ensure_schema(database)
    database.label_events.insert_many(
        [{"_id": n, "kind": "confirm", "by": "test", "at": now()} for n in range(1, 1201)]
    )
    reads = LogReads()
    with connect(database_uri, event_listeners=[reads]) as client:
        events = EventLog(client.get_default_database())
        assert [e["_id"] for e in events.after(0)] == list(range(1, 1201))
        assert [e["_id"] for e in events.after(1190)] == list(range(1191, 1201))
        assert [e["_id"] for e in events.after(100, limit=700)] == list(range(101, 801))
        assert [e["_id"] for e in events.between(10, 1100)] == list(range(11, 1101))
        events.wait_for_gaps_below(1201)
    # SecantusDB reads the whole log for a range of _id: every read asks for numbers
    assert reads.filters and all(set(f["_id"]) == {"$in"} for f in reads.filters)
    plan = database.label_events.find(reads.filters[0]).explain()["queryPlanner"]["winningPlan"]
    assert "IXSCAN" in str(plan) or "IDHACK" in str(plan) or "EXPRESS" in str(plan)
