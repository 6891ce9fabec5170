"""The reviews repository: the only code that reads or writes the ``reviews`` collection.

It takes ids as 24-hex strings (``db.ids``) and returns plain dicts in the
public shape (``_id`` as a string, datetimes as aware UTC ``datetime``).
"""

from contextlib import suppress
from datetime import UTC

from bson import ObjectId
from pymongo.errors import BulkWriteError, DuplicateKeyError

from db.conventions import DURABLE, now
from db.cursors import BEFORE_ANY_ID, decode_cursor, encode_cursor
from db.history import history_reader, read_by_ids, terms_of_reviews
from db.ids import parse_id
from db.review_counts import KeptWhileUnchanged, ReviewCounts, count_matching, state_of
from db.search import ReviewFilter, flags, terms_of
from db.word_backlog import WordBacklog

SEARCH_FIELDS_ID = "reviews_search_fields"  # marks the reviews as given their search fields
# Searches by words or time are counted by reading their matches, newest first: past this many
# matches, or past this many documents read, the count says "at least". One read more than the
# cap: a search whose every entry read matches (a word alone) knows an exact 100.
COUNT_UP_TO = 100
COUNT_READS = COUNT_UP_TO + 1
# A page of a search whose matches are sparse stops after reading this many documents (by
# default; HISTORY_PAGE_READS): it comes back short, with a cursor to go on from there.
PAGE_READS = 1000
# what a change of a review reads first: what its cell in the totals depends on, and its label
STATE = dict.fromkeys(
    ("sentiment", "labelled", "disagrees", "unsure", "probability", "feedback", "created_at"), 1
)


def _known(stats, total):
    """What the history reads need to know of the reviews (``db.history``): when the oldest and
    newest were stored, how many are stored, and ``total``, the search's count if exact."""
    return {"total": total, "oldest": stats.get("oldest"), "newest": stats.get("newest", now()),
            "stored": stats.get("total")}  # fmt: skip


def _public(document):
    if document is None:
        return None
    document = dict(document)
    document.pop("terms", None)  # attached by a search by words: the index's, not the review's
    document["_id"] = str(document["_id"])
    for key in ("created_at", "classified_at"):
        if key in document:
            document[key] = document[key].replace(tzinfo=UTC)
    if "feedback" in document:
        feedback = dict(document["feedback"])
        feedback["at"] = feedback["at"].replace(tzinfo=UTC)
        document["feedback"] = feedback
    return document


