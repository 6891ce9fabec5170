"""An even share of the kept-alive connections for each gunicorn worker on one shared socket.

On one shared socket every worker waiting for a connection wakes, and the first to call
``accept`` takes it: with a few kept-alive connections (a load balancer's pool, wrk's 8), one
worker often held most of them while the other idled, and a worker serves its requests on one
core at a time (the GIL). A socket per worker (``SO_REUSEPORT``) leaves the split to the kernel's
hash of each connection: wrk's 8 split 6/2 or worse in about one row of the peers benchmark in
four. Here each worker writes how many connections it holds into a table that the arbiter
shares with the workers it forks, and accepts only while no other worker holds fewer: the
connection it leaves waits in the shared queue for one that does.

A worker has an entry from when it is ready to accept until it begins to stop: none while it
boots and warms up. An entry its worker has not written for ``STALE_S`` (a stuck worker) counts
as none, so that a stuck worker never keeps the others from accepting. A worker that holds more
than another looks again every ``RECHECK_S``: it may have read the table just before the other
took connections.
"""

import mmap
import time

SLOTS = 256  # workers at once; a worker past them accepts as gthread does
STALE_S = 3.0  # a worker's main loop writes its entry at least once a second
RECHECK_S = 0.05
_NONE = -1


class ConnectionTable:
    """Connections held by each worker, and when each worker last wrote it, in memory shared
    across ``fork``. Slots are taken and given back by the arbiter; a worker writes its own."""

    def __init__(self, slots=SLOTS, clock=time.monotonic):
        self._clock = clock
        memory = memoryview(mmap.mmap(-1, 8 * (2 * slots + 1)))  # MAP_SHARED, anonymous
        self._held = memory[: 8 * slots].cast("q")
        self._written = memory[8 * slots : 16 * slots].cast("d")
        self._in_use = memory[16 * slots :].cast("q")  # the slots below it may have an entry
        for slot in range(slots):
            self._held[slot] = _NONE
        self._taken = set()

    def take(self):
        """A free slot for a worker about to be forked (in the arbiter), or None if none is."""
        free = next((slot for slot in range(len(self._held)) if slot not in self._taken), None)
        if free is not None:
            self._taken.add(free)
            self._in_use[0] = max(self._in_use[0], free + 1)
        return free

    def give_back(self, slot):
        """Free ``slot`` once its worker has exited (in the arbiter)."""
        if slot is not None:
            self._held[slot] = _NONE
            self._taken.discard(slot)

    def may_accept(self, slot, held):
        """Write that the worker at ``slot`` holds ``held`` connections; whether no other
        worker with an entry holds fewer."""
        now = self._clock()
        self._held[slot] = held
        self._written[slot] = now
        for other in range(self._in_use[0]):
            if 0 <= self._held[other] < held and now - self._written[other] < STALE_S:
                return False
        return True

    def leave(self, slot):
        """The worker at ``slot`` accepts no more (it is stopping)."""
        self._held[slot] = _NONE
