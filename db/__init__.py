"""Everything that touches MongoDB: connection, schema, repositories and the embedded server."""

from db.checkpoints import CheckpointStore
from db.client import Database, connect, database_name
from db.cursors import InvalidCursor
from db.events import DuplicateLabel, EventLog
from db.ids import InvalidReviewId
from db.import_jobs import ImportJobStore
from db.label_queue import LabelQueueStore
from db.replicas import ReplicaRegistry
from db.reviews import ReviewRepository
from db.schema import ensure_schema
from db.secrets import SecretStore

__all__ = [
    "CheckpointStore",
    "Database",
    "DuplicateLabel",
    "EventLog",
    "ImportJobStore",
    "InvalidCursor",
    "InvalidReviewId",
    "LabelQueueStore",
    "ReplicaRegistry",
    "ReviewRepository",
    "SecretStore",
    "connect",
    "database_name",
    "ensure_schema",
]
