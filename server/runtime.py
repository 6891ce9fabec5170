"""What one process serves with: its database, the shared model and the review service, built
from the settings and closed together (no Flask here: ``server.admin`` uses it too)."""

import logging
import time
from contextlib import suppress

from pymongo.errors import PyMongoError

from classifier import MovieClassifier
from db import (
    CheckpointStore,
    Database,
    EventLog,
    ImportJobStore,
    LabelQueueStore,
    ReplicaRegistry,
    ReviewRepository,
)
from db.label_timeline import LabelTimeline
from db.review_counts import ReviewCounts
from online import SharedModel
from server.importer import Importer
from server.labelling import LabelQueue
from server.model_view import ModelView
from server.services import ReviewService

log = logging.getLogger(__name__)

WARM_UP_TEXT = "Warming up before the first request: a good cast, and not a bad plot."


class Runtime:
    """The process's database connection, shared model, review service and label queue."""

    def __init__(self, settings):
        if not settings.mongodb_uri:
            raise RuntimeError("MONGODB_URI is not set: point it at a MongoDB server")
        self.settings = settings
        self.database = Database(settings.mongodb_uri)
        self.database.ensure_schema()
        database = self.database.database
        self.shared_model = SharedModel(
            MovieClassifier(settings.model_dir),
            EventLog(database),
            CheckpointStore(database),
            ReplicaRegistry(database),  # a label or rollback waits for every serving process
            checkpoint_every=settings.checkpoint_every,
            guard_margin=settings.guard_margin,
            lease_s=settings.model_lease_s,
        )
        repository = ReviewRepository(
            database, settings.history_reads, page_reads=settings.history_page_reads
        )
        self.reviews = ReviewService(repository, self.shared_model)
        timeline = LabelTimeline(self.shared_model.events)
        self.model_view = ModelView(self.shared_model, timeline, ReviewCounts(database))
        self.imports = Importer(
            self.reviews,
            ImportJobStore(database),
            settings.max_review_chars,
            settings.max_import_rows,
        )
        if self.database.schema_ready:  # words an import left unindexed when its process stopped
            with suppress(PyMongoError):
                if repository.word_backlog.batches():
                    self.imports.index_words_later()
        self.label_queue = LabelQueue(
            LabelQueueStore(database), repository, self.shared_model, settings.queue_claim_s
        )

    def warm_up(self):
        """Ready the process to serve before it takes requests (``server/gunicorn_conf.py``):
        the model at the end of the label log, its compiled loops loaded. If the database does
        not answer, the first request reads the log instead."""
        started = time.perf_counter()
        read_log = self.database.schema_ready  # else the database did not answer at start
        try:
            self.shared_model.warm_up(WARM_UP_TEXT, read_log)
        except PyMongoError as error:
            read_log = False
            log.warning("label log not read before serving: %s", type(error).__name__)
        except Exception:  # a warm-up must not stop a worker: its requests will say what fails
            log.exception("warm-up failed")
            return
        if read_log:
            milliseconds = (time.perf_counter() - started) * 1e3
            log.info(
                "ready at position %s in %.0f ms",
                self.shared_model.classifier.position,
                milliseconds,
            )

    def close(self):
        """Leave the lease registry, finish saving checkpoints, close the connection."""
        self.shared_model.close()
        self.database.close()
