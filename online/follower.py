"""The background thread of a busy process: it keeps the model at the end of the label log and
its lease renewed (the protocol is in ``online.lease``).

It looks at the log every ``POLL_S`` while events come, and every ``QUIET_POLL_S`` once none has
come for ``QUIET_AFTER_S``: a writer waits for each busy process's next look, so a label after a
quiet spell waits for a slower look, and the labels that follow it for quick ones; meanwhile a
busy process asks the database a third as often for a log that does not change."""

import math
import threading
import time

from pymongo.errors import PyMongoError

from online.lease import POLL_S, QUIET_AFTER_S, QUIET_POLL_S


class LogFollower:
    """Follow the log with ``replay`` and hold ``lease`` while requests keep asking for it."""

    def __init__(self, replay, lease):
        self.replay = replay
        self.lease = lease
        self._thread = None
        self._thread_lock = threading.Lock()
        self._stop = threading.Event()
        self._position = None  # where the last round left the model
        self._news_at = -math.inf  # when a round last found an event

    def start(self):
        """Start following, if not already (and if leases are enabled)."""
        if not self.lease.lease_s or self._thread is not None:
            return
        with self._thread_lock:
            if self._thread is None and not self._stop.is_set():
                self._thread = threading.Thread(target=self._follow, name="log-lease", daemon=True)
                self._thread.start()

    def close(self):
        """Stop following, give the lease up and leave the registry."""
        self._stop.set()
        thread = self._thread
        if thread is not None:
            thread.join(10)

    def _follow(self):
        try:
            while self.lease.wanted():
                self.follow_once()
                if self._stop.wait(self.interval()):
                    break
        finally:
            self.lease.leave()
            with self._thread_lock:
                self._thread = None

    def follow_once(self):
        """One round: look at the log, apply what is new, renew the lease."""
        started = time.monotonic()
        try:
            # the round that registers does not look: its look would begin before registering
            position = self.replay.catch_up() if self.lease.registered else self.replay.position
            self.lease.record(position, started)
        except PyMongoError as error:
            self.lease.lose(error)
            return
        if self._position is not None and position != self._position:
            self._news_at = started
        self._position = position

    def interval(self):
        """Seconds until the next round: ``POLL_S`` within ``QUIET_AFTER_S`` of a round that
        found an event, else ``QUIET_POLL_S``."""
        recent = time.monotonic() - self._news_at < QUIET_AFTER_S
        return POLL_S if recent else QUIET_POLL_S
