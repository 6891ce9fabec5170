"""Structured logs: one JSON line per request and per label event, on standard error.

Each request gets an id: the caller's ``X-Request-ID`` if it is a plain token (a load balancer's
or a client's, to follow one request through several systems), else a new one; the answer sends
it back. Lines carry no review text, no search words (the path is logged without its query) and
no header values but that id.
"""

import itertools
import json
import logging
import os
import re
import sys
import time
import uuid
from datetime import UTC, datetime

from flask import g, has_request_context, request

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


class JSONLines(logging.Formatter):
    """A record as one JSON object: time, level, event, and the record's ``fields``."""

    def format(self, record):
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "event": record.getMessage(),
            **getattr(record, "fields", {}),
        }
        if record.exc_info:
            line["error"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str)


def configure(stream=None):
    """Send the app's logs to ``stream`` (standard error) as JSON lines, once per process."""
    root = logging.getLogger()
    if any(isinstance(h.formatter, JSONLines) for h in root.handlers):
        return
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JSONLines())
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > logging.INFO:
        root.setLevel(logging.INFO)


def event(name, **fields):
    """Log ``name`` with ``fields`` (never a review's text), tagged with the request's id."""
    request_id = g.get("request_id") if has_request_context() else None
    if request_id is not None:
        fields["request_id"] = request_id
    log.info(name, extra={"fields": fields})


def install(app, model_version, observe=None):
    """Give every request of ``app`` an id and a log line; ``model_version()`` names the model
    serving when it was answered; ``observe(endpoint, method, status, seconds)``, if given, is
    told of every answer."""

    @app.before_request
    def _begin():
        g.started = time.perf_counter()
        given = request.headers.get(REQUEST_ID, "")
        g.request_id = given if _PLAIN_ID.fullmatch(given) else _new_id()

    @app.after_request
    def _end(response):
        request_id = g.get("request_id") or _new_id()  # a request refused before _begin
        response.headers[REQUEST_ID] = request_id
        started = g.get("started")
        seconds = time.perf_counter() - started if started else 0.0
        if observe is not None:
            observe(request.endpoint, request.method, response.status_code, seconds)
        fields = {
            "method": request.method,
            "path": request.path,
            "endpoint": request.endpoint,
            "status": response.status_code,
            "duration_ms": round(seconds * 1000, 2),
            "model_version": model_version(),
            "request_id": request_id,
        }
        log.info("request", extra={"fields": fields})
        return response
