"""Import reviews from an uploaded file: rows read from the stream in batches, each batch
classified in one vectorized call and stored in one insert, the job's progress recorded after
each batch. A row's label goes through the same guard and label log as ``train_review``.

What a refusal names was not stored: a refused row stores nothing, a file that cannot be read
further (not UTF-8, too big, too many rows) stops there and says which lines were imported.

The reviews' words are indexed for search after the file is stored, in a thread of their own
(``db.word_backlog``): the job is done when its reviews are stored, listed and counted, and its
``words_indexed`` says how many of them a search by words finds yet.
"""

import logging
import threading
from contextlib import suppress

from db.conventions import now
from online import LabelRefused
from server.import_files import READERS, BadFile, ByteLines, Refusal, Row

log = logging.getLogger(__name__)

BATCH_ROWS = 500
MAX_LINE_BYTES = 1024 * 1024


class Importer:
    """Run import jobs on a stream of the file's bytes."""

    def __init__(self, service, jobs, max_review_chars, max_rows):
        self.service = service
        self.jobs = jobs
        self.max_review_chars = max_review_chars
        self.max_rows = max_rows

    def run(self, job_id, stream, file_format):
        """Import the file; return the finished job. The job is failed, with what was stored
        before the failure kept and said, if the file cannot be read to its end. The words of
        what was stored are indexed afterwards, in a thread (``index_words_later``)."""
        try:
            return self._run(job_id, stream, file_format)
        finally:
            self.index_words_later(job_id)

    def index_words_later(self, job_id=None):
        """Index the words waiting in the backlog (of one job, or all: what a process that
        stopped left) in a thread; each job counts its ``words_indexed``."""
        thread = threading.Thread(
            target=self._index_words, args=(job_id,), name="word-index", daemon=True
        )
        thread.start()
        return thread

    def _index_words(self, job_id):
        try:
            self.service.repository.index_words(job_id, self.jobs.words_indexed)
        except Exception:  # the backlog stays: the next start of a process indexes it
            log.exception("indexing the words of imported reviews stopped")

    def _run(self, job_id, stream, file_format):
        lines = ByteLines(stream, MAX_LINE_BYTES)
        rows = READERS[file_format](lines)
        seen = 0
        try:
            for batch in _batches(rows):
                if seen + len(batch) > self.max_rows:
                    batch = batch[: self.max_rows - seen]
                    self._store(job_id, batch, lines.bytes_read)
                    return self.jobs.finish(
                        job_id,
                        f"The file has more than {self.max_rows:,} rows: the rows after line "
                        f"{batch[-1].line if batch else 1:,} were not imported.",
                    )
                seen += len(batch)
                self._store(job_id, batch, lines.bytes_read)
        except BadFile as error:
            return self.jobs.finish(job_id, _stopped(str(error), error.line))
        except BaseException:
            self._fail_quietly(
                job_id,
                "The import stopped on a server error; upload it again: "
                "rows already stored are not stored twice if they have an id.",
            )
            raise
        return self.jobs.finish(job_id)

    def describe(self, job):
        """The job, with an estimate of the seconds left while it runs."""
        if job["state"] == "running" and job["bytes_read"] and job.get("started_at"):
            elapsed = max((now() - job["started_at"]).total_seconds(), 0.001)
            rate = job["bytes_read"] / elapsed
            job["seconds_left"] = max(job["size"] - job["bytes_read"], 0) / rate
        return job

    def _fail_quietly(self, job_id, message):
        with suppress(Exception):  # the database itself may be what failed
            self.jobs.finish(job_id, message)

    def _store(self, job_id, batch, bytes_read):
        refusals = [{"line": r.line, "reason": r.reason} for r in batch if isinstance(r, Refusal)]
        rows = []
        for row in batch:
            if not isinstance(row, Row):
                continue
            if len(row.text) > self.max_review_chars:
                reason = f"the text is longer than {self.max_review_chars:,} characters"
                refusals.append({"line": row.line, "reason": reason})
            else:
                rows.append(row)
        counts = {"rows": len(batch), "refused": len(refusals), "stored": 0, "duplicates": 0,
                  "labelled": 0, "labels_refused": 0}  # fmt: skip
        if rows:
            predictions = self.service.predict([row.text for row in rows])["predictions"]
            entries = [(r.text, p, r.client_id) for r, p in zip(rows, predictions, strict=True)]
            stored_ids = self.service.repository.create_many(entries, words_later_for=job_id)
            for row, review_id in zip(rows, stored_ids, strict=True):
                if review_id is None:
                    counts["duplicates"] += 1
                    continue
                counts["stored"] += 1
                if row.label is not None:
                    refusal = self._label(review_id, row)
                    if refusal:
                        counts["labels_refused"] += 1
                        refusals.append(refusal)
                    else:
                        counts["labelled"] += 1
        refusals.sort(key=lambda refusal: refusal["line"])
        self.jobs.progress(job_id, counts, refusals, bytes_read)

    def _label(self, review_id, row):
        try:
            self.service.train(review_id, row.label)
        except LabelRefused as refused:
            return {
                "line": row.line,
                "reason": f"stored, but its label was not learnt: it would take the guard "
                f"accuracy to {refused.accuracy_after:.1%}, under its floor",
            }
        return None


def _batches(rows):
    """``rows`` in lists of ``BATCH_ROWS``; when the file turns out unreadable, the rows read
    before that come first, then the error."""
    batch = []
    try:
        for row in rows:
            batch.append(row)
            if len(batch) == BATCH_ROWS:
                yield batch
                batch = []
    except BadFile:
        if batch:
            yield batch
        raise
    if batch:
        yield batch


def _stopped(message, line):
    if line is None or line <= 1:
        return message
    return f"{message} Lines before line {line:,} were imported; nothing from it on."
