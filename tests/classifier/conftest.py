"""A tiny labelled corpus, built in the test, for fast and exact model tests."""

import random

import pytest

POSITIVE = ["wonderful", "brilliant", "moving", "superb", "delightful", "gripping", "beautiful"]
NEGATIVE = ["boring", "awful", "dull", "terrible", "clumsy", "tedious", "lifeless"]
NEUTRAL = ["the", "film", "plot", "actors", "story", "director", "scenes", "music", "camera"]


def make_corpus(n=400, seed=0):
    """``n`` short reviews whose label follows their sentiment words, with neutral filler."""
    rng = random.Random(seed)
    texts, labels = [], []
    for i in range(n):
        label = i % 2
        words = rng.sample(POSITIVE if label else NEGATIVE, 2) + rng.sample(NEUTRAL, 5)
        rng.shuffle(words)
        texts.append(" ".join(words) + ".<br /><br />")
        labels.append(label)
    return texts, labels


@pytest.fixture
def corpus():
    return make_corpus()


@pytest.fixture
def small_params():
    """Model parameters for fast fits on the tiny corpus."""
    return {"n_features": 2**16, "short_features": 2**12, "epochs": 5, "alpha": 1e-4}
