"""A log handler that also takes ready-made lines and writes them in batches.

Written one by one, each request's log line would cost the request a ``write`` of its own, and a
system call is dear on virtual machines such as these (docs/performance.md). As nginx's
buffered access log does, the lines wait: at most ``flush_s`` (a thread of the handler's writes
them then), or until a pipe's atomic write (``PIPE_BUF``) has gathered. Each write holds whole
lines and no more than ``PIPE_BUF`` characters (the lines are ASCII), so that the lines of
processes sharing a pipe never interleave. A record the handler emits is written after the lines
waiting; so are all at exit (``logging.shutdown`` flushes every handler). Lines still waiting
when the process is killed are lost.
"""

import contextlib
import logging
import os
import select
import threading
import time

PIPE_BUF = select.PIPE_BUF


class BatchingStreamHandler(logging.StreamHandler):
    """``logging.StreamHandler``, with ``add_line`` for lines written in batches."""

    def __init__(self, stream=None, flush_s=0.1):
        super().__init__(stream)
        self.flush_s = flush_s
        self._start()
        os.register_at_fork(after_in_child=self._start)

    def _start(self):
        # in a forked child the lines waiting are the parent's to write, and its thread is gone
        self._lines, self._size = [], 0
        self._waiting = threading.Event()
        self._flusher = None

    def add_line(self, line):
        """Write ``line`` (ending in a newline) with the next batch."""
        with self.lock:
            self._lines.append(line)
            self._size += len(line)
            if self._size >= PIPE_BUF:
                self._write_waiting()
            elif len(self._lines) == 1:
                if self._flusher is None:
                    self._flusher = threading.Thread(
                        target=self._flush_every_while, name="log-lines", daemon=True
                    )
                    self._flusher.start()
                self._waiting.set()

    def emit(self, record):
        self._write_waiting()  # the handler's lock is held
        super().emit(record)

    def flush(self):
        with self.lock:
            self._write_waiting()
        super().flush()

    def _write_waiting(self):
        lines, self._lines, self._size = self._lines, [], 0
        self._waiting.clear()
        if lines and self.stream is not None:
            for chunk in _chunks(lines):
                self.stream.write(chunk)
                self.stream.flush()

    def _flush_every_while(self):
        while True:
            self._waiting.wait()
            time.sleep(self.flush_s)
            # a stream that fails (a closed pipe) loses these lines, not the thread
            with contextlib.suppress(OSError):
                self.flush()


def _chunks(lines):
    """``lines`` joined in runs of at most ``PIPE_BUF`` characters (a longer line alone)."""
    run, size = [], 0
    for line in lines:
        if run and size + len(line) > PIPE_BUF:
            yield "".join(run)
            run, size = [], 0
        run.append(line)
        size += len(line)
    if run:
        yield "".join(run)
