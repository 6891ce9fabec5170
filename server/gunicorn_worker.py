"""gunicorn's threaded worker, with gunicorn's own error answers in the API's JSON error shape.

gunicorn refuses some requests before the app sees them (a request line over 4,094 bytes: 414;
too many or too large headers: 431; a malformed request line: 400) and answers those in HTML.
This worker answers them as ``{"error": {"code", "message"}}`` like every other error. The
message is the status's reason only: gunicorn's detail can quote the refused request back.

``kill -USR2 <worker pid>`` writes the stack of each of the worker's threads to the log: what a
worker that stopped answering, or never finished booting, is doing.

With ``reuse_port`` each worker listens on a socket of its own, and the kernel hands every socket
listening on the port its share of new connections. gunicorn opens a worker's socket in the
worker just after the fork, before the worker has loaded the app and warmed up (seconds): the
connections the kernel hands it meanwhile wait unanswered until it has. This worker opens its
socket when it is ready to accept, so that until then the kernel hands them to the workers that
are. Likewise, a stopping gthread worker stops accepting but keeps its socket open until the end
of its graceful stop (up to ``graceful_timeout``), and then resets the connections handed to it
meanwhile; this worker accepts those waiting and closes its socket as it stops accepting.
"""

import faulthandler
import json
import os
import select
import signal

from gunicorn import sock, util
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


_create_sockets = sock.create_sockets
_in_forked_child = False


def _forked():
    global _in_forked_child
    _in_forked_child = True


os.register_at_fork(after_in_child=_forked)


def _create_sockets_unless_worker(conf, log, fds=None):
    """``gunicorn.sock.create_sockets``, but none for a worker's own socket (``reuse_port``, the
    one call gunicorn makes in a forked worker): the worker opens it in ``run``."""
    if _in_forked_child and conf.reuse_port and not fds:
        return []
    return _create_sockets(conf, log, fds)


sock.create_sockets = _create_sockets_unless_worker  # gunicorn looks it up at each call


class JSONErrorsThreadWorker(ThreadWorker):
    """``gthread`` whose own error answers are JSON, whose stacks ``SIGUSR2`` writes, and whose
    own socket (``reuse_port``) listens from when it is ready to accept until it stops."""

    def init_process(self):
        util.write_error = write_json_error  # gunicorn looks it up on each error
        super().init_process()

    def run(self):
        # ready: the app is loaded and post_worker_init (the warm-up) has returned
        if not self.sockets and self.cfg.reuse_port:
            self.sockets = _create_sockets(self.cfg, self.log)
            for listener in self.sockets:
                util.close_on_exec(listener)
        super().run()

    def set_accept_enabled(self, enabled):
        super().set_accept_enabled(enabled)
        # stopping: gthread has taken the sockets out of its poller and accepts no more
        if not enabled and not self.alive and self.cfg.reuse_port:
            listeners, self.sockets = self.sockets, []
            for listener in listeners:
                while select.select([listener], [], [], 0)[0]:  # served in the graceful stop
                    self.accept(listener)
                listener.close()

    def init_signals(self):
        super().init_signals()
        # Here, before the app loads: gunicorn's own signal setup would undo it if done earlier.
        faulthandler.register(signal.SIGUSR2, all_threads=True)
