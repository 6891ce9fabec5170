"""A mapping that keeps only the entries used last: per-process memory of searches, which
people can ask in any number."""

import threading
from collections import OrderedDict


class Recent:
    """Up to ``size`` entries; the least recently used goes first. Safe across threads."""

    def __init__(self, size=256):
        self._size = size
        self._entries = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key, default=None):
        with self._lock:
            if key not in self._entries:
                return default
            self._entries.move_to_end(key)
            return self._entries[key]

    def __setitem__(self, key, value):
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)

    def __len__(self):
        return len(self._entries)
