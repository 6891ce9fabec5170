"""Hashed, weighted word n-gram counts, computed for a whole batch at once.

Each distinct token is read once (``classifier.text.canonical``) and hashed once (CRC-32); the
scope rules (``classifier.scopes``) and the n-grams of a whole batch are then worked out with
numpy. An n-gram counts with the smallest weight among its words (0 drops it).

Two blocks of columns: the *review* block holds every text's n-grams; the *short-text* block
holds them again, hashed apart, for texts of fewer than ``short_below`` tokens, so that the model
can learn how short texts differ (``classifier.model``). The last column holds each text's
number of tokens. The result is the same in every process and on every machine.
"""

import threading
import zlib
from itertools import chain

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin

from classifier import scopes
from classifier.text import canonical, split, split_with_spans

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


def _finalise(hashes):
    hashes ^= hashes >> _SHIFT
    hashes *= _FMIX_1
    hashes ^= hashes >> _SHIFT
    hashes *= _FMIX_2
    hashes ^= hashes >> _SHIFT
    return hashes


def ngram_hashes(token_hashes, n):
    """64-bit hashes of the n-grams of one token-hash sequence."""
    combined = token_hashes[: len(token_hashes) - n + 1].copy()
    for offset in range(1, n):
        combined *= _MULTIPLIER
        combined += token_hashes[offset : len(token_hashes) - n + 1 + offset]
    return combined


class _Words(dict):
    """Raw token -> the id of its canonical word, or -1 if it stands for none or several (a
    link, a contraction: see ``several``); per id, its hashes and rule flags.

    Filled on first sight under a lock; an entry is published only after its arrays are
    written, so a reader that found the id finds its row. A dict with ``__missing__``, so that
    ``map(words.__getitem__, tokens)`` runs in C for the tokens already seen. Bounded: hostile
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
        return self._column(ngram_hashes(token_hashes, n) + np.uint64(n), short)

    def read(self, texts):
        """``(hashes, weights, doc, lengths)``: the hashed words of all ``texts`` as the model
        reads them, their weights in 1/64ths, the text each belongs to, and each text's length."""
        words = self._vocabulary()
        tokens = [split(text) for text in texts]
        lengths = np.fromiter(map(len, tokens), np.int64, len(texts))
        flat = list(chain.from_iterable(tokens))
        ids = np.fromiter(map(words.__getitem__, flat), np.int64, len(flat))
        several = np.flatnonzero(ids < 0)
        if len(several):  # links (no word) and contractions (two words)
            expanded = [words.several[flat[i]] for i in several]
            repeats = np.ones(len(ids), np.int64)
            repeats[several] = [len(found) for found in expanded]
            text_of = np.repeat(np.arange(len(texts)), lengths)
            lengths = np.bincount(text_of, weights=repeats, minlength=len(texts)).astype(np.int64)
            at = (np.cumsum(repeats) - repeats)[several]
            ids = np.repeat(ids, repeats)
            for start, found in zip(at.tolist(), expanded, strict=True):
                ids[start : start + len(found)] = found
        kept, negated, weight, lengths = scopes.read(words.flags[ids], lengths)
        ids = ids[kept]
        hashes = np.where(negated, words.negated[ids], words.hashes[ids])
        doc = np.repeat(np.arange(len(texts), dtype=np.int32), lengths)
        return hashes, _quantised(weight), doc, lengths

    def _counts(self, texts):
        hashes, weight, doc, lengths = self.read(texts)
        short = lengths < self.short_below
        any_short = bool(short[lengths > 0].any())
        keys = []
        low, high = self.ngram_range
        for n in range(low, min(high, len(hashes)) + 1):
            count = len(hashes) - n + 1
            rows = doc[:count]
            weights = weight[:count].copy()
            for offset in range(1, n):
                np.minimum(weights, weight[offset : count + offset], out=weights)
            # n-grams within one text, of a weight above 0
            valid = np.flatnonzero((doc[n - 1 :] == rows) & (weights > 0))
            rows, weights = rows[valid], weights[valid]
            combined = ngram_hashes(hashes, n)[valid] + np.uint64(n)
            keys.append(self._pack(rows, self._column(combined.copy(), short=False), weights))
            if any_short:
                in_short = np.flatnonzero(short[rows])
                columns = self._column(combined[in_short], short=True)
                keys.append(self._pack(rows[in_short], columns, weights[in_short]))
        texts_with_words = np.flatnonzero(lengths)
        keys.append(
            self._pack(
                texts_with_words,
                np.full(len(texts_with_words), self.width - 1),
                np.zeros(len(texts_with_words), np.int16),
            )
        )
        packed = np.sort(np.concatenate(keys))
        key = packed >> _WEIGHT_BITS
        first = np.ones(len(key), dtype=bool)
        np.not_equal(key[1:], key[:-1], out=first[1:])
        starts = np.flatnonzero(first)
        units = np.add.reduceat(packed & ((1 << _WEIGHT_BITS) - 1), starts) if len(starts) else key
        rows, columns = np.divmod(key[starts], self.width)
        counts = (units / _UNIT).astype(np.float32)
        # the length column, stored apart from the weight field it could overflow
        length_column = columns == self.width - 1
        counts[length_column] = lengths[rows[length_column]]
        return rows, columns, counts

    def _column(self, hashes, short):
        """Columns of n-gram hashes (``ngram_hashes`` plus n) in either block."""
        if short:
            hashes += _SHORT_SALT
            return self.n_features + (_finalise(hashes) % np.uint64(self.short_features)).astype(
                np.int64
            )
        return (_finalise(hashes) % np.uint64(self.n_features)).astype(np.int64)

    def _pack(self, rows, columns, units):
        key = rows.astype(np.int64) * self.width + columns
        key <<= _WEIGHT_BITS
        key |= units  # at most 1.5 ** 4 * 64 < 2 ** _WEIGHT_BITS
        return key


def _quantised(weight):
    return np.rint(np.asarray(weight) * _UNIT).astype(np.int16)
