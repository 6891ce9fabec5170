"""One JSON error shape for every failure: ``{"error": {"code", "message"[, "details"]}}``."""

import logging

from flask import jsonify
from pymongo.errors import ConnectionFailure, PyMongoError
from werkzeug.exceptions import HTTPException

from server.metrics import DATABASE_ERRORS

log = logging.getLogger(__name__)

# Werkzeug's exceptions, by status, as stable machine-readable codes.
_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    429: "too_many_requests",
}


class ApiError(Exception):
    """An error to answer with ``status`` and the JSON error body."""

    def __init__(self, status, code, message, details=None, headers=None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.headers = headers or {}


class DatabaseUnavailable(ConnectionFailure):
    """The database has not been reachable yet: the request was not attempted."""


def error_response(status, code, message, details=None, headers=None):
    """Build the one JSON error response."""
    body = {"code": code, "message": message}
    if details is not None:
        body["details"] = details
    response = jsonify(error=body)
    response.status_code = status
    response.headers.update(headers or {})
    return response


def register_error_handlers(app):
    """Answer every error, ours or the framework's, in the JSON error shape."""

    @app.errorhandler(ApiError)
    def _api_error(error):
        return error_response(error.status, error.code, error.message, error.details, error.headers)

    @app.errorhandler(429)
    def _over_budget(error):
        # flask-limiter's own text is the limit alone ("60 per 1 minute"); it adds Retry-After.
        limit = getattr(getattr(error, "limit", None), "limit", None)
        allowed = f" (at most {limit} from one address)" if limit else ""
        return error_response(
            429,
            "too_many_requests",
            f"Too many changes at once{allowed}: wait the seconds in Retry-After, then try again.",
        )

    @app.errorhandler(HTTPException)
    def _http_error(error):
        code = _HTTP_CODES.get(error.code, "http_error")
        headers = dict(error.get_headers())
        headers.pop("Content-Type", None)
        return error_response(error.code, code, error.description, headers=headers)

    @app.errorhandler(ConnectionFailure)
    def _database_unavailable(error):
        # The class only: pymongo's messages name hosts, and a URI may carry a password.
        log.warning("database unavailable: %s", type(error).__name__)
        DATABASE_ERRORS.labels("unavailable").inc()
        return error_response(
            503,
            "database_unavailable",
            "The database is not reachable right now; try again shortly.",
            headers={"Retry-After": "5"},
        )

    @app.errorhandler(PyMongoError)
    def _database_error(error):
        log.error(
            "database error: %s (code %s)", type(error).__name__, getattr(error, "code", None)
        )
        DATABASE_ERRORS.labels("failed").inc()
        return error_response(
            503, "database_error", "The database could not complete the request.",
            headers={"Retry-After": "5"},
        )  # fmt: skip

    @app.errorhandler(Exception)
    def _unexpected(error):
        log.exception("unhandled error")
        return error_response(500, "internal_error", "Something went wrong on our side.")
