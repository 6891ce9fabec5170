"""The processes that serve the model on a lease, and the log position each has applied.

One document per serving process: ``{_id: replica, position, lease_s, beat}``. ``beat`` is a new
ObjectId at every write, so "unchanged" means "not written since". Writers read this to wait
until every leaseholder has applied their event (see ``online.lease``). Nothing here needs
to survive a crash: a lost document only means its process registers again.
"""

from bson import ObjectId

COLLECTION = "model_replicas"


class ReplicaRegistry:
    """Register a serving process, record the position it has applied, list the ones behind."""

    def __init__(self, database):
        self._replicas = database.get_collection(COLLECTION)

    def register(self, replica, position, lease_s):
        """Record ``replica``, holding leases of ``lease_s`` seconds, at ``position``, creating
        its document if it is missing."""
        self._replicas.update_one(
            {"_id": replica}, {"$set": _fields(position, lease_s)}, upsert=True
        )

    def beat(self, replica, position, lease_s):
        """Record that ``replica`` has applied ``position``; False if its document is gone
        (removed as stale), in which case it must register again."""
        result = self._replicas.update_one({"_id": replica}, {"$set": _fields(position, lease_s)})
        return result.matched_count == 1

    def others(self, replica):
        """``{other: (position, beat, lease_s)}`` of every registered process but ``replica``."""
        found = self._replicas.find({"_id": {"$ne": replica}})
        return {r["_id"]: (r["position"], r["beat"], r["lease_s"]) for r in found}

    def remove(self, replica, beat=None):
        """Remove ``replica``'s document; with ``beat``, only if not written since that beat."""
        query = {"_id": replica} if beat is None else {"_id": replica, "beat": beat}
        return self._replicas.delete_one(query).deleted_count == 1


def _fields(position, lease_s):
    return {"position": position, "lease_s": float(lease_s), "beat": ObjectId()}
