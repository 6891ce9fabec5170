"""Feature weighting learned once from labelled data and kept fixed for online updates."""

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.sparsefuncs_fast import inplace_csr_row_normalize_l2
from sklearn.utils.validation import check_is_fitted


# Sparse in, sparse out: no pandas output to wrap, so no set_output wrapper (per-call overhead).
class NBFeatureWeighter(TransformerMixin, BaseEstimator, auto_wrap_output_keys=None):
    """Sublinear term frequency scaled by naive-Bayes log-count ratios, then L2-normalized.

    As in NB-SVM (Wang & Manning, 2012), each feature is scaled by how strongly it separates the
    classes in the training data, ``r = log((p / |p|_1) / (q / |q|_1))`` with ``p`` and ``q`` the
    smoothed document frequencies in positive and negative reviews. We scale by ``|r| + floor``
    instead of ``r``: the linear model learns the sign anyway, and the floor keeps features never
    seen at training time (a new word taught online) learnable instead of weighted to zero.

    The weights are fitted once and not updated by online learning, so a vector keeps the same
    meaning for the whole life of a model: online updates move only the linear model.

    Parameters
    ----------
    alpha : float, default=1.0
        Additive smoothing of the document frequencies.
    floor : float, default=0.1
        Weight added to every feature.
    """

    def __init__(self, alpha=1.0, floor=0.1):
        self.alpha = alpha
        self.floor = floor

    def fit(self, X, y):
        """Learn the per-feature weights from term counts ``X`` and binary labels ``y``."""
        present = sp.csr_matrix(X, copy=True)
        present.data[:] = 1
        y = np.asarray(y)
        p = np.asarray(present[y == 1].sum(axis=0)).ravel() + self.alpha
        q = np.asarray(present[y == 0].sum(axis=0)).ravel() + self.alpha
        ratio = np.log((p / p.sum()) / (q / q.sum()))
        self.weights_ = (np.abs(ratio) + self.floor).astype(np.float32)
        self.n_features_in_ = X.shape[1]
        return self

    def transform(self, X):
        """Return the weighted, L2-normalized features for term counts ``X``."""
        check_is_fitted(self, "weights_")
        X = sp.csr_matrix(X, dtype=np.float32, copy=True)
        np.log1p(X.data, out=X.data)
        X.data *= self.weights_[X.indices]
        # what ``sklearn.preprocessing.normalize`` runs, without input checks that cost more than
        # the normalisation of one review
        inplace_csr_row_normalize_l2(X)
        return X

    def transform_one(self, columns, counts):
        """The values of ``transform``'s one row for the ``counts`` (float32) in ``columns``,
        with the same float32 arithmetic and the same order of summation, so the same bits."""
        values = np.log1p(counts)
        values *= self.weights_[columns]
        # the normalisation's sum of squares, in double and in order, as the Cython loop does
        squares = np.cumsum((values * values).astype(np.float64))
        if len(squares) and squares[-1] != 0.0:
            values = (values.astype(np.float64) / np.sqrt(squares[-1])).astype(np.float32)
        return values
