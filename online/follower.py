"""The background thread of a busy process: it keeps the model at the end of the label log and
its lease renewed (the protocol is in ``online.lease``)."""

import threading
import time

from pymongo.errors import PyMongoError

from online.lease import POLL_S


class LogFollower:
    """Follow the log with ``replay`` and hold ``lease`` while requests keep asking for it."""

    def __init__(self, replay, lease):
        self.replay = replay
        self.lease = lease
        self._thread = None
        self._thread_lock = threading.Lock()
        self._stop = threading.Event()

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
                if self._stop.wait(POLL_S):
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
