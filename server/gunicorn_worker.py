"""gunicorn's threaded worker, with gunicorn's own error answers in the API's JSON error shape.

gunicorn refuses some requests before the app sees them (a request line over 4,094 bytes: 414;
too many or too large headers: 431; a malformed request line: 400) and answers those in HTML.
This worker answers them as ``{"error": {"code", "message"}}`` like every other error. The
message is the status's reason only: gunicorn's detail can quote the refused request back.

``kill -USR2 <worker pid>`` writes the stack of each of the worker's threads to the log: what a
worker that stopped answering, or never finished booting, is doing.

All workers accept on one shared socket, each only while no other holds fewer connections
(``server.connection_balance``), so that kept-alive connections spread evenly. A worker accepts
once it is ready (the app loaded and warmed up) and not after it begins to stop: the connections
waiting meanwhile go to the others.
"""

import faulthandler
import json
import signal

from gunicorn import util
from gunicorn.workers.gthread import ThreadWorker

from server.connection_balance import RECHECK_S, ConnectionTable

# Made in the arbiter, which imports this module before it forks a worker.
CONNECTIONS = ConnectionTable()

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
    """``gthread`` whose own error answers are JSON, whose stacks ``SIGUSR2`` writes, and which
    accepts while no other worker holds fewer connections."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)  # in the arbiter, before the fork
        self.slot = CONNECTIONS.take()
        self._fair = True

    def init_process(self):
        util.write_error = write_json_error  # gunicorn looks it up on each error
        super().init_process()

    def wait_for_and_dispatch_events(self, timeout):
        # gthread's main loop comes here after each round of events, at least once a second
        if self.alive and self.slot is not None:
            self._fair = CONNECTIONS.may_accept(self.slot, self.nr_conns)
            accepting = self._fair and self.nr_conns < self.worker_connections
            if accepting != self._accepting:
                self.set_accept_enabled(accepting)
            if not self._fair:
                timeout = min(timeout, RECHECK_S)
        super().wait_for_and_dispatch_events(timeout)

    def set_accept_enabled(self, enabled):
        if enabled and not self._fair:
            return  # gthread's loop asks for it at each round while under worker_connections
        if not enabled and not self.alive and self.slot is not None:
            CONNECTIONS.leave(self.slot)  # stopping
        super().set_accept_enabled(enabled)

    def init_signals(self):
        super().init_signals()
        # Here, before the app loads: gunicorn's own signal setup would undo it if done earlier.
        faulthandler.register(signal.SIGUSR2, all_threads=True)
