"""Reading the newest reviews page by page: how, depends on the server (``history_reader``).

On MongoDB a page is an index range scan: ``KeysetHistory``. SecantusDB answers
``find().sort(...).limit(n)`` by reading every document that matches before it sorts: 0.8 s for
20 documents out of 50,000, even with the index. A query bounded on both
sides of ``created_at`` costs milliseconds. So a page is read window by window, back in time
from where it starts, until it has enough reviews or passes the oldest: a millisecond first (a
burst of submits can put hundreds of reviews in one second, all read if the window holds them);
after an empty window, eight times as far (a dozen empty windows span a year); after a window
with some reviews, as far as their density says the rest should need, with room to spare. A
page also says how long a stretch it spanned: a cursor carries it as the next page's first
window, and the repository starts each filter's next first page from it (or, if few reviews came
since, from where the last first page reached back to: one window, however long a quiet stretch
it spans); a search read for the first time starts from the window the newest reviews' first
page needed, if few came since (it holds no more than a page of any search's matches). A long
quiet stretch followed by a busy one (or a burst after a quiet first page) can still make one
window read more than a page; the pages after it are cheap again. On MongoDB the same queries
are ordinary index range scans.
"""

from datetime import timedelta

from pymongo import DESCENDING

from db.recent import Recent
from db.search import ReviewFilter

HISTORY_READS = ("auto", "windows", "keyset")
TERMS = "review_terms"

MILLISECOND = timedelta(milliseconds=1)
FIRST_WINDOW = MILLISECOND
GROWTH = 8
# A cursor's hint is capped: a forged one must not make a query read a decade of reviews.
MAX_HINT = timedelta(days=1)
NEWEST_FIRST = [("created_at", DESCENDING), ("_id", DESCENDING)]
EVERYTHING = ReviewFilter()
# What a read of documents that are tested one by one asks for at least.
A_READ = 64
# A search read for the first time starts from the window of the newest reviews' first page (cut
# to a read's worth of reviews) if at most this many reviews were stored since it was read.
NEW_SINCE = A_READ
# A count keeps the ids of this many of the matches it found: the first page read right after
# it (the API's largest page and the next one's first) is read by _id.
COUNTED_PAGE = 101


def newest_first(
    collection, query, count, before, oldest, window=FIRST_WINDOW, matches=None, join=None,
    reads=None, projection=None,
):  # fmt: skip
    """``(documents, window, stopped_at)``: up to ``count`` documents matching ``query`` (and
    ``matches``, if given, a test of each document read), newest first, created before
    ``before``; the window the next page should start with; and ``None``, or, if the read
    stopped after ``reads`` documents (if given), where to go on from (as ``before``).

    ``before`` is ``(created_at, _id)`` (exclusive) or ``(created_at, None)`` for "everything
    created before this time"; ``oldest`` is the earliest ``created_at`` to read; ``window`` is
    the first window to read (the previous page's hint, so deep pages in sparse years do not
    start again from a millisecond). A window that holds more than a read takes is read on from
    where the read stopped, so a test that refuses documents never skips any. ``join``, if given,
    turns the documents read into the ones to test and return (``review_terms`` into reviews);
    ``projection``, the fields to read (with ``_id`` and ``created_at``, which it needs).
    """
    upper, last_id = before
    found, start, read_so_far = [], upper, 0

    def read(bounded):
        nonlocal read_so_far
        wanted = count - len(found) if matches is None else max(count, A_READ)
        if reads is not None:
            wanted = max(1, min(wanted, reads - read_so_far))
        # a negative limit asks for one batch: SecantusDB encodes each document of a batch it
        # may have to split, only to weigh it
        got = list(collection.find(bounded, projection).sort(NEWEST_FIRST).limit(-wanted))
        read_so_far += len(got)
        joined = got if join is None else join(got)
        kept = joined if matches is None else [d for d in joined if matches(d)]
        found.extend(kept)
        return got, kept, len(got) == wanted

    while len(found) < count:
        if reads is not None and read_so_far >= reads:
            return found, window, (upper, last_id)
        if last_id is not None:  # the rest of a millisecond, by _id
            got, _, full = read({**query, "created_at": upper, "_id": {"$lt": last_id}})
            last_id = got[-1]["_id"] if full else None
            continue
        if oldest is None or upper <= oldest:
            break
        lower = upper - window
        # ">= lower", written as "> lower - 1 ms" (BSON dates are whole milliseconds): SecantusDB
        # 0.7.0b3 drops documents equal to a $gte bound on a descending compound index.
        got, kept, full = read({**query, "created_at": {"$lt": upper, "$gt": lower - MILLISECOND}})
        if full and len(found) < count:  # read on from the last one read, through a window as
            # long as the stretch that held this read (SecantusDB reads a whole window)
            window = max(FIRST_WINDOW, upper - got[-1]["created_at"])
            upper, last_id = got[-1]["created_at"], got[-1]["_id"]
            continue
        if kept:  # this density, with room to spare, for what is still missing
            window = max(FIRST_WINDOW, window * 1.5 / len(kept) * (count - len(found)))
        else:
            window *= GROWTH
        if reads is not None and read_so_far:  # SecantusDB reads a whole window: none longer
            # than the budget left holds at the density read so far (an empty window too)
            seen = start - lower
            window = min(window, max(FIRST_WINDOW, seen * (reads - read_so_far) / read_so_far))
        upper = lower
    found = found[:count]
    if not found:
        return found, min(window, MAX_HINT), None
    return found, spanned_hint(start, found), None


