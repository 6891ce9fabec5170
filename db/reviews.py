"""The reviews repository: the only code that reads or writes the ``reviews`` collection.

It owns the conversion between 24-hex id strings and ``ObjectId`` and returns plain dicts in the
public shape (``_id`` as a string, datetimes as aware UTC ``datetime``).
"""

import base64
import binascii
from contextlib import suppress
from datetime import UTC, datetime

from bson import ObjectId
from bson.errors import InvalidId
from pymongo.errors import BulkWriteError, DuplicateKeyError

from db.conventions import DURABLE, now
from db.history import FIRST_WINDOW, MAX_HINT, MILLISECOND, history_reader, terms_of_reviews
from db.search import ReviewFilter, flags, terms_of

STATS_ID = "reviews"
SEARCH_FIELDS_ID = "reviews_search_fields"  # marks the reviews as given their search fields
COUNT_UP_TO = 200  # counting reads the matches (SecantusDB: ~0.15 ms each): past this, "at least"


class InvalidReviewId(ValueError):
    """The id is not a 24-hex-digit MongoDB ObjectId string."""


class InvalidCursor(ValueError):
    """The pagination cursor was not made by this repository."""


def parse_id(review_id):
    """Return ``review_id`` as an ``ObjectId``; raise ``InvalidReviewId`` for anything else."""
    if not isinstance(review_id, str) or len(review_id) != 24:
        raise InvalidReviewId(review_id)
    try:
        return ObjectId(review_id)
    except InvalidId as error:
        raise InvalidReviewId(review_id) from error


def _public(document):
    if document is None:
        return None
    document = dict(document)
    document["_id"] = str(document["_id"])
    for key in ("created_at", "classified_at"):
        if key in document:
            document[key] = document[key].replace(tzinfo=UTC)
    if "feedback" in document:
        feedback = dict(document["feedback"])
        feedback["at"] = feedback["at"].replace(tzinfo=UTC)
        document["feedback"] = feedback
    return document


