"""Structured logs: one JSON line per request and per label event, on standard error.

Each request gets an id: the caller's ``X-Request-ID`` if it is a plain token (a load balancer's
or a client's, to follow one request through several systems), else a new one; the answer sends
it back. Lines carry no review text, no search words (the path is logged without its query) and
no header values but that id.
"""

import itertools
import json
import logging
import math
import os
import re
import sys
import time
import uuid
from json.encoder import encode_basestring_ascii

from flask import Request, has_request_context, request

from server.batched_lines import BatchingStreamHandler

REQUEST_ID = "X-Request-ID"
_PLAIN_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
# A new request id: this process's random prefix and a count (unique across processes and
# restarts, without reading the system's random source per request); new in a forked worker.
_id_prefix, _ids = "", None


def _fresh_ids():
    global _id_prefix, _ids
    _id_prefix, _ids = uuid.uuid4().hex[:16], itertools.count(1)


_fresh_ids()
os.register_at_fork(after_in_child=_fresh_ids)


def _new_id():
    return f"{_id_prefix}{next(_ids):016x}"


log = logging.getLogger("sentiment")
_lines = None  # the handler ``configure`` added
_clock = (None, "")  # a second since the epoch, and its date and time of day as text


def time_text(created):
    """``created`` (seconds since the epoch) in ISO 8601, UTC, to the millisecond, as
    ``datetime.fromtimestamp(created, UTC).isoformat(timespec="milliseconds")`` writes it (the
    fraction rounded to the microsecond, then cut); the date and time of day are formatted once
    a second rather than once a line."""
    global _clock
    second = math.floor(created)
    microseconds = round((created - second) * 1e6)
    if microseconds == 1_000_000:
        second, microseconds = second + 1, 0
    clock = _clock  # read once: another thread may replace it meanwhile
    if second != clock[0]:
        clock = _clock = (second, time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(second)))
    return f"{clock[1]}.{microseconds // 1000:03d}+00:00"


def json_line(created, level, event_name, fields):
    line = {"time": time_text(created), "level": level, "event": event_name, **fields}
    return json.dumps(line, default=str)


# A request's line as json_line writes it (a test holds them equal), without building the object
# and walking it: the line is written for every request.
_REQUEST_LINE = (
    '{{"time": "{}", "level": "info", "event": "request", "method": {}, "path": {}, '
    '"endpoint": {}, "status": {}, "duration_ms": {!r}, "model_version": {}, "request_id": {}}}'
)


def request_line(created, fields):
    """``json_line(created, "info", "request", fields)`` for a request's ``fields``."""
    return _REQUEST_LINE.format(
        time_text(created),
        _json_string(fields["method"]),
        _json_string(fields["path"]),
        _json_string(fields["endpoint"]),
        int(fields["status"]),
        float(fields["duration_ms"]),
        _json_string(fields["model_version"]),
        _json_string(fields["request_id"]),
    )


def _json_string(value):
    return "null" if value is None else encode_basestring_ascii(value)


class JSONLines(logging.Formatter):
    """A record as one JSON object: time, level, event, and the record's ``fields``."""

    def format(self, record):
        fields = getattr(record, "fields", {})
        if record.exc_info:
            fields = {**fields, "error": self.formatException(record.exc_info)}
        return json_line(record.created, record.levelname.lower(), record.getMessage(), fields)


def configure(stream=None):
    """Send the app's logs to ``stream`` (standard error) as JSON lines, once per process."""
    root = logging.getLogger()
    if any(isinstance(h.formatter, JSONLines) for h in root.handlers):
        return
    handler = BatchingStreamHandler(stream or sys.stderr)
    handler.setFormatter(JSONLines())
    root.addHandler(handler)
    global _lines
    _lines = handler
    if root.level == logging.NOTSET or root.level > logging.INFO:
        root.setLevel(logging.INFO)


def event(name, **fields):
    """Log ``name`` with ``fields`` (never a review's text), tagged with the request's id."""
    request_id = request.environ.get(REQUEST_ID_KEY) if has_request_context() else None
    if request_id is not None:
        fields["request_id"] = request_id
    log.info(name, extra={"fields": fields})


def install(app, model_version, observe=None, headers_for=None):
    """Give every request of ``app`` an id and a log line, and every answer the headers
    ``headers_for(path)`` gives (pairs); ``model_version()`` names the model serving when it was
    answered; ``observe(endpoint, method, status, seconds)``, if given, is told of every answer.

    Done around the Flask app, as WSGI middleware, rather than in its request hooks: Flask's
    hooks and request proxies cost a request about as much again as all of this. Only the
    endpoint comes from Flask: from its request object, which ``NotedRequest`` leaves in the
    environ."""
    app.request_class = NotedRequest
    app.wsgi_app = RequestFrame(app.wsgi_app, model_version, observe, headers_for)


REQUEST_ID_KEY = "sentiment.request_id"
FLASK_REQUEST_KEY = "sentiment.flask_request"


class NotedRequest(Request):
    """Flask's request, noted in its environ, where ``RequestFrame`` reads the endpoint it
    matched once the app has answered (Flask clears its own note, ``werkzeug.request``)."""

    def __init__(self, environ, *args, **kwargs):
        super().__init__(environ, *args, **kwargs)
        environ[FLASK_REQUEST_KEY] = self


class RequestFrame:
    """WSGI middleware: the request id, the answer's headers, the log line and the metrics."""

    def __init__(self, wsgi_app, model_version, observe, headers_for):
        self._app = wsgi_app
        self._model_version = model_version
        self._observe = observe
        self._headers_for = headers_for or (lambda path: ())

    def __call__(self, environ, start_response):
        started = time.perf_counter()
        given = environ.get("HTTP_X_REQUEST_ID", "")
        request_id = given if _PLAIN_ID.fullmatch(given) else _new_id()
        environ[REQUEST_ID_KEY] = request_id
        path = environ.get("PATH_INFO", "")
        status = [500]

        def framed_start_response(status_line, headers, exc_info=None):
            status[0] = int(status_line[:3])
            headers.append((REQUEST_ID, request_id))
            headers.extend(self._headers_for(path))
            return start_response(status_line, headers, exc_info)

        try:
            return self._app(environ, framed_start_response)
        finally:
            seconds = time.perf_counter() - started
            # popped: the request refers to the environ, and the cycle would wait for the GC
            flask_request = environ.pop(FLASK_REQUEST_KEY, None)
            endpoint = None if flask_request is None else flask_request.endpoint
            method = environ.get("REQUEST_METHOD")
            if self._observe is not None:
                self._observe(endpoint, method, status[0], seconds)
            fields = {
                "method": method,
                "path": path if path.isascii() else path.encode("latin-1").decode(errors="replace"),
                "endpoint": endpoint,
                "status": status[0],
                "duration_ms": round(seconds * 1000, 2),
                "model_version": self._model_version(),
                "request_id": request_id,
            }
            _request_line(fields)


def _request_line(fields):
    """Log a request's line. Straight to the handler ``configure`` added, as it would write
    it, when logging would send it there alone: the record machinery (the caller's frame, the
    thread's name, the handlers up the tree) costs a request more than the line itself. There
    it waits for the handler's next batch (``server.batched_lines``)."""
    handler, root = _lines, logging.getLogger()
    alone = handler is not None and root.handlers == [handler] and not log.handlers
    if (
        not alone
        or log.disabled
        or not log.isEnabledFor(logging.INFO)
        or handler.filters
        or handler.level > logging.INFO
    ):
        log.info("request", extra={"fields": fields})
        return
    handler.add_line(request_line(time.time(), fields) + "\n")