class ReviewRepository:
    """Create, read and annotate stored reviews."""

    def __init__(self, database, history_reads="auto", page_reads=PAGE_READS):
        self._reviews = database.get_collection("reviews", write_concern=DURABLE)
        self._counts = ReviewCounts(database)
        self._search_counts = KeptWhileUnchanged()
        # The first page of the last searches: (its ids, next cursor, how far back it read)
        self._first_pages = KeptWhileUnchanged()
        self._terms = terms_of_reviews(self._reviews)
        self.word_backlog = WordBacklog(database)
        self._history_reads = history_reads
        self._page_reads = page_reads
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
        self._counts.add([document], moment)
        return _public(document)

    def create_many(self, entries, words_later_for=None):
        """Store new reviews in one batch: ``entries`` are ``(text, prediction, client_id)``,
        ``client_id`` ``None`` or the caller's own id of the review, unique among reviews.
        With ``words_later_for`` (an import job's id), their words wait in the ``word_backlog``
        to be indexed for search (``index_words``).

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
            words = [
                {"_id": d["_id"], "created_at": moment, "terms": terms_of(d["text"])}
                for d in stored
            ]
            if words_later_for is None:
                self._terms.insert_many(words, ordered=False)
            else:
                self.word_backlog.add(words_later_for, words)
            self._counts.add(stored, moment)
        return [None if i in duplicates else str(d["_id"]) for i, d in enumerate(documents)]

    def get(self, review_id):
        """Return the review with this id, or ``None``."""
        return _public(self._reviews.find_one({"_id": parse_id(review_id)}))

    def stats(self):
        """``{"total", "positive", "negative", "oldest", "newest"}``, kept up to date on writes.

        Counting documents costs a full scan on SecantusDB (and on MongoDB with a filter), so
        the totals live in one document next to the sequence counter.
        """
        return self._counts.read()

    def list(self, limit=20, page=1, cursor=None, sentiment=None, search=None, counted=True):
        """Return ``{"items", "total", "total_is_exact", "next_cursor", "searched_back_to"}``:
        the reviews that ``search`` (a ``db.search.ReviewFilter``; or just a ``sentiment``)
        matches, newest first.

        ``cursor`` (from a previous ``next_cursor``) continues after the last item seen and costs
        the same at any depth; ``page`` reads every page before it and suits shallow pages only.
        The total is exact for the verdict and flags; with words or dates, up to ``COUNT_UP_TO``
        matches (``COUNT_READS`` read), and beyond it says "at least that many" (such a count is
        kept until a change to the reviews: ``KeptWhileUnchanged``); ``counted=False``
        leaves it out (``None``). A page of sparse matches stops after ``page_reads`` documents
        read: it is short, says how far back it read, and its cursor goes on from there.
        """
        search = search or ReviewFilter(sentiment=sentiment)
        before, hint = decode_cursor(cursor) if cursor is not None else (None, None)
        stats = self.stats()
        nothing = {"items": [], "total": 0, "total_is_exact": True, "next_cursor": None,
                   "searched_back_to": None}  # fmt: skip
        if count_matching(stats, search.equalities()) == 0:  # read nothing to find nothing
            return nothing
        total, exact = self._total(search, stats) if counted else (None, False)
        if exact and total == 0:  # counted: no page to read
            return nothing
        known = _known(stats, total if exact else None)
        kept = self._kept_first_page(search, limit, stats) if cursor is None and page == 1 else None
        if kept is not None:
            documents, next_cursor, searched_back_to = kept
            return {
                "items": [_public(d) for d in documents],
                "total": total,
                "total_is_exact": exact,
                "next_cursor": next_cursor,
                "searched_back_to": searched_back_to,
            }
        if cursor is not None:
            read = self.history.after(search, limit + 1, before, hint, known, self._page_reads)
            documents, hint, stopped_at = read
        else:  # an offset page is read whole: a stop would leave out reviews of earlier pages
            wanted = page * limit + 1
            reads = self._page_reads if page == 1 else None
            read = self.history.first(search, wanted, known, page == 1, reads)
            documents, hint, stopped_at = read
            documents = documents[(page - 1) * limit :]
        next_cursor, searched_back_to = None, None
        if len(documents) > limit:
            next_cursor = encode_cursor(documents[limit - 1], hint)
        elif stopped_at is not None:  # a short page: the next one goes on from where it stopped
            created_at, last_id = stopped_at
            position = {"created_at": created_at, "_id": last_id or BEFORE_ANY_ID}
            next_cursor, searched_back_to = encode_cursor(position, hint), created_at
        if cursor is None and page == 1:
            ids = [d["_id"] for d in documents[:limit]]
            self._first_pages.keep((search, limit), stats, (ids, next_cursor, searched_back_to))
        return {
            "items": [_public(d) for d in documents[:limit]],
            "total": total,
            "total_is_exact": exact,
            "next_cursor": next_cursor,
            "searched_back_to": searched_back_to,
        }

    def _kept_first_page(self, search, limit, stats):
        """``(documents, next_cursor, searched_back_to)`` of the first page of ``search`` as
        read last, if no review changed since (``changes`` in ``stats``): which reviews it
        lists cannot have changed, so only they are read again (their fields can have).
        ``None`` if it must be read."""
        kept = self._first_pages.get((search, limit), stats)
        if kept is None:
            return None
        ids, next_cursor, searched_back_to = kept
        documents = read_by_ids(self._reviews, ids)
        return None if documents is None else (documents, next_cursor, searched_back_to)

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
        """``(count, exact)`` of the reviews ``search`` matches: from the totals when its
        conditions are all on the verdict and the flags; else counted up to ``COUNT_UP_TO``."""
        if not (search.words or search.since or search.until):
            found = count_matching(stats, search.equalities())
            if found is not None:
                return found, True
        kept = self._search_counts.get(search, stats)
        if kept is not None:
            return kept
        known = _known(stats, None)
        found, complete = self.history.count(search, COUNT_UP_TO + 1, known, COUNT_READS)
        counted = min(found, COUNT_UP_TO), complete and found <= COUNT_UP_TO
        self._search_counts.keep(search, stats, counted)
        return counted

    def _change(self, review_id, change):
        """Change one review by ``change(stored)``: the fields to ``$set`` given what is stored
        (``STATE``), or ``None`` to leave it; keep its cell in the totals right. The write
        applies only to the state it was computed from, so a concurrent change makes it read
        again. Returns whether the review was changed."""
        oid = parse_id(review_id)
        while True:
            stored = self._reviews.find_one({"_id": oid}, STATE)
            if stored is None:
                return False
            fields = change(stored)
            if fields is None:
                return False
            event = (stored.get("feedback") or {}).get("event")
            read_as = {"_id": oid, **state_of(stored), "feedback.event": event}
            if self._reviews.update_one(read_as, {"$set": fields}).matched_count:
                self._counts.move(stored, {**stored, **fields})
                return True

    def delete(self, review_id):
        """Delete the review and take it off the totals; return whether it existed."""
        oid = parse_id(review_id)
        while True:  # deleted as it was read, as ``_change`` writes
            stored = self._reviews.find_one({"_id": oid}, STATE)
            if stored is None:
                return False
            if self._reviews.delete_one({"_id": oid, **state_of(stored)}).deleted_count:
                break
        if not self._terms.delete_one({"_id": oid}).deleted_count:
            # its words may still be in the backlog: an empty entry keeps them out for good
            with suppress(DuplicateKeyError):
                empty = {"_id": oid, "created_at": stored["created_at"], "terms": []}
                self._terms.insert_one(empty)
        self._counts.add([stored], None, sign=-1)
        return True

    def index_words(self, job=None, written=None):
        """Index the words waiting in the backlog (of one import ``job``, or all), calling
        ``written(job, n)`` after each batch; return how many entries were written."""
        total = 0
        for batch_id in self.word_backlog.batches(job):
            done = self.word_backlog.index(batch_id)
            if done is None:
                continue  # another process has it
            total += done[1]
            self._counts.changed()
            if written is not None:
                written(*done)
        return total

    def record_prediction(self, review_id, prediction):
        """Store a new prediction on the review; return whether the review exists."""

        def change(stored):
            label = (stored.get("feedback") or {}).get("label")
            fields = _prediction_fields(prediction, now())
            fields.update(flags(prediction["sentiment"], prediction["probability"], label))
            return fields

        return self._change(review_id, change)

    def record_feedback(self, review_id, label, event=None, prediction=None):
        """Store a person's label for the review (and the ``prediction`` made after learning it).

        ``event`` is the label's number in the label log: a label is stored only over one with
        a lower number, so concurrent labels leave the review with the last one logged. Returns
        whether the review was updated.
        """

        def change(stored):
            logged = (stored.get("feedback") or {}).get("event")
            if event is not None and logged is not None and logged >= event:
                return None
            moment = now()
            fields = {"feedback": {"label": label, "at": moment}}
            if event is not None:
                fields["feedback"]["event"] = event
            verdict = stored
            if prediction is not None:
                verdict = _prediction_fields(prediction, moment)
                fields.update(verdict)
            fields.update(flags(verdict["sentiment"], verdict["probability"], label))
            return fields

        return self._change(review_id, change)


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
