"""``GET /metrics`` for Prometheus: only with the scraper's bearer token, absent without one."""

from flask import Blueprint
from pymongo.errors import PyMongoError

from server import metrics
from server.api import runtime, settings
from server.auth import bears
from server.errors import ApiError

bp = Blueprint("metrics", __name__)


@bp.get("/metrics")
def scrape():
    token = settings().metrics_token
    if not token:  # not served: as if there were no such page
        raise ApiError(404, "not_found", "The requested URL was not found on the server.")
    if not bears(token):
        raise ApiError(
            401,
            "unauthorized",
            "Send the metrics token as 'Authorization: Bearer <METRICS_TOKEN>'.",
            headers={"WWW-Authenticate": 'Bearer realm="metrics"'},
        )
    body, content_type = metrics.exposition(_model_state)
    return body, 200, {"Content-Type": content_type}


def _model_state():
    """The model as this process serves it (up to date with the log if the database answers)
    and the import jobs running (``None`` if it does not)."""
    app_runtime = runtime()
    shared = app_runtime.shared_model
    try:
        shared.sync()
        imports_running = app_runtime.imports.jobs.running()
    except PyMongoError:
        imports_running = None
    classifier = shared.classifier
    return {
        "version": classifier.version,
        "base_version": classifier.base_version,
        "position": classifier.position,
        "guard_accuracy": shared.guard.accuracy(),
        "imports_running": imports_running,
    }
