"""Hashed, weighted word n-gram counts, computed for a whole batch at once.

Each distinct token is read once (``classifier.text.canonical``) and hashed once (CRC-32); the
scope rules (``classifier.scopes``) and the n-grams of a whole batch are then worked out in
loops compiled by numba (``cache=True``: compiled once, on first use, into ``__pycache__``). An
n-gram counts with the smallest weight among its words (0 drops it).

Two blocks of columns: the *review* block holds every text's n-grams; the *short-text* block
holds them again, hashed apart, for texts of fewer than ``short_below`` tokens, so that the model
can learn how short texts differ (``classifier.model``). The last column holds each text's
number of tokens. The result is the same in every process and on every machine.
"""

import threading
import zlib

import numpy as np
import scipy.sparse as sp
from numba import njit
from sklearn.base import BaseEstimator, TransformerMixin

from classifier import scopes
from classifier.text import canonical, split, split_codes, split_with_spans
from classifier.token_table import MISSING, TokenTable

_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)  # odd; spreads bits when combining token hashes
_FMIX_1 = np.uint64(0xFF51AFD7ED558CCD)  # MurmurHash3's 64-bit finaliser constants
_FMIX_2 = np.uint64(0xC4CEB9FE1A85EC53)
_SHIFT = np.uint64(33)
_SHORT_SALT = np.uint64(0x5BD1E995)
_CACHE_LIMIT = 1_000_000
_CHUNK = 2000
# Weights are counted in 1/64ths, exactly (0.5, 1.5 and their products up to four times), so
# that a sum is the same whatever the order of its terms: the same bits in a batch and alone.
_UNIT, _WEIGHT_BITS = 64, 12
# The compiled loops hold the GIL for a text or a few: in a threaded server, handing the GIL to
# another thread and waiting to get it back costs a call on one review more than its work. From
# this many tokens a call releases it, so that a batch lets the process's other requests run.
RELEASE_GIL_FROM = 20_000


@njit(cache=True)
def _finalise(h):
    h ^= h >> _SHIFT
    h *= _FMIX_1
    h ^= h >> _SHIFT
    h *= _FMIX_2
    h ^= h >> _SHIFT
    return h


@njit(cache=True)
def _ngram_hash(token_hashes, start, n):
    """The 64-bit hash of the n-gram at ``start``, plus n."""
    combined = token_hashes[start]
    for offset in range(1, n):
        combined = combined * _MULTIPLIER + token_hashes[start + offset]
    return combined + np.uint64(n)


@njit(cache=True)
def _review_column(ngram_hash, n_features):
    return np.int64(_finalise(ngram_hash) % np.uint64(n_features))


@njit(cache=True)
def _short_column(ngram_hash, n_features, short_features):
    return n_features + np.int64(_finalise(ngram_hash + _SHORT_SALT) % np.uint64(short_features))


@njit(cache=True)
def _columns(token_hashes, n, short, n_features, short_features):
    columns = np.empty(max(len(token_hashes) - n + 1, 0), np.int64)
    for start in range(len(columns)):
        ngram_hash = _ngram_hash(token_hashes, start, n)
        if short:
            columns[start] = _short_column(ngram_hash, n_features, short_features)
        else:
            columns[start] = _review_column(ngram_hash, n_features)
    return columns


