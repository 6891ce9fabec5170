"""The label log: every accepted label (and every rollback) as an event in one total order.

Each event's ``_id`` is a sequence number taken from a counter with ``$inc`` (a counter alone
in its own collection: SecantusDB's ``find_one_and_update`` scans its collection). Numbers are
taken before the event is written, so for a moment a number can be taken but its event not yet
there: a gap. Every process applies events strictly in order and stops at a gap. A writer does
not answer until every number below its own is filled, and one that waited ``GAP_TIMEOUT_S``
for a number fills it with a void event, which every process then skips. If the slow writer
then comes back, its insert collides with the void and it takes a new number. So all processes
see the same sequence, and an acknowledged label has nothing unresolved before it.
"""

import time
from contextlib import suppress

from pymongo import ASCENDING, ReturnDocument
from pymongo.errors import DuplicateKeyError

from db.conventions import DURABLE, now
from db.reviews import parse_id

GAP_TIMEOUT_S = 5.0
COUNTER_ID = "label_events"


class DuplicateLabel(Exception):
    """The same label for the same review, from the same starting point, is already logged."""

    def __init__(self, event):
        super().__init__(event["_id"])
        self.event = event


class EventLog:
    """Append label, rollback and confirm events in one total order; read them back in order."""

    def __init__(self, database):
        self._events = database.get_collection("label_events", write_concern=DURABLE)
        self._counters = database.get_collection("counters", write_concern=DURABLE)
        self._filled = 0  # every number up to here is known to have its event

    def _take_number(self):
        while True:
            counter = self._counters.find_one_and_update(
                {"_id": COUNTER_ID}, {"$inc": {"seq": 1}}, return_document=ReturnDocument.AFTER
            )
            if counter is not None:
                return counter["seq"]
            create_counter(self._counters.database)

    def _append(self, fields):
        while True:
            number = self._take_number()
            try:
                self._events.insert_one({"_id": number, "at": now(), **fields})
            except DuplicateKeyError as error:
                if "dedupe" in (error.details or {}).get("keyPattern", {}):
                    self._void(number)  # our number must not stay a gap
                    raise DuplicateLabel(self._events.find_one(_dedupe(fields))) from None
                continue  # our number was voided while we were slow: take another
            return number

    def append_label(self, review_id, text, label, previous):
        """Log ``label`` for a review; return its sequence number (before answering, wait
        for the numbers below it: ``wait_for_gaps_below``).

        ``previous`` is the number of the review's last label event (0 for none); with the
        review and the label it makes the event unique, so a repeated request is refused with
        ``DuplicateLabel`` instead of counting twice.
        """
        oid = parse_id(review_id)
        return self._append(
            {
                "kind": "label",
                "review_id": oid,
                "text": text,
                "label": label,
                "dedupe": f"{oid}:{label}:{previous}",
            }
        )

    def append_rollback(self, to_position, by):
        """Log a rollback: from here on the model is the one at ``to_position``."""
        return self._append({"kind": "rollback", "to": int(to_position), "by": by})

    def append_confirm(self, by):
        """Log an operator's confirmation of the model as it is here (see the guard set)."""
        return self._append({"kind": "confirm", "by": by})

    def _void(self, number):
        with suppress(DuplicateKeyError):  # the real event arrived first
            self._events.insert_one({"_id": number, "at": now(), "kind": "void"})

    def wait_for_gaps_below(self, number, filled=0, timeout=None):
        """Return once every number below ``number`` has an event, voiding any that stay empty
        for ``timeout`` seconds (``GAP_TIMEOUT_S``). ``filled``: a number up to which the caller
        knows every event is present (spares looking for gaps there)."""
        deadline = time.monotonic() + (GAP_TIMEOUT_S if timeout is None else timeout)
        low = self._filled = max(self._filled, filled)
        if low >= number - 1:
            return
        while True:
            query = {"_id": {"$gt": low, "$lt": number}}
            present = {e["_id"] for e in self._events.find(query, {"_id": 1})}
            missing = [n for n in range(low + 1, number) if n not in present]
            if missing and time.monotonic() >= deadline:
                for gap in missing:
                    self._void(gap)
                missing = []
            if not missing:
                self._filled = max(self._filled, number - 1)
                return
            time.sleep(0.002)

    def has_after(self, position):
        """Whether an event follows ``position``: one lookup by ``_id``, the cheapest query.

        Numbers are consecutive (a gap is filled in time, see ``wait_for_gaps_below``), so this
        is true exactly when ``after(position)`` is not empty.
        """
        return self._events.find_one({"_id": position + 1}, {"_id": 1}) is not None

    def after(self, position, limit=None):
        """Events numbered above ``position``, in order, up to the first gap."""
        found = self._events.find({"_id": {"$gt": position}}).sort("_id", ASCENDING)
        if limit:
            found = found.limit(limit)
        events, expected = [], position + 1
        for event in found:
            if event["_id"] != expected:
                break
            events.append(event)
            expected += 1
        return events

    def between(self, low, high):
        """Events numbered ``low < n <= high``, in order (all present: they were applied once)."""
        query = {"_id": {"$gt": low, "$lte": high}}
        return list(self._events.find(query).sort("_id", ASCENDING))

    def labels_of(self, review_id):
        """The label events of one review, oldest first."""
        return list(self._events.find({"review_id": parse_id(review_id)}).sort("_id", ASCENDING))

    def count(self):
        """``{"labels": n, "rollbacks": n, "reviews": n}`` over the whole log."""
        labels = self._events.count_documents({"kind": "label"})
        rollbacks = self._events.count_documents({"kind": "rollback"})
        reviews = len(self._events.distinct("review_id", {"kind": "label"}))
        return {"labels": labels, "rollbacks": rollbacks, "reviews": reviews}


def create_counter(database):
    """Create the sequence counter if it is missing (concurrent upserts are unsafe on some
    servers, so it is made once, here, before any number is taken)."""
    with suppress(DuplicateKeyError):
        database["counters"].insert_one({"_id": COUNTER_ID, "seq": 0})


def _dedupe(fields):
    return {"dedupe": fields["dedupe"]}
