"""The "needs a label" queue: the next review a person's label would teach the model most."""

from flask import Blueprint, request
from spectree import Response

from server.api import json_response, require_database, require_json_body, runtime
from server.auth import trainers_only
from server.openapi import validate
from server.schemas import ErrorOut
from server.workspace_schemas import QueueNextIn, QueueNextOut

bp = Blueprint("label_queue", __name__)
bp.before_request(require_database)
bp.before_request(require_json_body)


@bp.post("/api/queue/next")
@trainers_only
@validate(
    json=QueueNextIn,
    resp=Response(HTTP_200=QueueNextOut, HTTP_401=ErrorOut, HTTP_422=ErrorOut, HTTP_503=ErrorOut),
)
def next_review():
    """Claim the unlabelled review the current model is least sure of (re-scored with the
    current version), for the `claimer` alone for a short time. Label it with `train_review`.
    Needs the operator token or a session of the app's page, as training does."""
    body = request.context.json
    return json_response(QueueNextOut, runtime().label_queue.next(body.claimer, body.skip))
