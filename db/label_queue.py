"""The "needs a label" queue's storage: unlabelled reviews by how sure their stored prediction
is, and short claims that keep two people from labelling the same review at once.

A claim is a document in ``label_claims`` keyed by the review's ``_id``: taking one is a single
insert, or a conditional update of an expired one (or one the same claimer already holds), so
two processes racing for a review cannot both win. Each claimer holds one claim at a time; a
claim expires by itself after its time, whether or not the claimer comes back.
"""

from datetime import UTC, timedelta

from pymongo.errors import DuplicateKeyError

from db.conventions import DURABLE, now
from db.ids import parse_id
from db.reviews import COUNT_UP_TO
from db.search import UNSURE_BELOW

FIRST_BAND = 1 / 512  # of probability: the first band read is [0.5, 0.502)
_CANDIDATE_FIELDS = {
    "text": 1,
    "created_at": 1,
    "sentiment": 1,
    "probability": 1,
    "model_version": 1,
}


class LabelQueueStore:
    """Read the queue's candidates and take or give up claims on them."""

    def __init__(self, database):
        self._reviews = database.get_collection("reviews", write_concern=DURABLE)
        self._claims = database.get_collection("label_claims", write_concern=DURABLE)

    def candidates(self, count, leave_out=()):
        """Up to ``count`` unlabelled reviews, the least sure stored prediction first (by the
        ``unlabelled_least_sure`` index), leaving out the ids in ``leave_out``.

        SecantusDB reads every match of a query before it limits, so this reads bands of
        probability from 0.5 up, each twice as wide as the last, until enough are found.
        """
        leave_out = {parse_id(i) if isinstance(i, str) else i for i in leave_out}
        found, low, width = [], 0.5, FIRST_BAND
        while len(found) < count and low <= 1:
            high = low + width
            band = {"$gte": low, "$lt": high} if high <= 1 else {"$gte": low}
            cursor = self._reviews.find({"labelled": False, "probability": band}, _CANDIDATE_FIELDS)
            cursor = cursor.sort([("labelled", 1), ("probability", 1), ("_id", 1)])
            found += [d for d in cursor if d["_id"] not in leave_out]
            low, width = high, width * 2
        found = found[:count]
        for document in found:
            document["_id"] = str(document["_id"])
            document["created_at"] = document["created_at"].replace(tzinfo=UTC)
        return found

    def claimed_by_others(self, claimer):
        """The ids of reviews that someone other than ``claimer`` holds an unexpired claim on."""
        held = self._claims.find({"until": {"$gt": now()}}, {"by": 1})
        return {str(c["_id"]) for c in held if c["by"] != claimer}

    def claim(self, review_id, claimer, seconds):
        """Claim the review for ``claimer`` for ``seconds``; return the claim's expiry, or
        ``None`` if someone else holds it. The claimer's other claims are given up."""
        oid, moment = parse_id(review_id), now()
        until = moment + timedelta(seconds=seconds)
        claim = {"by": claimer, "until": until}
        try:
            self._claims.insert_one({"_id": oid, **claim})
        except DuplicateKeyError:
            taken = self._claims.update_one({"_id": oid, "by": claimer}, {"$set": claim})
            if not taken.matched_count:
                expired = {"_id": oid, "until": {"$lte": moment}}
                if not self._claims.update_one(expired, {"$set": claim}).matched_count:
                    return None
        self._claims.delete_many({"by": claimer, "_id": {"$ne": oid}})
        return until

    def count_unsure(self):
        """``(count, exact)`` of unlabelled reviews whose stored prediction is unsure, exact up
        to ``COUNT_UP_TO`` (counting reads each match)."""
        query = {"labelled": False, "probability": {"$lt": UNSURE_BELOW}}
        found = self._reviews.count_documents(query, limit=COUNT_UP_TO + 1)
        return min(found, COUNT_UP_TO), found <= COUNT_UP_TO
