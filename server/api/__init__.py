"""The JSON API's blueprints and the helpers they share."""

from flask import current_app, request
from werkzeug.exceptions import BadRequest

from server.errors import ApiError


def review_service():
    """The app's ``ReviewService``."""
    return current_app.extensions["review_service"]


def require_json_body():
    """Before a POST: insist on a JSON body that parses, so views see only well-formed input.

    Flask enforces ``MAX_CONTENT_LENGTH`` while reading, answering 413 before the rest of an
    oversized body is read.
    """
    if request.method != "POST":
        return
    if request.mimetype != "application/json":
        raise ApiError(415, "unsupported_media_type", "Send the body as application/json.")
    try:
        request.get_json()
    except BadRequest:
        raise ApiError(400, "invalid_json", "The body is not valid UTF-8 JSON.") from None
    except RecursionError:
        raise ApiError(400, "invalid_json", "The JSON body is nested too deeply.") from None
