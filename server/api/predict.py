"""Classify texts without storing them."""

from flask import Blueprint, request
from spectree import Response

from server.api import json_response, require_database, require_json_body, review_service
from server.openapi import validate
from server.schemas import ErrorOut, PredictIn, PredictOut

bp = Blueprint("predict", __name__)
bp.before_request(require_database)
bp.before_request(require_json_body)


@bp.post("/api/predict")
@validate(
    json=PredictIn,
    resp=Response(HTTP_200=PredictOut, HTTP_400=ErrorOut, HTTP_413=ErrorOut, HTTP_422=ErrorOut),
)
def predict():
    """Predictions for 1 to 10,000 texts, in order, in one vectorized call."""
    return json_response(PredictOut, review_service().predict(request.context.json.texts))
