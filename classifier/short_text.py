"""Fitting the short-text part of the model on top of the review part.

A text with short-text share ``g`` (1 for a sentence, 0 for a review) reads, in log-odds,

    z = (1 - g + g * b) * r + g * (w . s)

with ``r`` the calibrated log-odds of the review part, ``s`` the text's short-text features and
``w`` their weights. ``w`` and the share ``b`` of the review part that short texts keep are
fitted together by L-BFGS on the (weighted) logistic loss plus ``alpha / 2 * |w|^2``; ``b`` is
not penalised, but kept between 0 (short texts ignore the review part) and 1 (they keep all of
it). This is stacking with the review model as an offset: the review part is fitted on
reviews and left as it is, and the short-text part learns only what short texts need on top
(Daumé III's "frustratingly easy" domain adaptation, with one domain fitted first).
"""

import numpy as np
from scipy.optimize import minimize


def fit_short_text(short, share, review, y, weight, alpha, max_iterations=300):
    """Return ``(w, b)`` for short-text features ``short`` (CSR), shares ``share``, review-part
    log-odds ``review``, labels ``y`` (0/1) and sample weights ``weight``.

    Only the columns that occur in ``short`` are fitted: the weight of a column no text has
    starts at 0 and its gradient is ``alpha`` times it, so it stays 0 at every step. Fitted on
    every column, the optimizer takes the same steps but for rounding (its sums run over more
    zeros), and scipy turns each bound into Python objects first: about 8 s for the default
    2**20 columns, most of a training on small data."""
    X = short.astype(np.float64).tocsr()
    occurring = np.unique(X.indices)
    fitted = fit_columns(X[:, occurring], share, review, y, weight, alpha, max_iterations)
    w = np.zeros(X.shape[1])
    w[occurring] = fitted[:-1]
    return w, float(fitted[-1])


def fit_columns(X, share, review, y, weight, alpha, max_iterations=300):
    """``w`` for every column of ``X`` (float64 CSR), then ``b``, as one array."""
    X_t = X.T.tocsr()
    kept = (1 - share) * review
    scaled = share * review

    def loss_and_gradient(parameters):
        w, b = parameters[:-1], parameters[-1]
        z = kept + b * scaled + X @ w
        residual = weight * (1 / (1 + np.exp(-z)) - y)
        loss = np.sum(weight * (np.logaddexp(0, z) - y * z)) + alpha / 2 * (w @ w)
        gradient = np.append(X_t @ residual + alpha * w, residual @ scaled)
        return loss, gradient

    start = np.append(np.zeros(X.shape[1]), 1.0)
    result = minimize(
        loss_and_gradient,
        start,
        jac=True,
        method="L-BFGS-B",
        bounds=[(None, None)] * X.shape[1] + [(0.0, 1.0)],
        options={"maxiter": max_iterations},
    )
    return result.x