def _encode_cursor(document, window=None):
    """The last review of a page, and the history window to start the next page with."""
    millis = int(document["created_at"].replace(tzinfo=UTC).timestamp() * 1000)
    raw = f"{millis}:{document['_id']}"
    if window is not None:
        raw += f":{max(1, int(window / MILLISECOND))}"
    raw = raw.encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(cursor):
    """``((created_at, _id), window)`` from a cursor; ``InvalidCursor`` if it is not ours."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        millis, review_id, *hint = raw.split(":")
        created_at = datetime.fromtimestamp(int(millis) / 1000, UTC)
        window = FIRST_WINDOW
        if hint:
            (window_ms,) = hint
            window = min(MILLISECOND * max(int(window_ms), 1), MAX_HINT)
        return (created_at, parse_id(review_id)), window
    except (
        ValueError,
        OverflowError,
        binascii.Error,
        UnicodeDecodeError,
        InvalidReviewId,
    ) as error:
        raise InvalidCursor(cursor) from error


class ReviewRepository:
    """Create, read and annotate stored reviews."""

    def __init__(self, database, history_reads="auto"):
        self._reviews = database.get_collection("reviews", write_concern=DURABLE)
        self._stats = database.get_collection("counters", write_concern=DURABLE)
        self._terms = terms_of_reviews(self._reviews)
        self._history_reads = history_reads
        self._history = None  # chosen at the first read: the server may not be up yet

    @property
    def history(self):
        """How pages of the history are read (``db.history.history_reader``)."""
        if self._history is None:
            self._history = history_reader(self._reviews, self._history_reads)
        return self._history

    def create(self, text, prediction):
        """Store a new review with its ``prediction`` (sentiment, probability, model_version)."""
        moment = now()
        document = {"_id": ObjectId(), "text": text, "created_at": moment}
        document.update(_prediction_fields(prediction, moment))
        document.update(flags(prediction["sentiment"], prediction["probability"]))
        self._reviews.insert_one(document)
        self._terms.insert_one(
            {"_id": document["_id"], "created_at": moment, "terms": terms_of(text)}
        )
        self._count({"total": 1, document["sentiment"]: 1}, created_at=moment)
        return _public(document)

    def create_many(self, entries):
        """Store new reviews in one batch: ``entries`` are ``(text, prediction, client_id)``,
        ``client_id`` ``None`` or the caller's own id of the review, unique among reviews.

        Returns per entry the stored review's id, or ``None`` if a review with its client id
        is already stored (so storing a batch again stores nothing twice).
        """
        moment = now()
        documents = []
        for text, prediction, client_id in entries:
            document = {"_id": ObjectId(), "text": text, "created_at": moment}
            if client_id is not None:
                document["client_id"] = client_id
            document.update(_prediction_fields(prediction, moment))
            document.update(flags(prediction["sentiment"], prediction["probability"]))
            documents.append(document)
        if not documents:
            return []
        duplicates = set()
        try:
            self._reviews.insert_many(documents, ordered=False)
        except BulkWriteError as error:
            for failure in error.details["writeErrors"]:
                if failure["code"] != 11000:  # not a duplicate client id: a real failure
                    raise
                duplicates.add(failure["index"])
        stored = [d for i, d in enumerate(documents) if i not in duplicates]
        if stored:
            self._terms.insert_many(
                [
                    {"_id": d["_id"], "created_at": moment, "terms": terms_of(d["text"])}
                    for d in stored
                ],
                ordered=False,
            )
            increments = {"total": len(stored)}
            for document in stored:
                increments[document["sentiment"]] = increments.get(document["sentiment"], 0) + 1
            self._count(increments, created_at=moment)
        return [None if i in duplicates else str(d["_id"]) for i, d in enumerate(documents)]

    def _count(self, increments, created_at=None):
        update = {"$inc": increments}
        if created_at is not None:
            update["$min"] = {"oldest": created_at}
            update["$max"] = {"newest": created_at}
        self._stats.update_one({"_id": STATS_ID}, update)

    def get(self, review_id):
        """Return the review with this id, or ``None``."""
        return _public(self._reviews.find_one({"_id": parse_id(review_id)}))

    def stats(self):
        """``{"total", "positive", "negative", "oldest", "newest"}``, kept up to date on writes.

        Counting documents costs a full scan on SecantusDB (and on MongoDB with a filter), so
        the totals live in one document next to the sequence counter.
        """
        return self._stats.find_one({"_id": STATS_ID}) or {"total": 0, "oldest": None}

    def list(self, limit=20, page=1, cursor=None, sentiment=None, search=None, counted=True):
        """Return ``{"items", "total", "total_is_exact", "next_cursor"}``: the reviews that
        ``search`` (a ``db.search.ReviewFilter``; or just a ``sentiment``) matches, newest first.

        ``cursor`` (from a previous ``next_cursor``) continues after the last item seen and costs
        the same at any depth; ``page`` reads every page before it and suits shallow pages only.
        The total is exact up to ``COUNT_UP_TO`` matches; beyond, it says "at least that many";
        ``counted=False`` leaves it out (``None``).
        """
        search = search or ReviewFilter(sentiment=sentiment)
        stats = self.stats()
        total, exact = self._total(search, stats) if counted else (None, False)
        newest = stats.get("newest", now())
        known = {"total": total if exact else None, "oldest": stats.get("oldest"), "newest": newest}
        if cursor is not None:
            before, hint = _decode_cursor(cursor)
            documents, hint = self.history.after(search, limit + 1, before, hint, known)
        else:
            wanted = page * limit + 1
            documents, hint = self.history.first(search, wanted, known, page == 1)
            documents = documents[(page - 1) * limit :]
        next_cursor = None
        if len(documents) > limit:
            next_cursor = _encode_cursor(documents[limit - 1], hint)
        return {
            "items": [_public(d) for d in documents[:limit]],
            "total": total,
            "total_is_exact": exact,
            "next_cursor": next_cursor,
        }

    def matching(self, search, batch=500):
        """Every review ``search`` matches, newest first, read ``batch`` at a time the way the
        history's pages are (each next batch continues from a cursor)."""
        cursor = None
        while True:
            page = self.list(limit=batch, cursor=cursor, search=search, counted=False)
            yield from page["items"]
            cursor = page["next_cursor"]
            if cursor is None:
                return

    def _total(self, search, stats):
        """``(count, exact)`` of the reviews ``search`` matches: from the totals document when
        it counts them; else counted up to ``COUNT_UP_TO``, by an index when one condition
        says it all, or by reading the matches as a page would."""
        if search.counted:
            return stats.get(search.sentiment or "total", 0), True
        conditions = search.equalities()
        dated = search.since or search.until
        if not dated and len(search.words) == 1 and not conditions:
            found = self._terms.count_documents({"terms": search.words[0]}, limit=COUNT_UP_TO + 1)
        elif not dated and not search.words and len(conditions) == 1:
            found = self._reviews.count_documents(conditions, limit=COUNT_UP_TO + 1)
        else:
            newest = stats.get("newest", now())
            known = {"total": None, "oldest": stats.get("oldest"), "newest": newest}
            found = len(self.history.first(search, COUNT_UP_TO + 1, known, first_page=False)[0])
        return min(found, COUNT_UP_TO), found <= COUNT_UP_TO

    def _set(self, query, fields):
        """``$set`` fields on one review, keeping the sentiment totals right; return matched.

        The sentiment usually stays the same, so that is tried first: one write.
        """
        sentiment = fields.get("sentiment")
        if sentiment is None:
            return self._reviews.update_one(query, {"$set": fields}).matched_count == 1
        same = self._reviews.update_one({**query, "sentiment": sentiment}, {"$set": fields})
        if same.matched_count:
            return True
        changed = self._reviews.update_one(
            {**query, "sentiment": {"$ne": sentiment}}, {"$set": fields}
        )
        if changed.matched_count:
            self._count({sentiment: 1, _other(sentiment): -1})
        return changed.matched_count == 1

    def delete(self, review_id):
        """Delete the review and take it off the totals; return whether it existed."""
        deleted = self._reviews.find_one_and_delete(
            {"_id": parse_id(review_id)}, projection={"sentiment": 1}
        )
        if deleted is None:
            return False
        self._terms.delete_one({"_id": deleted["_id"]})
        self._count({"total": -1, deleted["sentiment"]: -1})
        return True

    def record_prediction(self, review_id, prediction):
        """Store a new prediction on the review; return whether the review exists."""
        oid = parse_id(review_id)
        while True:  # the flags depend on the person's label: write them for the one read
            stored = self._reviews.find_one({"_id": oid}, {"feedback.label": 1})
            if stored is None:
                return False
            label = (stored.get("feedback") or {}).get("label")
            fields = _prediction_fields(prediction, now())
            fields.update(flags(prediction["sentiment"], prediction["probability"], label))
            if self._set({"_id": oid, "feedback.label": label}, fields):
                return True

    def record_feedback(self, review_id, label, event=None, prediction=None):
        """Store a person's label for the review (and the ``prediction`` made after learning it).

        ``event`` is the label's number in the label log: a label is stored only over one with
        a lower number, so concurrent labels leave the review with the last one logged. Returns
        whether the review was updated.
        """
        moment = now()
        fields = {"feedback": {"label": label, "at": moment}, "labelled": True}
        query = {"_id": parse_id(review_id)}
        if event is not None:
            fields["feedback"]["event"] = event
            query["$or"] = [{"feedback.event": {"$lt": event}}, {"feedback.event": None}]
        if prediction is not None:
            fields.update(_prediction_fields(prediction, moment))
            fields.update(flags(prediction["sentiment"], prediction["probability"], label))
        return self._set(query, fields)


