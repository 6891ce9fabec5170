import numpy as np
import pytest
from sklearn.exceptions import NotFittedError

from classifier.features import NBFeatureWeighter
from classifier.model import SentimentModel
from tests.classifier.conftest import make_corpus


@pytest.fixture
def fitted(corpus, small_params):
    texts, labels = corpus
    return SentimentModel(**small_params).fit(texts, labels)


def test_fit_learns_the_corpus(fitted):
    texts, labels = make_corpus(100, seed=1)
    assert (fitted.predict(texts) == np.array(labels)).mean() > 0.95


def test_fit_returns_self_and_sets_learned_attributes(corpus, small_params):
    model = SentimentModel(**small_params)
    assert model.fit(*corpus) is model
    assert list(model.classes_) == [0, 1]
    assert model.temperature_ == 1.0


@pytest.mark.parametrize("texts", [["one review"], ["two", "reviews"]])
def test_an_unfitted_model_says_so(small_params, texts):
    with pytest.raises(NotFittedError):
        SentimentModel(**small_params).predict_proba(texts)


def test_probabilities_are_rows_that_sum_to_one(fitted):
    proba = fitted.predict_proba(["wonderful film", "dull plot", "the camera"])
    assert proba.shape == (3, 2)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    assert ((proba >= 0) & (proba <= 1)).all()


def test_columns_follow_classes(fitted):
    proba = fitted.predict_proba(["wonderful brilliant superb"])
    assert proba[0, 1] > proba[0, 0]


def test_fitting_is_deterministic(corpus, small_params):
    first = SentimentModel(**small_params).fit(*corpus)
    second = SentimentModel(**small_params).fit(*corpus)
    np.testing.assert_array_equal(first.classifier_.coef_, second.classifier_.coef_)


def test_partial_fit_moves_the_prediction_towards_the_label(fitted):
    text = ["the story was clumsy and wonderful"]
    before = fitted.predict_proba(text)[0, 1]
    fitted.partial_fit(text, [1])
    assert fitted.predict_proba(text)[0, 1] > before
    fitted.partial_fit(text, [0], sample_weight=[5.0])
    assert fitted.predict_proba(text)[0, 1] < before


def test_partial_fit_can_learn_a_word_never_seen_in_training(fitted):
    text = ["zorblax"]
    before = fitted.predict_proba(text)[0, 1]
    for _ in range(5):
        fitted.partial_fit(text, [1])
    assert fitted.predict_proba(text)[0, 1] > before + 0.05


def test_calibration_changes_confidence_not_labels(fitted):
    texts, labels = make_corpus(200, seed=2)
    labels = np.array(labels)
    labels[:20] = 1 - labels[:20]  # noisy labels: honest probabilities are lower
    predicted = fitted.predict(texts)
    confident = np.abs(fitted.predict_proba(texts)[:, 1] - 0.5).mean()
    fitted.calibrate(texts, labels)
    assert fitted.temperature_ > 1.0
    np.testing.assert_array_equal(fitted.predict(texts), predicted)
    assert np.abs(fitted.predict_proba(texts)[:, 1] - 0.5).mean() < confident


def test_counts_and_texts_give_the_same_predictions(fitted):
    texts = ["dull film", "superb music"]
    np.testing.assert_allclose(
        fitted.predict_proba(texts), fitted.predict_proba(fitted.count(texts))
    )


def test_nb_weights_favour_discriminative_features():
    import scipy.sparse as sp

    # feature 0 only in positives, feature 1 everywhere; the last column is the text's length
    X = sp.csr_matrix(np.array([[1, 1, 90], [1, 1, 90], [0, 1, 90], [0, 1, 90]], np.float32))
    weighter = NBFeatureWeighter(n_features=2, floor=0.1).fit(X, np.array([1, 1, 0, 0]))
    assert weighter.weights_[0] > weighter.weights_[1] >= 0.1
    rows = weighter.transform(X).toarray()
    assert rows.shape == (4, 2)
    np.testing.assert_allclose(np.linalg.norm(rows, axis=1), 1.0, rtol=1e-6)


def test_update_is_the_same_arithmetic_as_partial_fit(fitted):
    import copy

    texts, labels = make_corpus(60, seed=5)
    labels = [1 - label if i % 4 == 0 else label for i, label in enumerate(labels)]
    fast, reference = copy.deepcopy(fitted), copy.deepcopy(fitted)
    fast.update(texts, labels)
    counts = reference.count(texts)
    for row, label in enumerate(labels):
        reference.partial_fit(counts[row], [label])
    assert not np.array_equal(fast.classifier_.coef_, fitted.classifier_.coef_)
    # the weights are float32: the two agree to its rounding
    np.testing.assert_allclose(fast.classifier_.coef_, reference.classifier_.coef_, atol=1e-6)
    np.testing.assert_array_equal(fast.classifier_.intercept_, fitted.classifier_.intercept_)


def test_the_short_text_part_learns_short_texts_and_leaves_reviews_alone(fitted):
    import copy

    model = copy.deepcopy(fitted)
    review = "the camera and the music " * 20 + "wonderful"
    before_review = model.decision_function([review])[0]
    before_short = model.predict_proba(["the camera"])[0, 1]
    short_texts = ["the camera", "camera work", "a camera", "the plot", "the actors"] * 20
    labels = [1, 1, 1, 0, 0] * 20
    model.fit_short(model.count(short_texts), labels)
    assert model.predict_proba(["the camera"])[0, 1] > max(before_short, 0.6)
    assert model.decision_function([review])[0] == before_review
    assert 0 <= model.weighter_.review_share_ <= 1


def test_a_text_with_no_evidence_reads_one_half(fitted):
    assert fitted.predict_proba([""])[0, 1] == 0.5
    assert fitted.classifier_.intercept_[0] == 0
