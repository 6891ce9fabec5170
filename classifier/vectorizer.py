"""Hashed word n-gram counts, computed for a whole batch at once.

scikit-learn's ``HashingVectorizer`` builds every n-gram as a Python string before hashing it,
which costs more than the rest of the model together. Here each token is hashed once (CRC-32,
cached), and the n-gram hashes of a whole batch are combined from the token hashes with numpy
integer arithmetic. The result is stateless and the same in every process and on every machine.
"""

import zlib

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin

from classifier.text import CLAUSE_END, kind_of, negation_scope, normalize, split

_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)  # odd; spreads bits when combining token hashes
_FMIX_1 = np.uint64(0xFF51AFD7ED558CCD)  # MurmurHash3's 64-bit finaliser constants
_FMIX_2 = np.uint64(0xC4CEB9FE1A85EC53)
_SHIFT = np.uint64(33)
_CACHE_LIMIT = 1_000_000


class _TokenCodes(dict):
    """token -> ``(CRC-32 + 1) << 2 | kind``, worked out on first sight.

    Packing the hash and the negation role into one value lets ``map(codes.__getitem__, ...)``
    fetch both for a whole batch in one pass that runs in C.
    """

    def __missing__(self, token):
        if len(self) >= _CACHE_LIMIT:  # bounded: hostile input cannot grow it forever
            self.clear()
        value = self[token] = (zlib.crc32(token.encode("utf-8")) + 1) << 2 | int(kind_of(token))
        return value


_codes = _TokenCodes()


def _code_array(tokens):
    return np.fromiter(map(_codes.__getitem__, tokens), np.uint64, len(tokens))


def _finalise(hashes):
    hashes ^= hashes >> _SHIFT
    hashes *= _FMIX_1
    hashes ^= hashes >> _SHIFT
    hashes *= _FMIX_2
    hashes ^= hashes >> _SHIFT
    return hashes


def ngram_hashes(token_hashes, n):
    """64-bit hashes of the n-grams of one token-hash sequence (a helper of ``transform``)."""
    combined = token_hashes[: len(token_hashes) - n + 1].copy()
    for offset in range(1, n):
        combined *= _MULTIPLIER
        combined += token_hashes[offset : len(token_hashes) - n + 1 + offset]
    return combined


class HashedNgramVectorizer(TransformerMixin, BaseEstimator, auto_wrap_output_keys=None):
    """Count word n-grams of raw review texts into ``n_features`` hashed columns.

    Parameters
    ----------
    n_features : int, default=2**21
        Number of columns. Distinct n-grams may share a column (a hash collision).
    ngram_range : tuple, default=(1, 3)
        Smallest and largest n.
    """

    def __init__(self, n_features=2**21, ngram_range=(1, 3)):
        self.n_features = n_features
        self.ngram_range = ngram_range

    def fit(self, X=None, y=None):
        """Nothing to learn; returns ``self``."""
        return self

    def token_hashes(self, tokens):
        """Hashes of ``tokens`` as a ``uint64`` array."""
        return _code_array(tokens) >> np.uint64(2)

    def columns(self, token_hashes, n):
        """The column of each n-gram starting at each position of one document."""
        hashes = _finalise(ngram_hashes(token_hashes, n) + np.uint64(n))
        return (hashes % np.uint64(self.n_features)).astype(np.int64)

    def transform(self, texts):
        """Return a CSR matrix of n-gram counts, one row per text.

        The same counts as hashing ``tokenize(normalize(text))`` text by text, but the negation
        marking and the n-grams of the whole batch are worked out with numpy.
        """
        keys = self._sorted_keys(*self._token_hashes_by_doc(texts))
        rows, columns, counts = self._runs(keys)
        indptr = np.zeros(len(texts) + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows, minlength=len(texts)), out=indptr[1:])
        return sp.csr_matrix(
            (counts, columns.astype(np.int32), indptr), shape=(len(texts), self.n_features)
        )

    def transform_one(self, text):
        """``(columns, counts)``: the one row of ``transform([text])``, without the matrix
        (building it costs about as much as counting one review)."""
        _, columns, counts = self._runs(self._sorted_keys(*self._token_hashes_by_doc([text])))
        return columns, counts

    def _token_hashes_by_doc(self, texts):
        """The token hashes of all ``texts`` in one array (negation marked, clause ends
        dropped) and the index of the text each one belongs to."""
        lengths = np.empty(len(texts), dtype=np.int64)
        tokens = []
        for row, text in enumerate(texts):
            found = split(normalize(text))
            lengths[row] = len(found)
            tokens.extend(found)
        codes = _code_array(tokens)
        kinds = (codes & np.uint64(3)).astype(np.int8)
        hashes = codes >> np.uint64(2)
        negated = negation_scope(kinds, np.cumsum(lengths) - lengths)
        for i in np.flatnonzero(negated):
            hashes[i] = _codes[tokens[i] + "_NEG"] >> 2
        kept = kinds != CLAUSE_END
        return hashes[kept], np.repeat(np.arange(len(texts)), lengths)[kept]

    def _sorted_keys(self, hashes, doc):
        # Each n-gram occurrence becomes one integer key, row * n_features + column; sorting the
        # keys of the whole batch at once (numpy's vectorised sort) groups equal ones, which is
        # about twice as fast as scipy summing duplicates row by row.
        keys = []
        low, high = self.ngram_range
        for n in range(low, min(high, len(hashes)) + 1):
            # keep only the n-grams that lie inside one document
            inside = doc[: len(doc) - n + 1] == doc[n - 1 :]
            keys.append(doc[: len(doc) - n + 1][inside] * self.n_features)
            keys[-1] += self.columns(hashes, n)[inside]
        return np.sort(np.concatenate(keys)) if keys else np.empty(0, dtype=np.int64)

    def _runs(self, keys):
        """``(rows, columns, counts)`` of the runs of equal keys in sorted ``keys``."""
        first = np.ones(len(keys), dtype=bool)
        np.not_equal(keys[1:], keys[:-1], out=first[1:])
        starts = np.flatnonzero(first)
        counts = np.diff(starts, append=len(keys)).astype(np.float32)
        rows, columns = np.divmod(keys[starts], self.n_features)
        return rows, columns, counts