def spanned_hint(start, found):
    """What a page read back from ``start`` spanned, with room to spare: measured on what it
    ``found``, so a window that held more than a page (a burst) narrows, and one that was just
    enough stays as it is."""
    if not found:
        return FIRST_WINDOW
    spanned = start - found[-1]["created_at"] + MILLISECOND
    return min(max(FIRST_WINDOW, spanned * 1.5), MAX_HINT)


class KeysetHistory:
    """Pages of one index range scan each: below the last review seen, newest first."""

    def __init__(self, collection):
        self._collection = collection

    def first(self, search, count, stats, first_page=True, reads=None):
        """``(documents, hint, stopped_at)``: the newest ``count`` documents that ``search`` (a
        ``db.search.ReviewFilter``) matches (index scans: never stopped, ``reads`` does not
        apply)."""
        if search.words:
            return self._by_words(search, count, (stats["newest"] + MILLISECOND, None), stats)
        found = self._collection.find(search.query()).sort(NEWEST_FIRST).limit(count)
        return list(found), None, None

    def _by_words(self, search, count, before, stats):
        """Through ``review_terms`` in batches, one range scan of its index each."""
        words = {"terms": {"$all": list(search.words)}}
        whole = (stats["newest"] - stats["oldest"] + 2 * MILLISECOND) if stats["oldest"] else None
        found, _, _ = newest_first(
            terms_of_reviews(self._collection), words, count, before, stats["oldest"],
            whole or FIRST_WINDOW, search.matches, joiner(self._collection, search.words),
        )  # fmt: skip
        return found, None, None

    def count(self, search, up_to, stats, reads=None):
        """``(n, complete)``: how many documents ``search`` matches, up to ``up_to``."""
        return len(self.first(search, up_to, stats)[0]), True

    def after(self, search, count, before, hint, stats, reads=None):
        """``(documents, hint, stopped_at)``: the next ``count`` documents after ``before``
        (``(created_at, _id)`` of the last one seen)."""
        if search.words:
            return self._by_words(search, count, before, stats)
        query = search.query()
        created_at, last_id = before
        # Two plain ranges rather than one $or (which some servers answer without the index):
        # the rest of the last one's millisecond, then everything older.
        same_time = {**query, "created_at": created_at, "_id": {"$lt": last_id}}
        found = list(self._collection.find(same_time).sort(NEWEST_FIRST).limit(count))
        if len(found) < count:
            older = {**query, "created_at": {**query.get("created_at", {}), "$lt": created_at}}
            found += self._collection.find(older).sort(NEWEST_FIRST).limit(count - len(found))
        return found, None, None


