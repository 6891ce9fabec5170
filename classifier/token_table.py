"""Raw tokens' word ids, found from a text's code units without a string per token.

For a review of median length, making its 184 token strings and looking each up in a dict took
longer than finding the tokens. This table maps a raw token, as the code units
``classifier.token_scan`` reads, to the id its vocabulary gave it, in an array of slots that a
compiled loop probes: open addressing on a 64-bit FNV-1a hash of the code units, each hit checked
against the token's own units, so that a collision never gives another token's id. A token not
in the table is looked up the slow way, once, and added.

Lookups hold the GIL. An entry's id and units are written before its key, which publishes it; a
full table is replaced by a larger one, with its units, at once.
"""

import threading

import numpy as np
from numba import njit

MISSING = -2  # not in the table (ids are >= 0, or -1 for a token of no or several words)
_FNV_OFFSET = np.uint64(0xCBF29CE484222325)
_FNV_PRIME = np.uint64(0x100000001B3)
_ONE = np.uint64(1)


# One slot: the hash (0 for an empty slot), the id, and where the token's code units are in
# ``units``; in one record, so that a probe reads one cache line rather than one per field.
SLOT = np.dtype([("key", np.uint64), ("id", np.int32), ("length", np.int32), ("first", np.int64)])


@njit(cache=True)
def _find(codes, bounds, slots, units):
    """Each token's id or ``MISSING`` and its hash, and how many were missing or below 0."""
    n = len(bounds) // 2
    found = np.empty(n, np.int64)
    hashes = np.empty(n, np.uint64)
    mask = np.uint64(len(slots) - 1)
    missing = negative = 0
    for t in range(n):
        start, end = bounds[2 * t], bounds[2 * t + 1]
        # the hash and the comparison written out: as calls taking the arrays, numba made them
        # cost more than their work (see classifier.token_scan)
        h = _FNV_OFFSET
        for i in range(start, end):
            h = (h ^ np.uint64(codes[i])) * _FNV_PRIME
        h |= _ONE  # never 0, the key of an empty slot
        hashes[t] = h
        at = h & mask
        result = MISSING
        while slots[at].key != 0:
            slot = slots[at]
            if slot.key == h and slot.length == end - start:
                k = 0
                while k < end - start and units[slot.first + k] == codes[start + k]:
                    k += 1
                if k == end - start:
                    result = slot.id
                    break
            at = (at + _ONE) & mask
        found[t] = result
        if result == MISSING:
            missing += 1
        elif result < 0:
            negative += 1
    return found, hashes, missing, negative


@njit(cache=True)
def _free_slot(slots, h):
    mask = np.uint64(len(slots) - 1)
    at = h & mask
    while slots[at].key != 0:
        at = (at + _ONE) & mask
    return at


@njit(cache=True)
def _rehashed(slots, new_slots):
    """``new_slots`` (empty, larger) holding the entries of ``slots``."""
    for at in range(len(slots)):
        if slots[at].key != 0:
            new_slots[_free_slot(new_slots, slots[at].key)] = slots[at]
    return new_slots


class TokenTable:
    """Raw token (its code units) -> id, for ``classifier.vectorizer``'s vocabulary."""

    def __init__(self, slots=1024):
        self._lock = threading.Lock()
        self._entries = 0
        self._units_used = 0
        self._arrays = np.zeros(slots, SLOT), np.zeros(8 * slots, np.uint16)

    def __len__(self):
        return self._entries

    def find(self, codes, bounds):
        """``(ids, hashes, missing, negative)`` of the tokens at ``bounds`` (start, end, ...)
        in ``codes``: each one's id or ``MISSING``, its hash (for ``add``), and the counts."""
        return _find(codes, bounds, *self._arrays)

    def add(self, token_codes, h, token_id):
        """Add a token (its code units, and the hash ``find`` gave it) with its id."""
        with self._lock:
            found, *_ = _find(token_codes, np.array([0, len(token_codes)]), *self._arrays)
            if found[0] != MISSING:  # another thread added it meanwhile
                return
            slots, units = self._arrays
            if 2 * (self._entries + 1) > len(slots):
                slots = _rehashed(slots, np.zeros(2 * len(slots), SLOT))
            if self._units_used + len(token_codes) > len(units):
                size = 2 * max(len(units), len(token_codes))
                units = np.concatenate([units, np.zeros(size - len(units), np.uint16)])
            self._arrays = slots, units  # the same arrays, or new ones
            first = self._units_used
            units[first : first + len(token_codes)] = token_codes
            slot = slots[_free_slot(slots, h)]
            slot["id"], slot["length"], slot["first"] = token_id, len(token_codes), first
            slot["key"] = h  # last: a lookup finds the entry from here on
            self._entries += 1
            self._units_used += len(token_codes)