@njit(cache=True)
def _count(hashes, weight, doc, lengths, low, high, short_below, n_features, short_features):
    """Rows, columns and counts of the weighted n-grams of a batch (see ``_counts``)."""
    width = n_features + short_features + 1
    keys = np.empty(2 * (high - low + 1) * len(hashes) + len(lengths), np.int64)
    n_keys = 0
    for n in range(low, high + 1):
        for start in range(len(hashes) - n + 1):
            row = doc[start]
            if doc[start + n - 1] != row:
                continue  # n-grams within one text
            # the smallest weight, written out: a slice's ``min()`` took numba half this loop
            units = weight[start]
            for offset in range(1, n):
                units = min(units, weight[start + offset])
            if units <= 0:
                continue
            ngram_hash = _ngram_hash(hashes, start, n)
            column = _review_column(ngram_hash, n_features)
            keys[n_keys] = (row * width + column) << _WEIGHT_BITS | units
            n_keys += 1
            if lengths[row] < short_below:
                column = _short_column(ngram_hash, n_features, short_features)
                keys[n_keys] = (row * width + column) << _WEIGHT_BITS | units
                n_keys += 1
    for row in range(len(lengths)):
        if lengths[row] > 0:  # the length column, its weight field empty
            keys[n_keys] = (row * width + width - 1) << _WEIGHT_BITS
            n_keys += 1
    keys = np.sort(keys[:n_keys])
    # one entry per (row, column), its weights added up
    rows, columns = np.empty(n_keys, np.int64), np.empty(n_keys, np.int64)
    counts = np.empty(n_keys, np.float32)
    n_out, previous, units = -1, -1, 0
    for key in keys:
        if key >> _WEIGHT_BITS != previous:
            if n_out >= 0:
                counts[n_out] = units / _UNIT
            n_out += 1
            previous = key >> _WEIGHT_BITS
            rows[n_out], columns[n_out] = divmod(previous, width)
            units = 0
        units += key & (1 << _WEIGHT_BITS) - 1
    if n_out >= 0:
        counts[n_out] = units / _UNIT
    n_out += 1
    for k in range(n_out):
        if columns[k] == width - 1:  # stored apart from the weight field it could overflow
            counts[k] = lengths[rows[k]]
    return rows[:n_out], columns[:n_out], counts[:n_out]


@njit(cache=True)
def _words_read(ids, lengths, flags, hashes, negated_hashes):
    """``read``'s answer for the word ids of texts of ``lengths``, given each word's rule flags
    and hashes: the scope rules applied, each kept word's hash (negated or not) and weight."""
    kept, negated, weight, lengths = scopes.read_compiled(flags[ids], lengths)
    read_hashes = np.empty(len(kept), np.uint64)
    units = np.empty(len(kept), np.int16)
    for k in range(len(kept)):
        word = ids[kept[k]]
        read_hashes[k] = negated_hashes[word] if negated[k] else hashes[word]
        units[k] = np.int16(np.rint(weight[k] * _UNIT))
    doc = np.empty(len(kept), np.int32)
    at = 0
    for text in range(len(lengths)):
        doc[at : at + lengths[text]] = text
        at += lengths[text]
    return read_hashes, units, doc, lengths


@njit(cache=True, nogil=True)
def _words_read_releasing_gil(ids, lengths, flags, hashes, negated_hashes):
    return _words_read(ids, lengths, flags, hashes, negated_hashes)


@njit(cache=True)
def _counted(ids, lengths, flags, hashes, negated_hashes, low, high, short_below, n_features,
             short_features):  # fmt: skip
    """``_count`` of ``_words_read``'s answer, in one call from Python rather than two: the
    arrays between them never become Python objects."""
    read_hashes, weight, doc, lengths = _words_read(ids, lengths, flags, hashes, negated_hashes)
    return _count(
        read_hashes, weight, doc, lengths, low, high, short_below, n_features, short_features
    )  # fmt: skip


@njit(cache=True, nogil=True)
def _counted_releasing_gil(*arguments):
    return _counted(*arguments)


