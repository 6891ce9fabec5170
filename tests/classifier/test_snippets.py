import numpy as np

from classifier.evaluation.active_learning import active_learning_curves
from classifier.evaluation.snippets import make_snippets, online_curve
from classifier.model import SentimentModel

LEXICON = (frozenset({"great", "lovely", "fine"}), frozenset({"awful", "dull", "boring"}))


def test_each_review_gives_its_sentence_that_leans_its_own_way():
    texts = [
        "The plot is about a ship. It was a great and lovely film!<br />The end was dull though.",
        "Awful, dull and boring from start to end. The music was fine at least, I think.",
        "A film. About things.",
    ]
    snippets, labels, sources = make_snippets(texts, [1, 0, 1], LEXICON)
    assert snippets == [
        "It was a great and lovely film!",
        "Awful, dull and boring from start to end.",
    ]
    assert list(labels) == [1, 0] and list(sources) == [0, 1]


def test_online_curve_teaches_a_copy_and_reports_progress(corpus, small_params):
    model = SentimentModel(**small_params).fit(*corpus)
    before = model.classifier_.coef_.copy()
    stream = ["zorblax film", "zorblax plot"] * 10
    test = ["zorblax story", "zorblax music"]
    curve, taught = online_curve(model, stream, [1] * 20, test, np.array([1, 1]), every=5)
    assert [n for n, _ in curve] == [0, 5, 10, 15, 20]
    assert curve[-1][1] >= curve[0][1]
    np.testing.assert_array_equal(model.classifier_.coef_, before)
    assert taught is not model


def test_active_learning_curves_compare_least_sure_first_with_random(corpus, small_params):
    model = SentimentModel(**small_params).fit(*corpus)
    before = model.classifier_.coef_.copy()
    # Texts the model has no words for sit at 0.5: the least sure; the rest it already knows.
    pool = ["zorblax film", "zorblax plot", "zorblax score"] + [corpus[0][0], corpus[0][1]] * 5
    labels = np.array([1, 1, 1] + [corpus[1][0], corpus[1][1]] * 5)
    test = ["zorblax story", "zorblax music"]
    curves = active_learning_curves(
        model, pool, labels, test, np.array([1, 1]), budget=3, every=1, random_orders=2
    )
    assert [n for n, _ in curves["uncertainty"]] == [n for n, _ in curves["random"]] == [0, 1, 2, 3]
    assert curves["uncertainty"][0] == curves["random"][0]  # the same model before any label
    # Least sure first teaches the three unknown "zorblax" texts, which lifts the held-out ones.
    assert curves["uncertainty"][-1][1] >= curves["random"][-1][1]
    assert curves["uncertainty"][-1][1] == 1.0
    np.testing.assert_array_equal(model.classifier_.coef_, before)
