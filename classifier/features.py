"""Feature weighting learned once from labelled data and kept fixed for online updates."""

import numpy as np
import scipy.sparse as sp
from numba import njit
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.sparsefuncs_fast import inplace_csr_row_normalize_l2
from sklearn.utils.validation import check_is_fitted


def nb_ratios(X, y, sample_weight=None, alpha=1.0):
    """Naive-Bayes log-count ratios ``log((p / |p|_1) / (q / |q|_1))`` of the columns of ``X``,
    with ``p`` and ``q`` the smoothed (weighted) document frequencies in positive and negative
    rows."""
    present = sp.csr_matrix(X, copy=True)
    present.data[:] = 1
    y = np.asarray(y)
    weight = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, float)
    p = np.asarray(present.T @ (weight * (y == 1))).ravel() + alpha
    q = np.asarray(present.T @ (weight * (y == 0))).ravel() + alpha
    return np.log((p / p.sum()) / (q / q.sum()))


# Sparse in, sparse out: no pandas output to wrap, so no set_output wrapper (per-call overhead).
class NBFeatureWeighter(TransformerMixin, BaseEstimator, auto_wrap_output_keys=None):
    """Sublinear term frequency scaled by naive-Bayes log-count ratios, L2-normalised per block,
    each block then scaled by how short the text is.

    As in NB-SVM (Wang & Manning, 2012), each feature is scaled by how strongly it separates the
    classes, ``r`` (``nb_ratios``). We scale by ``|r| + floor``: the linear model learns the sign
    anyway, and the floor keeps features never seen at training time (a new word taught online)
    learnable instead of weighted to zero.

    The input has a review block of ``n_features`` columns, a short-text block, and a last
    column holding each text's length in tokens (``classifier.vectorizer``). A text of ``n``
    tokens gets the short-text share ``g = clip((long - n) / (long - short), 0, 1)`` with
    ``short_text = (short, long)``: 1 for short texts, 0 for reviews. Its review block is scaled
    by ``1 - g + g * review_share`` and its short-text block by ``g``, so a long review reads
    only its review block, and a short text reads the short-text block and a share of the
    review block (``review_share``, learned with the short-text weights; see
    ``classifier.model``).

    The weights are fitted once and not updated by online learning, so a vector keeps the same
    meaning for the whole life of a model: online updates move only the linear model.

    Parameters
    ----------
    n_features : int, default=2**21
        Columns of the review block.
    short_text : tuple, default=(20, 60)
        Lengths (in tokens) at which a text is wholly short, and at which it is wholly a review.
    alpha : float, default=1.0
        Additive smoothing of the document frequencies.
    floor : float, default=0.1
        Weight added to every feature.
    """

    def __init__(self, n_features=2**21, short_text=(20, 60), alpha=1.0, floor=0.1):
        self.n_features = n_features
        self.short_text = short_text
        self.alpha = alpha
        self.floor = floor

    def fit(self, X, y, sample_weight=None):
        """Learn the weights of the review block from counts ``X`` and binary labels ``y``."""
        ratios = nb_ratios(X[:, : self.n_features], y, sample_weight, self.alpha)
        self.weights_ = np.full(X.shape[1] - 1, self.floor, dtype=np.float32)
        self.weights_[: self.n_features] += np.abs(ratios).astype(np.float32)
        self.review_share_ = 1.0
        self.n_features_in_ = X.shape[1]
        return self

    def fit_short(self, X, y, sample_weight=None):
        """Learn the weights of the short-text block from counts of short texts; return
        ``self``."""
        check_is_fitted(self, "weights_")
        ratios = nb_ratios(X[:, self.n_features : -1], y, sample_weight, self.alpha)
        self.weights_[self.n_features :] = (np.abs(ratios) + self.floor).astype(np.float32)
        return self

    def short_share(self, lengths):
        """The short-text share ``g`` of texts of ``lengths`` tokens."""
        short, long = self.short_text
        return np.clip((long - np.asarray(lengths, float)) / (long - short), 0.0, 1.0)

    def transform(self, X):
        """The weighted features of counts ``X``, without the length column (sorted, as the
        vectorizer sorts them: each row's review block before its short-text block)."""
        check_is_fitted(self, "weights_")
        X = sp.csr_matrix(X, dtype=np.float32)
        length_entry = X.indices == X.shape[1] - 1
        lengths = np.zeros(X.shape[0], dtype=np.float32)
        lengths[np.repeat(np.arange(X.shape[0]), np.diff(X.indptr))[length_entry]] = X.data[
            length_entry
        ]
        kept = ~length_entry
        indices, data = X.indices[kept], np.log1p(X.data[kept])
        data *= self.weights_[indices]
        row_of = np.repeat(np.arange(X.shape[0]), np.diff(X.indptr))[kept]
        indptr = np.concatenate(([0], np.cumsum(np.bincount(row_of, minlength=X.shape[0]))))
        share = self.short_share(lengths)
        scales = [
            (1 - share + share * self.review_share_).astype(np.float32),
            share.astype(np.float32),
        ]
        in_review = indices < self.n_features
        for block, scale in ((in_review, scales[0]), (~in_review, scales[1])):
            if not block.any():
                continue
            per_row = np.bincount(row_of[block], minlength=X.shape[0])
            part = sp.csr_matrix(
                (data[block], indices[block], np.concatenate(([0], np.cumsum(per_row)))),
                shape=(X.shape[0], X.shape[1] - 1),
            )
            # what ``sklearn.preprocessing.normalize`` runs, without input checks that cost
            # more than the normalisation of one review
            inplace_csr_row_normalize_l2(part)
            part.data *= np.repeat(scale, per_row)
            data[block] = part.data
        features = sp.csr_matrix((data, indices, indptr), shape=(X.shape[0], X.shape[1] - 1))
        features.has_sorted_indices = True
        return features

    def transform_review(self, X):
        """The review block alone, L2-normalised, whatever the text's length: what the review
        part of the model is fitted on."""
        check_is_fitted(self, "weights_")
        X = sp.csr_matrix(X[:, : self.n_features], dtype=np.float32, copy=True)
        np.log1p(X.data, out=X.data)
        X.data *= self.weights_[X.indices]
        inplace_csr_row_normalize_l2(X)
        return X

    def transform_one(self, columns, counts):
        """The values of ``transform``'s one row for ``counts`` (float32) in ``columns``, in
        order and without the length column: the same float32 arithmetic and the same order of
        summation, so the same bits."""
        length = counts[-1] if len(columns) and columns[-1] == self.n_features_in_ - 1 else 0.0
        if len(columns) and columns[-1] == self.n_features_in_ - 1:
            columns, counts = columns[:-1], counts[:-1]
        short, long = self.short_text
        share = min(max((long - float(length)) / (long - short), 0.0), 1.0)  # short_share
        values = np.log1p(counts)
        _weigh_one(
            columns, values, self.weights_, self.n_features,
            np.float32(1 - share + share * self.review_share_), np.float32(share),
        )  # fmt: skip
        return columns, values


@njit(cache=True)
def _weigh_one(columns, values, weights, n_features, review_scale, short_scale):
    """``transform``'s arithmetic on one row's ``values`` (log1p of its counts), in place: each
    block L2-normalised with its sum of squares in double and in order, as scikit-learn's
    Cython loop sums, then scaled."""
    for k in range(len(values)):
        values[k] *= weights[columns[k]]
    for in_review in (True, False):
        squares = 0.0
        for k in range(len(values)):
            if (columns[k] < n_features) == in_review:
                squares += np.float64(values[k] * values[k])
        norm = np.sqrt(squares)
        scale = review_scale if in_review else short_scale
        for k in range(len(values)):
            if (columns[k] < n_features) == in_review:
                value = values[k]
                if squares != 0.0:
                    value = np.float32(np.float64(value) / norm)
                values[k] = value * scale