class WindowedHistory:
    """Pages read window by window (``newest_first``), each first page starting from the window
    the last one needed: what makes history fast on SecantusDB. A window is read through one
    indexed condition of the search (SecantusDB plans a query of several without an index);
    the others are tested on the documents read."""

    def __init__(self, collection):
        self._collection = collection
        # The window each search's last first page needed: the next first page starts there
        # instead of at a millisecond. Only a cost; any window gives the same page.
        self._first_page_windows = Recent()
        # The window the last first page of all reviews needed, and how many were stored then.
        self._newest_page = (None, None)
        # How far back each first page (by search and size) read, and the search's total then.
        self._first_page_reach = Recent()
        # The newest matches a count of each search found (their ids), where it started, where
        # it stopped short (if it did), its window there and how many it could read: the first
        # page read next is these, read by _id, and goes on from where the count stopped.
        self._counted = Recent()

    def _read(self, search, count, before, oldest, window, reviews=True, reads=None):
        """``newest_first`` for ``search``; with ``reviews`` False, a search of words alone may
        return ``review_terms`` entries instead of their reviews (enough to count them)."""
        conditions = search.equalities()
        if search.since is not None and oldest is not None:
            oldest = max(oldest, search.since - MILLISECOND)
        if search.words:  # through review_terms, by its rarest word; the rest tested
            source = terms_of_reviews(self._collection)
            join = joiner(self._collection, search.words) if reviews or conditions else None
            driving = {"terms": search.rarest_word}
            exact = not conditions and len(search.words) == 1 and not search.since
        else:
            source, join = self._collection, None
            driving = dict(list(conditions.items())[:1])
            exact = len(conditions) <= 1 and not search.since
        matches = None if exact else search.matches
        # Counting a word alone needs no terms: SecantusDB reads a review's terms in about as
        # long again as the rest of its entry.
        projection = {"created_at": 1} if search.words and exact and not reviews else None
        return newest_first(
            source, driving, count, before, oldest, window, matches, join, reads, projection
        )

    def first(self, search, count, stats, first_page=True, reads=None):
        """``(documents, hint, stopped_at)``: the newest ``count`` documents that ``search``
        matches (``stats`` holds the ``newest`` and ``oldest`` times stored, how many reviews are
        ``stored`` and the search's ``total``, or ``None`` if not known), or fewer if ``reads``
        documents read did not find them (``newest_first``). Right after a count of the search,
        the documents it found."""
        total = stats["total"]
        upper = _newest_bound(search, stats)
        read = self._counted_page(search, count, upper, stats["oldest"], reads)
        if read is None:
            window = self._first_window(search, count, upper, stats)
            read = self._read(search, count, (upper, None), stats["oldest"], window, reads=reads)
        documents, window, stopped_at = read
        if first_page:
            self._first_page_windows[search] = window
            if search == EVERYTHING:  # a read's worth of reviews, whatever the page's size
                self._newest_page = (window * min(1, A_READ / count), stats.get("stored"))
        if documents and stopped_at is None:
            self._first_page_reach[search, count] = (documents[-1]["created_at"], total)
        return read

    def _counted_page(self, search, count, upper, oldest, reads):
        """``first``'s answer from a count of ``search`` from the same newest review that read
        no more than a page may (``reads``): the matches it found, read by ``_id``, and, if it
        stopped short of ``count`` of them, the rest read on from where it stopped, within what
        is left of ``reads``. ``None`` if there is no such count."""
        counted_from, found, stopped_at, window, counted_reads = self._counted.get(
            search, (None,) * 5
        )
        if counted_from != upper:
            return None
        if reads is not None and (counted_reads is None or counted_reads > reads):
            return None
        documents = read_by_ids(self._collection, found[:count])
        if documents is None:
            return None
        if len(documents) == count or stopped_at is None:
            return documents, spanned_hint(upper, documents), None
        left = None if reads is None else reads - counted_reads
        more, window, stopped_at = self._read(
            search, count - len(documents), stopped_at, oldest, window, reads=left
        )
        return documents + more, window, stopped_at

    def after(self, search, count, before, hint, stats, reads=None):
        """``(documents, hint, stopped_at)``: the next ``count`` documents after ``before``,
        starting with a window of ``hint``."""
        return self._read(search, count, before, stats["oldest"], hint, reads=reads)

    def count(self, search, up_to, stats, reads=None):
        """``(n, complete)``: how many documents ``search`` matches, up to ``up_to``, reading at
        most ``reads`` documents (``complete`` False if that stopped it). A search of words
        alone reads only ``review_terms``."""
        upper = _newest_bound(search, stats)
        window = self._window_of(search, stats)
        found, window, stopped_at = self._read(
            search, up_to, (upper, None), stats["oldest"], window, reviews=False, reads=reads
        )
        ids = [d["_id"] for d in found[:COUNTED_PAGE]]
        self._counted[search] = (upper, ids, stopped_at, window, reads)
        return len(found), stopped_at is None

    def _first_window(self, search, count, upper, stats):
        """The first window of a first page: back to where the last such page reached, if at
        most a page's worth of reviews came since. That window holds at most two pages, however
        long a quiet stretch the page spans; a window sized by the span alone could not cross
        one without reading far into the busy stretch before it, on every first page. Else the
        stretch the last first page spanned."""
        total = stats["total"]
        reached, total_then = self._first_page_reach.get((search, count), (None, None))
        known = total is not None and total_then is not None
        if reached is not None and known and 0 <= total - total_then <= count and reached < upper:
            return upper - reached + MILLISECOND
        return self._window_of(search, stats)

    def _window_of(self, search, stats):
        """The window the last first page of ``search`` needed; for a search read for the first
        time, ``_window_of_new_search``."""
        return self._first_page_windows.get(search) or self._window_of_new_search(stats)

    def _window_of_new_search(self, stats):
        """The first window of a search read for the first time: the one the last first page of
        all reviews needed (cut to a read's worth), if at most ``NEW_SINCE`` reviews were stored
        since. It holds no more than a read's worth of any search's matches, and a search never
        asked starts there instead of at a millisecond (and windows growing eightfold, empty until
        they reach a common word's newest match). Else a millisecond."""
        window, stored_then = self._newest_page
        stored = stats.get("stored")
        if window is None or stored is None or stored_then is None:
            return FIRST_WINDOW
        return window if 0 <= stored - stored_then <= NEW_SINCE else FIRST_WINDOW


