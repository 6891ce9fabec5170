"""The connection to MongoDB: one client per process, the database the app uses, its schema."""

import logging
import threading
import time

from pymongo import MongoClient
from pymongo.errors import PyMongoError
from pymongo.uri_parser import parse_uri

from db.schema import ensure_schema

log = logging.getLogger(__name__)

DEFAULT_DATABASE = "moviereviews"


def connect(uri, **options):
    """Return a ``MongoClient`` for ``uri`` that fails fast when the server is unreachable
    (timeouts the URI sets are kept: pymongo lets keyword options override the URI's).

    Call it after the WSGI server forks: a client must not cross a fork.
    """
    in_uri = parse_uri(uri)["options"]
    for name, default in (("serverSelectionTimeoutMS", 3000), ("connectTimeoutMS", 3000)):
        if name not in in_uri:
            options.setdefault(name, default)
    options.setdefault("tz_aware", True)
    return MongoClient(uri, **options)


def database_name(uri, default=DEFAULT_DATABASE):
    """The database named in the URI's path, else ``default``."""
    return parse_uri(uri).get("database") or default


class Database:
    """The process's MongoDB client and database; the schema is applied once it is reachable.

    While the database is unreachable, callers that need it are told at once: one attempt per
    ``RETRY_S`` waits for the server, the others do not queue behind it.
    """

    RETRY_S = 1.0

    def __init__(self, uri):
        self.client = connect(uri)
        self.database = self.client[database_name(uri)]
        self.schema_ready = False
        self._last_attempt = float("-inf")
        self._lock = threading.Lock()

    def ensure_schema(self):
        """Apply collections, validators and indexes if not yet done; return whether done."""
        if self.schema_ready:
            return True
        if not self._lock.acquire(blocking=False):
            return False  # another thread is trying right now
        try:
            if time.monotonic() - self._last_attempt >= self.RETRY_S:
                self._last_attempt = time.monotonic()
                ensure_schema(self.database)
                self.schema_ready = True
                log.info("database reachable, schema applied")
        except PyMongoError as error:
            log.warning("database not ready, schema not applied yet: %s", type(error).__name__)
        finally:
            self._lock.release()
        return self.schema_ready

    def close(self):
        self.client.close()
