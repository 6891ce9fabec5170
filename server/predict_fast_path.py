"""``POST /api/predict`` served without Flask's dispatch, for the requests Flask would answer 200.

For one review, Flask's part of a predict (its request context, the URL match, the blueprint's
hooks, the request proxies, a ``Response`` object) cost more than the classification
(docs/performance.md). This WSGI middleware, between
``server.request_log.RequestFrame`` and Flask, answers a predict itself when it sees at once that
the view would answer 200: a JSON body whose length is given and within ``MAX_CONTENT_LENGTH``,
that parses and validates as ``PredictIn``, and the database's schema applied. The answer is the
view's, byte for byte (a test holds them equal). Every other request, and any exception on the
way, goes on to Flask with the body read so far, to be answered as every request is: the errors,
the documented view.

Not installed when ``CORS_ORIGINS`` is set: flask-cors then adds its headers to every answer,
with or without an ``Origin`` in the request.
"""

import io

from werkzeug.http import parse_options_header

from server.api import json_body
from server.request_log import FLASK_REQUEST_KEY
from server.schemas import PredictIn, PredictOut

PATH = "/api/predict"
ENDPOINT = "predict.predict"


class _Matched:
    """What ``RequestFrame`` reads from Flask's request: the endpoint answered."""

    endpoint = ENDPOINT


class PredictFastPath:
    """WSGI middleware for ``app``, whose Flask WSGI callable is ``flask_wsgi_app``."""

    def __init__(self, flask_wsgi_app, app):
        self._flask = flask_wsgi_app
        self._app = app
        self._runtime = app.extensions["runtime"]
        self._max_length = app.config["MAX_CONTENT_LENGTH"]

    def __call__(self, environ, start_response):
        body = self._answer(environ) if self._qualifies(environ) else None
        if body is None:
            return self._flask(environ, start_response)
        environ[FLASK_REQUEST_KEY] = _Matched
        headers = [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
        start_response("200 OK", headers)
        return [body]

    def _qualifies(self, environ):
        return (
            environ.get("PATH_INFO") == PATH
            and environ.get("REQUEST_METHOD") == "POST"
            and _mimetype(environ) == "application/json"
        )

    def _answer(self, environ):
        """The view's answer as bytes, or None for Flask to answer. The body read here is put
        back for Flask to read."""
        try:
            length = int(environ.get("CONTENT_LENGTH", ""))
        except ValueError:
            return None  # not given (chunked), or not a number
        if not 0 < length <= self._max_length:
            return None
        try:
            data = environ["wsgi.input"].read(length)
        except Exception:  # the client's connection failed: Flask finds it so too
            return None
        environ["wsgi.input"] = io.BytesIO(data)
        with self._app.app_context():  # the limits the models check are the app's settings
            try:
                texts = PredictIn.model_validate(self._app.json.loads(data)).texts
                if not self._runtime.database.ensure_schema():
                    return None
                return json_body(PredictOut, self._runtime.reviews.predict(texts)).encode()
            except Exception:  # Flask answers it, as it answers every error
                return None


def _mimetype(environ):
    """The request's ``mimetype`` as Flask's request reads it."""
    return parse_options_header(environ.get("CONTENT_TYPE", ""))[0].lower()
