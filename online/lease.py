"""Serving without a database round trip per request: a lease on the label log.

Read-your-writes across processes (``online.shared_model``) used to cost every classification a
look at the label log. A busy process instead keeps up with the log in a background thread and
holds a lease: while it holds one, requests are served from the model as it is, with no look.

The protocol, for a reader R and a writer W (any process that logs an event):

- R registers in ``db.replicas`` before it takes any lease. Every ``POLL_S`` (every
  ``QUIET_POLL_S`` once no event has come for ``QUIET_AFTER_S``) it looks at the log, applies
  what is new, and writes the position it has applied whenever that changed (and at least
  every quarter lease). Its lease lasts ``lease_s`` from the start of the round of its last
  successful write, so it always ends within ``lease_s`` of the start of a look at the log.
- W, once its event N is in the log with nothing missing below it (time ``since``), waits until
  every other registered process has written a position >= N, or until ``lease_s`` (with a
  margin for clock rates) has passed since ``since``. By then any lease that began before N was
  there has ended, and every look at the log begun after ``since`` sees N. Only then does W answer.
- So a request that arrives after W answered is served either on a lease that began after N was
  there, or after its own look at the log: it sees N, whichever process serves it.

A process that stops writing costs a writer one lease of waiting; the writer then removes its
document if it was not written meanwhile (its lease has ended too). A removed process registers
again and takes no lease until it has. A process drops its lease and leaves the registry after
``IDLE_S`` without requests: an idle process makes writers wait for nothing and the database
does no work for it. Without a lease, or with ``lease_s`` 0, requests look at the log themselves.
"""

import logging
import math
import os
import time
import uuid
from contextlib import suppress

from pymongo.errors import PyMongoError

from online.fresh_read import FreshRead

log = logging.getLogger(__name__)

POLL_S = 0.03  # how often a leaseholder looks at the log while events come
QUIET_POLL_S = 0.1  # and how often once none has come for QUIET_AFTER_S
QUIET_AFTER_S = 10.0
IDLE_S = 2.0  # a process with no requests for this long gives its lease up
CLOCK_DRIFT = 0.1  # a writer's wait allows other clocks to run this much slower than its own
MARGIN_S = 0.05
WAIT_POLL_S = 0.01  # how often a writer reads the registry while it waits


class LogLease:
    """A process's lease on the label log, and the writer's side of the protocol.

    The reader's side is driven by ``online.follower``: each round it reports the position it
    has applied (``record``) or that the database failed it (``lose``).
    """

    def __init__(self, registry, lease_s):
        self.registry = registry
        self.lease_s = lease_s
        self.replica = f"{os.getpid()}-{uuid.uuid4().hex[:12]}"
        self.registered = False
        self._valid_until = -math.inf
        self._last_asked = -math.inf
        self._last_write = -math.inf  # start of the round of the last successful write
        self._written_position = None
        # writers waiting at once share a read of the registry, never one begun before they asked
        self._registry_now = FreshRead(lambda: self.registry.others(self.replica))

    def holds(self):
        """Whether the model as it is includes every event acknowledged before now."""
        now = time.monotonic()
        self._last_asked = now
        return now < self._valid_until

    def wanted(self):
        """Whether requests asked for the lease in the last ``IDLE_S``."""
        return time.monotonic() - self._last_asked < IDLE_S

    def record(self, position, started):
        """End a round of following begun at ``started`` (``time.monotonic()``) before its look
        at the log, which left ``position`` applied: register, or write the position if it
        changed (and at least every quarter lease), and extend the lease."""
        if not self.registered:
            self.registry.register(self.replica, position, self.lease_s)
            self.registered, self._last_write = True, started
            self._written_position = position
            return  # this round's look began before we were registered: no lease from it
        due = started - self._last_write > self.lease_s / 4
        if position != self._written_position or due:
            if not self.registry.beat(self.replica, position, self.lease_s):
                self.registered, self._valid_until = False, -math.inf
                return
            self._last_write, self._written_position = started, position
        self._valid_until = self._last_write + self.lease_s

    def lose(self, error):
        """End the lease at once: the round failed with a database ``error``."""
        self._valid_until = -math.inf
        log.debug("lease not renewed: %s", type(error).__name__)

    def leave(self):
        """Give the lease up and leave the registry (best effort: a stale entry costs a writer
        one lease of waiting, then it is removed)."""
        self._valid_until = -math.inf  # first: from here on requests look for themselves
        if self.registered:
            with suppress(PyMongoError):
                self.registry.remove(self.replica)
            self.registered = False

    def wait_for_replicas(self, position, since):
        """Return once every other registered process has applied ``position`` or has let
        every lease it held at ``since`` end. Stale registrations found on the way are removed.

        A database error propagates: the caller cannot say who saw its event, so it must not
        answer as if they had (a retry of a logged label is counted once).
        """
        first_seen = {}  # replica: (beat, time it was first seen with that beat)
        while True:
            before = time.monotonic()
            registered = self._registry_now()
            behind = {
                r: (beat, lease_s) for r, (p, beat, lease_s) in registered.items() if p < position
            }
            after = time.monotonic()
            if not behind:
                return
            longest = max(lease_s for _, lease_s in behind.values())
            if before >= since + longest * (1 + CLOCK_DRIFT) + MARGIN_S:
                self._remove_stale(behind, first_seen, before)
                return
            for replica, (beat, _) in behind.items():
                if first_seen.get(replica, (None,))[0] != beat:
                    first_seen[replica] = (beat, after)
            time.sleep(WAIT_POLL_S)

    def _remove_stale(self, behind, first_seen, now):
        """Remove the registrations not written for a whole lease of theirs: whatever lease
        they held has ended, and removing only that beat's document spares one written since."""
        for replica, (beat, lease_s) in behind.items():
            seen = first_seen.get(replica)
            if seen and seen[0] == beat and now - seen[1] >= lease_s * (1 + CLOCK_DRIFT):
                with suppress(PyMongoError):
                    if self.registry.remove(replica, beat):
                        log.info("%s left the lease registry: silent for a lease", replica)
