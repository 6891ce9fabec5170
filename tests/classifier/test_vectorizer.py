import numpy as np
import scipy.sparse as sp

from classifier.text import normalize, tokenize
from classifier.vectorizer import HashedNgramVectorizer

TEXTS = [
    "I didn't like it, but the music was great!",
    "",
    "Not good. Not bad either :)",
    "!!!",
    "no",
    "A <br /><br />fine film, not a great one; worth it?",
]


def reference_counts(vectorizer, text):
    """Counts built from the string tokens, one n-gram at a time, the obvious way."""
    tokens = tokenize(normalize(text))
    hashes = vectorizer.token_hashes(tokens)
    row = np.zeros(vectorizer.n_features, dtype=np.float32)
    low, high = vectorizer.ngram_range
    for n in range(low, high + 1):
        if len(hashes) >= n:
            for column in vectorizer.columns(hashes, n):
                row[column] += 1
    return row


def test_batch_counts_equal_text_by_text_counts():
    vectorizer = HashedNgramVectorizer(n_features=2**12, ngram_range=(1, 3))
    counts = vectorizer.transform(TEXTS).toarray()
    for row, text in zip(counts, TEXTS, strict=True):
        np.testing.assert_array_equal(row, reference_counts(vectorizer, text))


def test_counts_are_csr_float32_with_the_configured_width():
    counts = HashedNgramVectorizer(n_features=2**10).transform(TEXTS)
    assert sp.isspmatrix_csr(counts) and counts.dtype == np.float32
    assert counts.shape == (len(TEXTS), 2**10)
    assert counts[1].nnz == 0


def test_negated_words_are_different_features():
    vectorizer = HashedNgramVectorizer(ngram_range=(1, 1))
    good, not_good = vectorizer.transform(["good", "not good"])
    assert set(good.indices) - set(not_good.indices)


def test_columns_are_fixed_numbers_the_same_in_every_process():
    # Hashes must not depend on Python's per-process string hash salt.
    vectorizer = HashedNgramVectorizer(n_features=2**20, ngram_range=(1, 2))
    assert sorted(vectorizer.transform(["great film"]).indices) == [144004, 936144, 990936]


def test_an_empty_batch():
    assert HashedNgramVectorizer().transform([]).shape == (0, 2**21)
