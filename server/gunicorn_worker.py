"""gunicorn's threaded worker, with gunicorn's own error answers in the API's JSON error shape.

gunicorn refuses some requests before the app sees them (a request line over 4,094 bytes: 414;
too many or too large headers: 431; a malformed request line: 400) and answers those in HTML.
This worker answers them as ``{"error": {"code", "message"}}`` like every other error. The
message is the status's reason only: gunicorn's detail can quote the refused request back.

``kill -USR2 <worker pid>`` writes the stack of each of the worker's threads to the log: what a
worker that stopped answering, or never finished booting, is doing.
"""

import faulthandler
import json
import signal

from gunicorn import util
from gunicorn.workers.gthread import ThreadWorker

_CODES = {
    400: "bad_request",
    403: "forbidden",
    414: "uri_too_long",
    417: "expectation_failed",
    431: "request_header_fields_too_large",
    501: "not_implemented",
}


def write_json_error(sock, status_int, reason, mesg):
    """``gunicorn.util.write_error`` with a JSON body."""
    code = _CODES.get(status_int, "internal_error")
    body = json.dumps({"error": {"code": code, "message": f"{reason}."}}).encode()
    head = (
        f"HTTP/1.1 {status_int} {reason}\r\n"
        "Connection: close\r\n"
        "Content-Type: application/json\r\n"
        "X-Content-Type-Options: nosniff\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    util.write_nonblock(sock, head.encode("latin1") + body)


class JSONErrorsThreadWorker(ThreadWorker):
    """``gthread`` whose own error answers are JSON, and whose stacks ``SIGUSR2`` writes."""

    def init_process(self):
        util.write_error = write_json_error  # gunicorn looks it up on each error
        super().init_process()

    def init_signals(self):
        super().init_signals()
        # Here, before the app loads: gunicorn's own signal setup would undo it if done earlier.
        faulthandler.register(signal.SIGUSR2, all_threads=True)
