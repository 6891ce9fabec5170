"""The Flask app: ``create_app`` builds it from defaults, the environment and overrides."""

import gc
import logging
import os
import threading
from datetime import datetime

from flask import Flask
from flask.json.provider import DefaultJSONProvider
from flask_cors import CORS

from server import metrics, request_log
from server.api import health, imports, label_queue, model, predict, reviews, session
from server.api import metrics as metrics_api
from server.errors import register_error_handlers
from server.openapi import spec
from server.predict_fast_path import PredictFastPath
from server.rate_limits import limit_writes
from server.runtime import Runtime
from server.settings import load as load_settings
from server.web import build_web_blueprint

log = logging.getLogger(__name__)

API_PATHS = [r"/api/*", r"/classify_review", r"/train_review"]
# Scripts, styles and data only from this origin: no inline script, no plugins, no framing.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
# The API docs page: ReDoc, served from this origin, sets inline styles and runs its search in
# a worker made from a blob.
API_DOCS_POLICY = (
    CONTENT_SECURITY_POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
    + "; worker-src 'self' blob:"
)


class JSONProvider(DefaultJSONProvider):
    """JSON with ISO 8601 datetimes (Flask's default is the HTTP date format)."""

    @staticmethod
    def default(value):
        if isinstance(value, datetime):
            return value.isoformat()
        return DefaultJSONProvider.default(value)


class SentimentFlask(Flask):
    """Flask, with the synchronous form of each hook, view and handler found once.

    Flask asks for it at every call (``inspect`` whether the function is a coroutine function):
    three to five times a request here, for functions that are the same at every request."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._synchronous = {}

    def ensure_sync(self, func):
        try:
            return self._synchronous[func]
        except KeyError:
            synchronous = self._synchronous[func] = super().ensure_sync(func)
            return synchronous


def create_app(overrides=None):
    """Build the app from the settings (``server.settings``: the environment, then
    ``overrides``). ``MONGODB_URI`` is required (``make run`` starts a database and sets it).
    Call ``close_app`` when done with it."""
    settings, flask_config = load_settings(overrides)
    request_log.configure()
    app = SentimentFlask(__name__, static_folder=None)
    app.config.from_mapping(flask_config)
    app.config["MAX_CONTENT_LENGTH"] = settings.max_content_length
    app.json = JSONProvider(app)
    runtime = Runtime(settings)
    app.extensions["settings"] = settings
    app.extensions["runtime"] = runtime
    classifier = runtime.shared_model.classifier
    if not settings.cors_origins:
        app.wsgi_app = PredictFastPath(app.wsgi_app, app)
    request_log.install(
        app,
        lambda: classifier.version,
        metrics.count_request,
        headers_for=_answer_headers(os.getpid()),
    )

    register_error_handlers(app)
    app.register_blueprint(reviews.bp)
    app.register_blueprint(predict.bp)
    app.register_blueprint(model.bp)
    app.register_blueprint(health.bp)
    app.register_blueprint(session.bp)
    app.register_blueprint(label_queue.bp)
    app.register_blueprint(imports.bp)
    app.register_blueprint(metrics_api.bp)
    app.register_blueprint(build_web_blueprint(settings.web_dir))
    if settings.cors_origins:
        CORS(app, resources={path: {"origins": settings.cors_origins} for path in API_PATHS})
    limit_writes(app, settings)
    spec.register(app)
    return app


def _answer_headers(pid):
    """The function giving the headers of every answer of process ``pid`` to a path (the app
    is made in the process that serves it: gunicorn loads it after the fork)."""
    # Which process answered: with many workers and replicas, logs and tests need it.
    common = (("X-Served-By", str(pid)), ("X-Content-Type-Options", "nosniff"))
    page = (*common, ("Content-Security-Policy", CONTENT_SECURITY_POLICY))
    api_docs = (*common, ("Content-Security-Policy", API_DOCS_POLICY))
    return lambda path: api_docs if path.startswith("/apidoc/") else page


def prepare_to_serve(app, wait_s=60):
    """Ready ``app``'s process before it takes requests (``Runtime.warm_up``), then leave what
    was made until now (the model, the modules, the warm-up's caches) out of the garbage
    collector's passes: a full pass walks every object it tracks with the GIL held, and under
    load one comes every few tens of seconds, holding up every request of the process while it
    lasts. Call once, in the process that serves (gunicorn calls it in each worker).

    The warm-up runs in a thread, waited for up to ``wait_s`` seconds: a longer one (a long log
    since the newest checkpoint) goes on while the process serves, its first requests waiting
    for the replay as they would without it, rather than keeping a worker from its first
    heartbeat until gunicorn's timeout kills it, at every boot."""
    warming = threading.Thread(
        target=app.extensions["runtime"].warm_up, name="warm-up", daemon=True
    )
    warming.start()
    warming.join(wait_s)
    gc.freeze()


def close_app(app):
    """Release what ``app`` holds: its lease, checkpoint saves and database connection."""
    app.extensions["runtime"].close()
