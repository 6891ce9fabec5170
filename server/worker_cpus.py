"""A CPU of its own for each gunicorn worker, when there are as many workers as CPUs
(``GUNICORN_PIN_WORKERS``; off by default).

Left to the scheduler, a worker moves between the cores and finds its model's weights and its
tables no longer in that core's cache; pinned, each keeps its own core's. But a pinned worker
cannot move off a core that another process keeps busy: with the database on the same two CPUs,
pinned workers served more predictions and fewer submits, whose bottleneck is the database (the
pinning row of docs/performance.md). So it is for machines that serve the app alone, and only
when the process may run on exactly as many CPUs as there are workers: with more, the scheduler
has idle cores to move a worker to.

The arbiter gives each worker it forks the CPU that the fewest live workers hold, so a worker
that replaces another (after a crash, or a reload that starts the new workers before stopping
the old) keeps to the CPU the other left.
"""

import os
from collections import Counter


class CpuShare:
    """The CPU each live worker keeps to, kept by the arbiter; workers are known by a key."""

    def __init__(self, available=lambda: os.sched_getaffinity(0)):
        self._available = available
        self._held = {}  # key -> CPU

    def take(self, key, workers):
        """The CPU for a worker about to be forked, or None to leave it to the scheduler."""
        cpus = sorted(self._available())
        if key is None or len(cpus) != workers:
            return None
        holders = Counter(self._held.values())
        cpu = min(cpus, key=lambda c: (holders[c], c))
        self._held[key] = cpu
        return cpu

    def give_back(self, key):
        """Free the CPU of the worker known by ``key`` once it has exited."""
        self._held.pop(key, None)


def keep_to(cpu):
    """Run this process on ``cpu`` only (None: anywhere it may)."""
    if cpu is not None:
        os.sched_setaffinity(0, {cpu})
