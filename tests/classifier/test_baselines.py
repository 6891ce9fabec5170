import numpy as np
import pytest

from classifier.evaluation import baselines
from tests.classifier.conftest import make_corpus


@pytest.mark.parametrize("fit", [baselines.nbsvm, baselines.nbsvm_trigrams])
def test_nbsvm_learns_the_sentiment_words(fit):
    texts, labels = make_corpus(400, seed=1)
    held_out, truth = make_corpus(100, seed=2)
    scores = fit(texts, np.array(labels))(held_out)
    assert ((scores > 0.5) == np.array(truth)).mean() == 1.0
