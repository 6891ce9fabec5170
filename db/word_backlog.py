"""The words of imported reviews, waiting to be indexed for search.

A review's words are about a hundred entries in the array index of ``review_terms``
(``db.search``): on SecantusDB most of what storing an imported review costs. An import stores
each batch of reviews at once, listed, counted and exported like any other, and the batch's words
here, one document per batch; ``index`` moves a batch into ``review_terms`` afterwards, so a big
file is stored a few times sooner and searchable by words a few minutes later. Moving a batch
twice stores nothing twice (its entries are keyed by review); a review deleted before its words
were indexed leaves an empty entry that keeps them out (``ReviewRepository.delete``).
"""

from datetime import UTC, datetime, timedelta

from bson import ObjectId
from pymongo.errors import BulkWriteError

from db.conventions import DURABLE, now

CLAIM = timedelta(minutes=10)  # a process indexing a batch has it to itself this long
NEVER = datetime(1970, 1, 1, tzinfo=UTC)


class WordBacklog:
    """Batches of ``review_terms`` entries waiting to be written."""

    def __init__(self, database):
        self._backlog = database.get_collection("word_backlog", write_concern=DURABLE)
        self._terms = database.get_collection("review_terms", write_concern=DURABLE)

    def add(self, job, entries):
        """Keep ``entries`` (``review_terms`` documents) for later, as part of import ``job``."""
        packed = [
            {"_id": e["_id"], "created_at": e["created_at"], "terms": " ".join(e["terms"])}
            for e in entries
        ]
        batch = {"_id": ObjectId(), "job": job, "claimed_until": NEVER, "entries": packed}
        self._backlog.insert_one(batch)

    def batches(self, job=None):
        """The ids of the batches waiting (of one ``job``, or all)."""
        query = {} if job is None else {"job": job}
        return [batch["_id"] for batch in self._backlog.find(query, {"_id": 1})]

    def index(self, batch_id):
        """Write one batch into ``review_terms`` and drop it; ``(job, entries written)``, or
        ``None`` if another process has it or it is gone."""
        moment = now()
        claim = {"_id": batch_id, "claimed_until": {"$lt": moment}}
        taken = self._backlog.update_one(claim, {"$set": {"claimed_until": moment + CLAIM}})
        if not taken.matched_count:
            return None
        batch = self._backlog.find_one({"_id": batch_id})
        entries = [
            {"_id": e["_id"], "created_at": e["created_at"], "terms": e["terms"].split()}
            for e in batch["entries"]
        ]
        written = len(entries)
        try:
            self._terms.insert_many(entries, ordered=False)
        except BulkWriteError as error:  # entries already there (a batch moved twice, a delete)
            failures = error.details["writeErrors"]
            if any(failure["code"] != 11000 for failure in failures):
                raise
            written -= len(failures)
        self._backlog.delete_one({"_id": batch_id})
        return batch["job"], written