def _newest_bound(search, stats):
    """Where a first page of ``search`` starts reading: after the newest review, or at its
    ``until``."""
    upper = stats["newest"] + MILLISECOND
    return upper if search.until is None else min(upper, search.until)


def read_by_ids(collection, ids):
    """The documents with ``ids``, in that order, read in one query; ``None`` if any is gone
    (deleted since the ids were read)."""
    if not ids:
        return []
    by_id = {d["_id"]: d for d in collection.find({"_id": {"$in": ids}})}
    if len(by_id) < len(ids):
        return None
    return [by_id[i] for i in ids]


def terms_of_reviews(reviews):
    """The ``review_terms`` collection beside ``reviews`` (``db.search``)."""
    return reviews.database.get_collection(TERMS, write_concern=reviews.write_concern)


def joiner(reviews, words=()):
    """A function from ``review_terms`` documents to their reviews, in the same order, each with
    its ``terms``; entries without all of ``words`` and reviews deleted meanwhile are left out."""

    def join(entries):
        entries = [e for e in entries if all(word in e["terms"] for word in words)]
        if not entries:
            return []
        found = {r["_id"]: r for r in reviews.find({"_id": {"$in": [e["_id"] for e in entries]}})}
        return [{**found[e["_id"]], "terms": e["terms"]} for e in entries if e["_id"] in found]

    return join


def history_reader(collection, reads="auto"):
    """The history reader for ``reads``: "windows", "keyset", or "auto" (windows on SecantusDB,
    keyset on MongoDB, told apart by ``buildInfo``). The one place the choice is made."""
    if reads not in HISTORY_READS:
        raise ValueError(f"history reads must be one of {HISTORY_READS}, not {reads!r}")
    if reads == "auto":
        info = collection.database.client.admin.command("buildInfo")
        reads = "windows" if "secantusVersion" in info else "keyset"
    return (WindowedHistory if reads == "windows" else KeysetHistory)(collection)