def _other(sentiment):
    return "negative" if sentiment == "positive" else "positive"


def count_existing(database):
    """Create the totals document from what is stored, if it is missing (once: a full scan)."""
    stats = database["counters"]
    if stats.find_one({"_id": STATS_ID}, {"_id": 1}):
        return
    reviews = database["reviews"]
    oldest = reviews.find_one(sort=[("created_at", 1)], projection={"created_at": 1})
    newest = reviews.find_one(sort=[("created_at", -1)], projection={"created_at": 1})
    document = {
        "_id": STATS_ID,
        "total": reviews.count_documents({}),
        "positive": reviews.count_documents({"sentiment": "positive"}),
        "negative": reviews.count_documents({"sentiment": "negative"}),
    }
    if oldest:  # left out when empty: $min on a missing field sets it, on null it keeps null
        document["oldest"] = oldest["created_at"]
        document["newest"] = newest["created_at"]
    with suppress(DuplicateKeyError):
        stats.insert_one(document)


def _prediction_fields(prediction, at):
    return {
        "sentiment": prediction["sentiment"],
        "probability": float(prediction["probability"]),
        "model_version": prediction["model_version"],
        "classified_at": at,
    }


def add_search_fields(database):
    """Give the reviews stored before search their flags and ``review_terms``: one scan, once
    (a marker in ``counters`` says it was done, so later starts do not scan again)."""
    counters = database["counters"]
    if counters.find_one({"_id": SEARCH_FIELDS_ID}):
        return
    reviews = database["reviews"]
    terms = terms_of_reviews(reviews)
    fields = {"text": 1, "created_at": 1, "sentiment": 1, "probability": 1, "feedback.label": 1}
    for document in reviews.find({"labelled": {"$exists": False}}, fields, batch_size=500):
        label = (document.get("feedback") or {}).get("label")
        stored_flags = flags(document["sentiment"], document["probability"], label)
        reviews.update_one({"_id": document["_id"]}, {"$set": stored_flags})
        entry = {"created_at": document["created_at"], "terms": terms_of(document["text"])}
        terms.update_one({"_id": document["_id"]}, {"$set": entry}, upsert=True)
    with suppress(DuplicateKeyError):
        counters.insert_one({"_id": SEARCH_FIELDS_ID})
