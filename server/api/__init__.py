"""The JSON API's blueprints and the helpers they share."""

from flask import current_app, request
from werkzeug.exceptions import BadRequest

from server.errors import ApiError, DatabaseUnavailable


def runtime():
    """The app's ``Runtime``: its database, shared model and review service."""
    return current_app.extensions["runtime"]


def settings():
    """The app's ``Settings``."""
    return current_app.extensions["settings"]


def review_service():
    """The app's ``ReviewService``."""
    return current_app.extensions["runtime"].reviews


def json_response(model, payload, status=200, headers=None):
    """``payload`` validated as ``model`` and serialized by pydantic, with the keys it has.

    Every documented view answers through here, so its answer is checked against the model
    the OpenAPI document shows for it (spectree only documents, see
    ``server.openapi.validate``); pydantic validates and encodes in Rust. Keys the payload
    leaves out (a review's feedback before there is any) stay out; ones the model does not
    declare are dropped.
    """
    body = json_body(model, payload)
    return current_app.response_class(body, status, headers, mimetype="application/json")


def json_body(model, payload):
    """``payload`` validated as ``model``, as ``json_response``'s body (a ``str``)."""
    return model.model_validate(payload).model_dump_json(by_alias=True, exclude_unset=True)


def require_database():
    """Before each request of a blueprint that uses the database: its schema applied (a request
    after the database came back applies it), else 503 at once."""
    if not current_app.extensions["runtime"].database.ensure_schema():
        raise DatabaseUnavailable()


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
