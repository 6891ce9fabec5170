"""The serving model: what it is, its versions, and rollback (operators only)."""

from flask import Blueprint, request
from spectree import Response

from online import operator, status
from server.api import json_response, require_database, require_json_body, runtime
from server.auth import operators_only
from server.errors import ApiError
from server.model_schemas import (
    ModelDashboardOut,
    ModelOut,
    RollbackIn,
    RollbackPreviewOut,
    VersionsOut,
)
from server.openapi import validate
from server.schemas import EmptyIn, ErrorOut

bp = Blueprint("model", __name__)
bp.before_request(require_database)
bp.before_request(require_json_body)


def _shared_model():
    return runtime().shared_model


@bp.get("/api/model")
@validate(resp=Response(HTTP_200=ModelOut, HTTP_503=ErrorOut))
def model_info():
    """The model now serving: version, how it was built, online updates, validation metrics."""
    return json_response(ModelOut, status.describe(_shared_model()))


@bp.get("/api/model/versions")
@validate(resp=Response(HTTP_200=VersionsOut, HTTP_503=ErrorOut))
def model_versions():
    """Versions an operator can roll back to: the artifact, every checkpoint, and any position
    below the current one (rebuilt from the log)."""
    return json_response(VersionsOut, status.versions(_shared_model()))


@bp.get("/api/model/dashboard")
@validate(resp=Response(HTTP_200=ModelDashboardOut, HTTP_503=ErrorOut))
def model_dashboard():
    """How the model learns and holds up: labels, agreement with them over time, guard
    accuracy at each confirmation, reviews predicted positive per day, and the drift of recent
    predictions from the guard set's."""
    return json_response(ModelDashboardOut, runtime().model_view.describe())


@bp.get("/api/model/versions/<version>/preview")
@operators_only
@validate(
    resp=Response(HTTP_200=RollbackPreviewOut, HTTP_401=ErrorOut, HTTP_403=ErrorOut,
                  HTTP_422=ErrorOut),
)  # fmt: skip
def preview_rollback(version):
    """What a rollback to ``version`` would change: its guard accuracy and the labels it
    undoes (operator token required: the model is rebuilt to measure it)."""
    shared = _shared_model()
    try:
        position = shared.classifier.position_of(version)
        preview = status.preview_rollback(shared, position)
    except ValueError as error:
        raise ApiError(422, "invalid_version", str(error)) from None
    return json_response(RollbackPreviewOut, preview)


@bp.post("/api/model/rollback")
@operators_only
@validate(
    json=RollbackIn,
    resp=Response(HTTP_200=ModelOut, HTTP_401=ErrorOut, HTTP_403=ErrorOut, HTTP_422=ErrorOut),
)
def rollback():
    """Serve an earlier version on every worker of every replica (operator token required)."""
    shared = _shared_model()
    try:
        position = shared.classifier.position_of(request.context.json.version)
        operator.rollback(shared, position, by="api")
    except ValueError as error:
        raise ApiError(422, "invalid_version", str(error)) from None
    return json_response(ModelOut, status.describe(shared))


@bp.post("/api/model/confirm")
@operators_only
@validate(
    json=EmptyIn,
    resp=Response(HTTP_200=ModelOut, HTTP_401=ErrorOut, HTTP_403=ErrorOut, HTTP_422=ErrorOut),
)
def confirm():
    """Accept the serving model as it is: its guard-set accuracy becomes the baseline that
    online labels are checked against, on every worker of every replica (operator token
    required)."""
    shared = _shared_model()
    operator.confirm(shared, by="api")
    return json_response(ModelOut, status.describe(shared))
