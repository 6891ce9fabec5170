"""Import jobs: what an upload has done so far, readable by any process while it runs."""

from datetime import UTC

from bson import ObjectId
from pymongo import ReturnDocument

from db.conventions import DURABLE, now
from db.ids import parse_id

MAX_REFUSALS_KEPT = 100  # the first refused rows, with line and reason; the rest are counted


def _public(job):
    if job is None:
        return None
    job = dict(job)
    job["_id"] = str(job["_id"])
    for key in ("created_at", "started_at", "finished_at", "updated_at"):
        if job.get(key) is not None:
            job[key] = job[key].replace(tzinfo=UTC)
    return job


class ImportJobStore:
    """Create import jobs, record their progress and read them."""

    def __init__(self, database):
        self._jobs = database.get_collection("import_jobs", write_concern=DURABLE)

    def create(self, name, file_format, size):
        """A new job waiting for its file of ``size`` bytes."""
        moment = now()
        job = {
            "_id": ObjectId(),
            "name": name,
            "format": file_format,
            "size": size,
            "state": "waiting",
            "created_at": moment,
            "updated_at": moment,
            "bytes_read": 0,
            "rows": 0,
            "stored": 0,
            "duplicates": 0,
            "labelled": 0,
            "labels_refused": 0,
            "refused": 0,
            "refusals": [],
            "words_indexed": 0,
        }
        self._jobs.insert_one(job)
        return _public(job)

    def get(self, job_id):
        return _public(self._jobs.find_one({"_id": parse_id(job_id)}))

    def running(self):
        """How many jobs are not finished (waiting for their file, or running)."""
        return self._jobs.count_documents({"state": {"$in": ["waiting", "running"]}})

    def start(self, job_id):
        """Mark the job running; ``None`` unless it was waiting (a file is taken once)."""
        moment = now()
        job = self._jobs.find_one_and_update(
            {"_id": parse_id(job_id), "state": "waiting"},
            {"$set": {"state": "running", "started_at": moment, "updated_at": moment}},
            return_document=ReturnDocument.AFTER,
        )
        return _public(job)

    def progress(self, job_id, counts, refusals, bytes_read):
        """Add ``counts`` (rows, stored, duplicates, labelled, labels_refused, refused) and
        keep the first refusals."""
        update = {
            "$inc": counts,
            "$set": {"bytes_read": bytes_read, "updated_at": now()},
        }
        if refusals:
            update["$push"] = {"refusals": {"$each": refusals, "$slice": MAX_REFUSALS_KEPT}}
        self._jobs.update_one({"_id": parse_id(job_id)}, update)

    def words_indexed(self, job_id, n):
        """``n`` more of the job's stored reviews can be searched by words."""
        self._jobs.update_one({"_id": parse_id(job_id)}, {"$inc": {"words_indexed": n}})

    def finish(self, job_id, error=None):
        """The job is done, or failed with ``error`` (what was stored before it stays)."""
        moment = now()
        fields = {
            "state": "failed" if error else "done",
            "finished_at": moment,
            "updated_at": moment,
        }
        if error:
            fields["error"] = error
        job = self._jobs.find_one_and_update(
            {"_id": parse_id(job_id)}, {"$set": fields}, return_document=ReturnDocument.AFTER
        )
        return _public(job)
