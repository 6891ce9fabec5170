"""The short-text part's fit (``classifier.short_text``)."""

import numpy as np
import pytest
import scipy.sparse as sp

from classifier.short_text import fit_columns, fit_short_text


@pytest.fixture(scope="module")
def problem():
    """Texts whose features fall in every eighth of 4,096 columns, with the review part's
    log-odds, shares and labels that both parts explain."""
    rng = np.random.default_rng(0)
    n, width = 400, 4096
    rows = np.repeat(np.arange(n), 6)
    columns = rng.integers(0, width // 8, size=rows.size) * 8
    short = sp.csr_matrix((rng.random(rows.size), (rows, columns)), shape=(n, width))
    share, review = rng.random(n), rng.normal(size=n)
    y = (review + short @ rng.normal(size=width) + rng.normal(size=n) > 0).astype(float)
    return short, share, review, y, np.ones(n)


def test_columns_no_text_has_keep_no_weight(problem):
    short = problem[0]
    w, b = fit_short_text(*problem, alpha=1e-3)
    never = np.setdiff1d(np.arange(short.shape[1]), short.indices)
    assert len(never) > 3000 and not w[never].any()
    assert w[short.indices].any() and 0 <= b <= 1


def test_fitting_the_columns_that_occur_gives_the_fit_on_every_column(problem):
    w, b = fit_short_text(*problem, alpha=1e-3)
    every = fit_columns(problem[0].astype(np.float64).tocsr(), *problem[1:], alpha=1e-3)
    # the same steps but for rounding: the same weights to far below what a prediction shows
    np.testing.assert_allclose(w, every[:-1], rtol=0, atol=1e-9)
    assert b == pytest.approx(every[-1], abs=1e-9)
