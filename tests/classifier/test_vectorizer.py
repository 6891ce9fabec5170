import numpy as np
import scipy.sparse as sp

from classifier.text import split
from classifier.vectorizer import RELEASE_GIL_FROM, HashedNgramVectorizer

TEXTS = [
    "I didn't like it, but the music was great!",
    "",
    "Not good. Not bad either :)",
    "!!!",
    "no",
    "A <br /><br />fine film, not a great one; worth it?",
    "Critics loved it. " * 30,
]


def reference_counts(vectorizer, text):
    """Counts built from the words and weights of ``tokens``, one n-gram at a time."""
    words, weights, _ = vectorizer.tokens(text)
    hashes = vectorizer.token_hashes(words)
    row = np.zeros(vectorizer.width, dtype=np.float64)
    low, high = vectorizer.ngram_range
    short = len(words) < vectorizer.short_below
    for n in range(low, high + 1):
        if len(words) < n:
            continue
        blocks = [vectorizer.columns(hashes, n)]
        if short:
            blocks.append(vectorizer.columns(hashes, n, short=True))
        for start in range(len(words) - n + 1):
            for columns in blocks:
                row[columns[start]] += weights[start : start + n].min()
    if words:
        row[-1] = len(words)
    return row.astype(np.float32)


def test_batch_counts_equal_text_by_text_counts():
    vectorizer = HashedNgramVectorizer(n_features=2**12, short_features=2**10, short_below=40)
    counts = vectorizer.transform(TEXTS).toarray()
    for row, text in zip(counts, TEXTS, strict=True):
        np.testing.assert_array_equal(row, reference_counts(vectorizer, text))


def test_a_texts_words_found_from_its_code_units_are_those_of_its_token_strings():
    texts = [
        *TEXTS,
        "Great 😀 film, isn't it?",  # beyond the Basic Multilingual Plane: read from strings
        "a\0b didn't",  # a NUL: likewise
        "See www.example.com or @someone, wasn't it? It wasn't.",  # tokens of no or two words
        "Amélie's café, AMÉLIE'S CAFÉ",
    ]
    words = HashedNgramVectorizer()._vocabulary()
    for _ in range(2):  # words new, then every one known
        for text in texts:
            expected = [found for token in split(text) for found in words.ids(token)]
            assert words.text_ids(text).tolist() == expected, text


def test_one_text_alone_counts_as_in_a_batch():
    vectorizer = HashedNgramVectorizer(n_features=2**12, short_features=2**10)
    counts = vectorizer.transform(TEXTS)
    for row, text in enumerate(TEXTS):
        columns, values = vectorizer.transform_one(text)
        np.testing.assert_array_equal(columns, counts[row].indices)
        np.testing.assert_array_equal(values, counts[row].data)


def test_a_batch_large_enough_to_release_the_gil_counts_the_same():
    vectorizer = HashedNgramVectorizer(n_features=2**12, short_features=2**10)
    texts = TEXTS * (RELEASE_GIL_FROM // 100)
    hashes, *_ = vectorizer.read(texts)
    assert len(hashes) >= RELEASE_GIL_FROM
    batch = vectorizer.transform(texts)
    alone = vectorizer.transform(TEXTS)
    for row in range(len(texts)):
        np.testing.assert_array_equal(batch[row].indices, alone[row % len(TEXTS)].indices)
        np.testing.assert_array_equal(batch[row].data, alone[row % len(TEXTS)].data)


def test_counts_are_csr_float32_two_blocks_and_the_length():
    vectorizer = HashedNgramVectorizer(n_features=2**10, short_features=2**8, short_below=5)
    counts = vectorizer.transform(["good fun", "a long text of seven words", ""])
    assert sp.isspmatrix_csr(counts) and counts.dtype == np.float32
    assert counts.shape == (3, 2**10 + 2**8 + 1)
    short_block = counts[:, 2**10 : 2**10 + 2**8]
    assert short_block[0].nnz == 3 and short_block[1].nnz == 0
    assert counts[:, -1].toarray().ravel().tolist() == [2, 6, 0]
    assert counts[2].nnz == 0


def test_negated_words_are_different_features():
    vectorizer = HashedNgramVectorizer(ngram_range=(1, 1))
    good, not_good = vectorizer.transform(["good", "not good"])
    assert set(good.indices) - set(not_good.indices)


def test_weights_count_fractionally():
    vectorizer = HashedNgramVectorizer(ngram_range=(1, 1), short_below=0)
    counts = vectorizer.transform(["dull, but fun fun"])
    assert sorted(counts.data[:-1].tolist()) == [0.5, 1.0, 3.0]


def test_columns_are_fixed_numbers_the_same_in_every_process():
    # Hashes must not depend on Python's per-process string hash salt.
    vectorizer = HashedNgramVectorizer(n_features=2**20, ngram_range=(1, 2), short_below=0)
    assert sorted(vectorizer.transform(["great film"]).indices)[:3] == [144004, 936144, 990936]


def test_an_empty_batch():
    vectorizer = HashedNgramVectorizer()
    assert vectorizer.transform([]).shape == (0, vectorizer.width)


def test_the_word_cache_is_not_pickled():
    import pickle

    vectorizer = HashedNgramVectorizer()
    vectorizer.transform(["some words"])
    assert "_words" not in pickle.loads(pickle.dumps(vectorizer)).__dict__
