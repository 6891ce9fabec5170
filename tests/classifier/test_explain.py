import numpy as np
import pytest

from classifier import MovieClassifier
from classifier.explain import explain
from classifier.model import SentimentModel


@pytest.fixture
def fitted(corpus, small_params):
    return SentimentModel(**small_params).fit(*corpus)


def test_contributions_plus_bias_add_up_to_the_logit_exactly(fitted):
    text = "The plot was dull, the music wonderful and the actors superb!"
    explanation = explain(fitted, text)
    total = sum(p.contribution for p in explanation.phrases) + explanation.bias
    # features are float32: exact up to their rounding
    assert total == pytest.approx(explanation.logit, rel=1e-6)
    assert explanation.logit == pytest.approx(fitted.decision_function([text])[0], rel=1e-12)


def test_phrases_are_ordered_by_strength_and_signed(fitted):
    explanation = explain(fitted, "dull awful film but superb")
    strengths = [abs(p.contribution) for p in explanation.phrases]
    assert strengths == sorted(strengths, reverse=True)
    by_feature = {p.feature: p.contribution for p in explanation.phrases}
    assert by_feature["dull"] < 0 < by_feature["superb"]


def test_spans_point_at_the_words_in_the_original_text(fitted):
    text = "Dull<br />film. NOT superb"
    explanation = explain(fitted, text)
    by_feature = {p.feature: p for p in explanation.phrases}
    assert [text[a:b] for a, b in by_feature["dull"].spans] == ["Dull"]
    assert [text[a:b] for a, b in by_feature["superb_NEG"].spans] == ["superb"]
    assert [text[a:b] for a, b in by_feature["dull film"].spans] == ["Dull<br />film"]


def test_repeated_phrases_share_their_feature_and_list_every_place(fitted):
    text = "dull, dull, dull"
    dull = next(p for p in explain(fitted, text).phrases if p.feature == "dull")
    assert len(dull.spans) == 3


def test_spans_of_text_with_entities_point_at_the_raw_words(fitted):
    text = "dull &amp; awful, isn&#39;t it"
    by_feature = {p.feature: p for p in explain(fitted, text).phrases}
    assert [text[a:b] for a, b in by_feature["awful"].spans] == ["awful"]
    assert [text[a:b] for a, b in by_feature["dull awful"].spans] == ["dull &amp; awful"]
    assert [text[a:b] for a, b in by_feature["is not"].spans] == ["isn&#39;t"]


def test_short_texts_explain_exactly_with_both_parts(fitted):
    import copy

    from tests.classifier.conftest import make_corpus

    model = copy.deepcopy(fitted)
    texts, labels = make_corpus(200, seed=4)
    short = [" ".join(text.split()[:3]) for text in texts]
    model.fit_short(model.count(short), labels)
    assert model.classifier_.coef_[0, model.n_features :].any()
    explanation = explain(model, "superb music, dull plot")
    total = sum(p.contribution for p in explanation.phrases) + explanation.bias
    assert total == pytest.approx(explanation.logit, rel=1e-6)
    assert explanation.logit == pytest.approx(
        model.decision_function(["superb music, dull plot"])[0]
    )


def test_the_shipped_model_explains_its_prediction():
    classifier = MovieClassifier()
    prediction, explanation = classifier.explain("Not good at all, a boring mess.", top=5)
    assert prediction == classifier.classify("Not good at all, a boring mess.")
    assert 0 < len(explanation.phrases) <= 5
    assert prediction.label == "negative"
    assert sum(p.contribution for p in explanation.phrases) < 0
    assert np.sign(explanation.logit) == -1
