"""Liveness and readiness, for load balancers and orchestrators."""

import os

from flask import Blueprint
from pymongo.errors import PyMongoError

from server.api import runtime

bp = Blueprint("health", __name__)


@bp.get("/health")
def health():
    """The process is alive and answering."""
    return {"status": "ok"}


@bp.get("/ready")
def ready():
    """Ready to serve: the database answers and the model is loaded."""
    checks = {"database": "ok", "model": "ok"}
    database = runtime().database
    try:
        database.client.admin.command("ping")
        if not database.ensure_schema():
            checks["database"] = "schema not applied yet"
    except PyMongoError:
        checks["database"] = "unreachable"
    ok = all(value == "ok" for value in checks.values())
    body = {"status": "ready" if ok else "not ready", "checks": checks, "process": os.getpid()}
    body["model_version"] = runtime().shared_model.classifier.version
    return body, 200 if ok else 503
