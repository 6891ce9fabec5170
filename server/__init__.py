"""The Flask app: ``create_app`` builds it from defaults, the environment and overrides."""

import logging
import os
import threading
import time
from datetime import datetime

from flask import Flask, request
from flask.json.provider import DefaultJSONProvider
from flask_cors import CORS
from pymongo.errors import PyMongoError

from classifier import MovieClassifier
from db import (
    CheckpointStore,
    EventLog,
    ReplicaRegistry,
    ReviewRepository,
    connect,
    database_name,
    ensure_schema,
)
from online import SharedModel
from server import config
from server.api import health, model, predict, reviews, session
from server.errors import DatabaseUnavailable, register_error_handlers
from server.openapi import spec
from server.rate_limits import limit_writes
from server.services import ReviewService
from server.web import build_web_blueprint

log = logging.getLogger(__name__)

API_PATHS = [r"/api/*", r"/classify_review", r"/train_review"]
# Scripts, styles and data only from this origin: no inline script, no plugins, no framing.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


class JSONProvider(DefaultJSONProvider):
    """JSON with ISO 8601 datetimes (Flask's default is the HTTP date format)."""

    @staticmethod
    def default(value):
        if isinstance(value, datetime):
            return value.isoformat()
        return DefaultJSONProvider.default(value)


# Endpoints that answer without the database: the process's health, the page, the API docs.
NO_DATABASE = {"health.health", "health.ready", "web.index", "web.static"}


class Database:
    """The process's MongoDB client and database; the schema is applied once it is reachable.

    While the database is unreachable, requests that need it are answered 503 at once: one
    attempt per ``RETRY_S`` waits for the server, the others do not queue behind it.
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


def create_app(overrides=None):
    """Build the app. ``MONGODB_URI`` is required (``make run`` starts a database and sets it)."""
    app = Flask(__name__, static_folder=None)
    app.config.from_mapping(config.DEFAULTS)
    app.config.from_mapping(config.from_environment())
    app.config.from_mapping(overrides or {})
    if not app.config["MONGODB_URI"]:
        raise RuntimeError("MONGODB_URI is not set: point it at a MongoDB server")
    if not 0 <= app.config["MODEL_LEASE_S"] <= config.MAX_LEASE_S:
        # a writer may wait a whole lease for a process that went silent
        raise RuntimeError(f"MODEL_LEASE_S must be between 0 and {config.MAX_LEASE_S} seconds")
    app.json = JSONProvider(app)

    database = Database(app.config["MONGODB_URI"])
    database.ensure_schema()
    app.extensions["database"] = database
    shared_model = SharedModel(
        MovieClassifier(app.config["MODEL_DIR"]),
        EventLog(database.database),
        CheckpointStore(database.database),
        ReplicaRegistry(database.database),
        checkpoint_every=app.config["CHECKPOINT_EVERY"],
        guard_margin=app.config["GUARD_MARGIN"],
        lease_s=app.config["MODEL_LEASE_S"],
    )
    app.extensions["shared_model"] = shared_model
    app.extensions["review_service"] = ReviewService(
        ReviewRepository(database.database), shared_model
    )

    @app.before_request
    def _database_before_use():
        endpoint = request.endpoint
        if endpoint is None or endpoint in NO_DATABASE or endpoint.startswith("openapi"):
            return
        if not database.ensure_schema():
            raise DatabaseUnavailable()

    @app.after_request
    def _headers(response):
        # Which process answered: with many workers and replicas, logs and tests need it.
        response.headers["X-Served-By"] = str(os.getpid())
        response.headers["X-Content-Type-Options"] = "nosniff"
        if not request.path.startswith("/apidoc/"):  # the API docs pages load their CDN scripts
            response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        return response

    register_error_handlers(app)
    app.register_blueprint(reviews.bp)
    app.register_blueprint(predict.bp)
    app.register_blueprint(model.bp)
    app.register_blueprint(health.bp)
    app.register_blueprint(session.bp)
    app.register_blueprint(build_web_blueprint(app.config["WEB_DIR"]))
    if app.config["CORS_ORIGINS"]:
        CORS(app, resources={path: {"origins": app.config["CORS_ORIGINS"]} for path in API_PATHS})
    limit_writes(app)
    spec.register(app)
    return app
