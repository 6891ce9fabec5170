"""The serving model: what it is, its versions, and rollback (operators only)."""

from flask import Blueprint, current_app, request
from spectree import Response

from server.api import json_response, require_json_body
from server.auth import operators_only
from server.errors import ApiError
from server.openapi import validate
from server.schemas import EmptyIn, ErrorOut, ModelOut, RollbackIn, VersionsOut

bp = Blueprint("model", __name__)
bp.before_request(require_json_body)


def _shared_model():
    return current_app.extensions["shared_model"]


@bp.get("/api/model")
@validate(resp=Response(HTTP_200=ModelOut, HTTP_503=ErrorOut))
def model_info():
    """The model now serving: version, how it was built, online updates, validation metrics."""
    shared = _shared_model()
    shared.sync()
    return json_response(ModelOut, _describe(shared))


def _describe(shared):
    classifier = shared.classifier
    manifest = classifier.manifest
    checkpoint = shared.checkpoints.newest(shared.base_version)
    return {
        "version": classifier.version,
        "base_version": classifier.base_version,
        "position": classifier.position,
        "online_updates": shared.online_updates,
        "built": {
            "created_at": manifest["created_at"],
            "training_data": manifest["training_data"],
            "parameters": manifest["parameters"],
        },
        "validation": manifest["validation"],
        "latest_checkpoint": checkpoint
        and {"position": checkpoint["_id"], "created_at": checkpoint["created_at"]},
        "log": shared.events.count(),
        "guard": shared.guard,
    }


@bp.get("/api/model/versions")
@validate(resp=Response(HTTP_200=VersionsOut, HTTP_503=ErrorOut))
def model_versions():
    """Versions an operator can roll back to: the artifact, every checkpoint, and any position
    below the current one (rebuilt from the log)."""
    shared = _shared_model()
    position = shared.sync()
    classifier = shared.classifier
    versions = [
        {
            "version": classifier.version_at(record["_id"]),
            "position": record["_id"],
            "kind": "checkpoint",
            "created_at": record["created_at"],
        }
        for record in shared.checkpoints.list(shared.base_version)
    ]
    versions.append(
        {
            "version": classifier.base_version,
            "position": 0,
            "kind": "artifact",
            "created_at": classifier.manifest["created_at"],
        }
    )
    return json_response(
        VersionsOut,
        {"serving": classifier.version_at(position), "position": position, "versions": versions},
    )


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
        shared.rollback(shared.classifier.position_of(request.context.json.version), by="api")
    except ValueError as error:
        raise ApiError(422, "invalid_version", str(error)) from None
    return json_response(ModelOut, _describe(shared))


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
    shared.confirm(by="api")
    return json_response(ModelOut, _describe(shared))
