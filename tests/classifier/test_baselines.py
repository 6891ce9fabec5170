import numpy as np
import pytest

from classifier.evaluation import baselines
from classifier.evaluation.model_card import _transfer_rows
from tests.classifier.conftest import make_corpus


@pytest.mark.parametrize("fit", [baselines.nbsvm, baselines.nbsvm_trigrams])
def test_nbsvm_learns_the_sentiment_words(fit):
    texts, labels = make_corpus(400, seed=1)
    held_out, truth = make_corpus(100, seed=2)
    scores = fit(texts, np.array(labels))(held_out)
    assert ((scores > 0.5) == np.array(truth)).mean() == 1.0


def test_the_test_split_estimate_adds_the_reference_gap_to_our_accuracy():
    references = {
        "harder here": {"accuracy": 0.90, "published_test_accuracy": 0.92},
        "no published figure": {"accuracy": 0.70, "published_test_accuracy": None},
    }
    assert _transfer_rows(0.91, references) == ["| harder here | 92.00% | 90.00% | 93.00% |"]
