"""Model checkpoints in GridFS, each recorded with the log position it reflects and its hash.

A checkpoint at position ``p`` is the model after applying label events ``1..p`` to the
shipped artifact named ``base_version``. Its record's ``_id`` is ``p``: the first process to
claim it saves it, the others skip it. A new replica starts from the newest checkpoint of its
artifact instead of replaying the whole log.
"""

from gridfs import GridFSBucket
from pymongo import DESCENDING
from pymongo.errors import DuplicateKeyError

from db.conventions import DURABLE, now


class CheckpointStore:
    """Save, find and read model checkpoints."""

    def __init__(self, database):
        self._records = database.get_collection("checkpoints", write_concern=DURABLE)
        self._files = GridFSBucket(database, bucket_name="checkpoint_files", write_concern=DURABLE)

    def claim(self, position, base_version):
        """Reserve the checkpoint at ``position`` for this process; False if another has it.

        Serialising a model costs about a second of CPU, so only the process that wins the
        claim does it. A claim whose process died is simply never completed; ``newest`` skips it.
        """
        try:
            self._records.insert_one(
                {"_id": position, "base_version": base_version, "claimed_at": now()}
            )
        except DuplicateKeyError:
            return False
        return True

    def save(self, position, blob, sha256, online_updates, guard_baseline=None):
        """Store ``blob`` as the claimed checkpoint at ``position``, with how many online
        updates its model has and the guard accuracy last confirmed before it."""
        file_id = self._files.upload_from_stream(
            f"model-{position}.joblib", blob, metadata={"sha256": sha256}
        )
        self._records.update_one(
            {"_id": position},
            {
                "$set": {
                    "file_id": file_id,
                    "sha256": sha256,
                    "online_updates": online_updates,
                    "guard_baseline": guard_baseline,
                    "size_bytes": len(blob),
                    "created_at": now(),
                }
            },
        )

    def newest(self, base_version, at_most=None):
        """The record of the newest checkpoint of ``base_version`` at or below ``at_most``."""
        query = {"base_version": base_version, "file_id": {"$exists": True}}
        if at_most is not None:
            query["_id"] = {"$lte": at_most}
        return self._records.find_one(query, sort=[("_id", DESCENDING)])

    def read(self, record):
        """The checkpoint's bytes (check them against ``record["sha256"]`` before loading)."""
        return self._files.open_download_stream(record["file_id"]).read()

    def list(self, base_version, limit=100):
        """Records of the newest checkpoints of ``base_version``, newest first."""
        query = {"base_version": base_version, "file_id": {"$exists": True}}
        found = self._records.find(query, {"file_id": 0})
        return list(found.sort("_id", DESCENDING).limit(limit))