class _Words(dict):
    """Raw token -> the id of its canonical word, or -1 if it stands for none or several (a
    link, a contraction: see ``several``); per id, its hashes and rule flags.

    Filled on first sight under a lock; an entry is published only after its arrays are
    written, so a reader that found the id finds its row. A dict with ``__missing__``; ``table``
    holds the same ids for ``text_ids`` to find from a text's code units. Bounded: hostile
    input cannot grow it forever (the vectorizer starts a new one past ``_CACHE_LIMIT``).
    """

    def __init__(self, speller):
        super().__init__()
        self.speller = speller
        self.several = {}
        self.index = {}
        self.words = []
        self.hashes = np.zeros(1024, np.uint64)
        self.negated = np.zeros(1024, np.uint64)
        self.flags = np.zeros(1024, np.int64)
        self.table = TokenTable()
        self._lock = threading.Lock()

    def __missing__(self, raw):
        with self._lock:
            ids = tuple(self._id(word) for word in canonical(raw, self.speller))
            if len(ids) != 1:
                self.several[raw] = ids
            self[raw] = ids[0] if len(ids) == 1 else -1
            return self[raw]

    def ids(self, raw):
        """The ids of the canonical words of a raw token."""
        found = self[raw]
        return (found,) if found >= 0 else self.several[raw]

    def text_ids(self, text):
        """The ids of the canonical words of ``split(text)``'s tokens, in order: a token of
        several words gives each, one of none (a link) gives none."""
        scanned = split_codes(text)
        if scanned is None:
            tokens = split(text)
            ids = np.fromiter(map(self.__getitem__, tokens), np.int64, len(tokens))
            return self._expanded(ids, tokens.__getitem__)
        lowered, codes, bounds = scanned
        ids, hashes, missing, negative = self.table.find(codes, bounds)
        if missing:
            for t in np.flatnonzero(ids == MISSING).tolist():
                start, end = bounds[2 * t], bounds[2 * t + 1]
                ids[t] = self[lowered[start:end]]
                self.table.add(codes[start:end], hashes[t], ids[t])
            negative = np.any(ids < 0)
        if not negative:
            return ids
        return self._expanded(ids, lambda t: lowered[bounds[2 * t] : bounds[2 * t + 1]])

    def _expanded(self, ids, token):
        """``ids`` with each -1 replaced by the ids of its token, ``token(position)``."""
        several = np.flatnonzero(ids < 0).tolist()
        if not several:
            return ids
        pieces, previous = [], 0
        for t in several:
            pieces += [ids[previous:t], np.array(self.several[token(t)], np.int64)]
            previous = t + 1
        pieces.append(ids[previous:])
        return np.concatenate(pieces)

    def _id(self, word):
        if word in self.index:
            return self.index[word]
        new = len(self.words)
        if new == len(self.hashes):
            self.hashes = np.concatenate([self.hashes, np.zeros_like(self.hashes)])
            self.negated = np.concatenate([self.negated, np.zeros_like(self.negated)])
            self.flags = np.concatenate([self.flags, np.zeros_like(self.flags)])
        self.hashes[new] = zlib.crc32(word.encode()) + 1
        self.negated[new] = zlib.crc32((word + "_NEG").encode()) + 1
        self.flags[new] = scopes.flags_of(word)
        self.words.append(word)
        self.index[word] = new
        return new


