"""The shipped model on a fast part of the behavioural suite: regression guards.

The whole suite runs in ``make report`` (the model card's "Behaviour"); here 40 cases a test,
with thresholds a little above what the shipped model scores, so that a change that makes the
model read people worse fails here first.
"""

from pathlib import Path

import pytest

from classifier import MovieClassifier
from classifier.data import movie_groups, read_labelled_csv, split_rows
from classifier.evaluation.behaviour import build_suite, review_sentences, run_suite

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "imdb_train.csv.gz"
THRESHOLDS = {
    "vocabulary": 0.10,
    "negation": 0.20,
    "robustness": 0.05,
    "fairness": 0.05,
    "holder, temporal, yes/no": 0.15,
    "directional": 0.05,
}


@pytest.fixture(scope="module")
def results():
    texts, labels, ids = read_labelled_csv(DATA)
    guard = split_rows(movie_groups(ids))[2]  # reviews the shipped model has not seen
    sentences = review_sentences([texts[i] for i in guard], labels[guard], limit=500)
    model = MovieClassifier().current()[0]
    return run_suite(lambda batch: model.predict_proba(batch)[:, 1], build_suite(sentences, 40))


@pytest.mark.parametrize("capability", THRESHOLDS)
def test_failure_rate_stays_under_its_threshold(results, capability):
    rate = results["capabilities"][capability]
    failing = [t for t in results["tests"] if t["capability"] == capability and t["examples"]]
    assert rate <= THRESHOLDS[capability], [(t["name"], t["examples"][0]) for t in failing]