class HashedNgramVectorizer(TransformerMixin, BaseEstimator, auto_wrap_output_keys=None):
    """Count weighted word n-grams of raw texts into hashed columns.

    Parameters
    ----------
    n_features : int, default=2**21
        Columns of the review block. Distinct n-grams may share a column (a hash collision).
    short_features : int, default=2**20
        Columns of the short-text block.
    short_below : int, default=60
        Texts of fewer tokens also count into the short-text block.
    ngram_range : tuple, default=(1, 3)
        Smallest and largest n.
    speller : classifier.spelling.Speller or None, default=None
        Reads unknown words as the known word they are a typo of.
    """

    def __init__(
        self,
        n_features=2**21,
        short_features=2**20,
        short_below=60,
        ngram_range=(1, 3),
        speller=None,
    ):
        self.n_features = n_features
        self.short_features = short_features
        self.short_below = short_below
        self.ngram_range = ngram_range
        self.speller = speller

    @property
    def width(self):
        """Columns of the output: both blocks, then the length column."""
        return self.n_features + self.short_features + 1

    def fit(self, X=None, y=None):
        """Nothing to learn; returns ``self``."""
        return self

    def __getstate__(self):
        state = self.__dict__.copy()
        state.pop("_words", None)  # a cache, made again on first use
        return state

    def _vocabulary(self):
        words = getattr(self, "_words", None)
        if words is None or len(words) >= _CACHE_LIMIT:
            words = self._words = _Words(self.speller)
        return words

    def transform(self, texts):
        """A CSR matrix of n-gram counts, one row per text, ``width`` columns."""
        if len(texts) <= _CHUNK:
            return self._matrix(texts)
        # Counted in chunks, which keep the arrays in cache: 10,000 reviews at once take a
        # third longer.
        chunks = [self._matrix(texts[i : i + _CHUNK]) for i in range(0, len(texts), _CHUNK)]
        return sp.vstack(chunks, format="csr")

    def _matrix(self, texts):
        rows, columns, counts = self._counts(texts)
        indptr = np.zeros(len(texts) + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows, minlength=len(texts)), out=indptr[1:])
        return sp.csr_matrix(
            (counts, columns.astype(np.int32), indptr), shape=(len(texts), self.width)
        )

    def transform_one(self, text):
        """``(columns, counts)``: the one row of ``transform([text])``, without the matrix."""
        _, columns, counts = self._counts([text])
        return columns, counts

    def tokens(self, text):
        """The words the model reads in ``text`` (``_NEG`` marks negated ones), their weights,
        and where each comes from in ``text`` (``[start, end]``, empty if unknown)."""
        words = self._vocabulary()
        ids, spans = [], []
        for token, start, end in split_with_spans(text):
            found = words.ids(token)
            ids.extend(found)
            spans.extend([[start, end]] * len(found))
        kept, negated, weight, _ = scopes.read(words.flags[ids], [len(ids)])
        names = [
            words.words[ids[k]] + ("_NEG" if neg else "")
            for k, neg in zip(kept, negated, strict=True)
        ]
        return names, _quantised(weight) / _UNIT, [spans[k] for k in kept]

    def token_hashes(self, tokens):
        """Hashes of words as ``tokens`` names them (``_NEG`` included) as a ``uint64`` array."""
        return np.array([zlib.crc32(token.encode()) + 1 for token in tokens], dtype=np.uint64)

    def columns(self, token_hashes, n, short=False):
        """The column of each n-gram of one text's token hashes, in either block."""
        return _columns(token_hashes, n, short, self.n_features, self.short_features)

    def read(self, texts, release_gil=None):
        """``(hashes, weights, doc, lengths)``: the hashed words of all ``texts`` as the model
        reads them, their weights in 1/64ths, the text each belongs to, and each text's length.
        The compiled loops release the GIL if ``release_gil``, or when None from
        ``RELEASE_GIL_FROM`` tokens."""
        words = self._vocabulary()
        ids, lengths = _word_ids(words, texts)
        if release_gil is None:
            release_gil = len(ids) >= RELEASE_GIL_FROM
        compiled = _words_read_releasing_gil if release_gil else _words_read
        return compiled(ids, lengths, words.flags, words.hashes, words.negated)

    def load_compiled(self):
        """Call the compiled loops of a text's path and of a batch's once: the first call of
        each loads it from numba's cache (or compiles it, the first time on a machine), which
        no request should wait for."""
        for release_gil in (False, True):
            self._counts(["A first review."], release_gil)

    def _counts(self, texts, release_gil=None):
        """Rows, columns and counts of ``texts``' weighted n-grams. The compiled loops release
        the GIL if ``release_gil``, or when None from ``RELEASE_GIL_FROM`` words."""
        words = self._vocabulary()
        ids, lengths = _word_ids(words, texts)
        if release_gil is None:
            release_gil = len(ids) >= RELEASE_GIL_FROM
        low, high = self.ngram_range
        counted = _counted_releasing_gil if release_gil else _counted
        return counted(
            ids, lengths, words.flags, words.hashes, words.negated,
            low, high, self.short_below, self.n_features, self.short_features,
        )  # fmt: skip


def _word_ids(words, texts):
    """``(ids, lengths)``: the word ids of all ``texts`` in ``words``, one after the other,
    and how many each text has."""
    per_text = [words.text_ids(text) for text in texts]
    lengths = np.fromiter(map(len, per_text), np.int64, len(texts))
    if len(per_text) == 1:
        return per_text[0], lengths
    return (np.concatenate(per_text) if per_text else np.empty(0, np.int64)), lengths


def _quantised(weight):
    return np.rint(np.asarray(weight) * _UNIT).astype(np.int16)
