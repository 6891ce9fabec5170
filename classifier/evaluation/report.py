"""``python -m classifier report``: measure the model and write its model card.

Everything in the card is measured in this run, on the data the model is built from: validation
metrics and a grouped 5-fold cross-validation on the IMDb reviews, short sentences by 5-fold
cross-validation, the behavioural suite, the reference models on the same data, calibration
before and after online learning, the online-learning curve on snippets, what labels chosen by
the "needs a label" queue buy against random ones, speed and size.
"""

import copy
import json
import platform
from pathlib import Path

import numpy as np
from sklearn.model_selection import GroupKFold, StratifiedKFold

from classifier.artifact import DEFAULT_MODEL_DIR, load_artifact, read_manifest
from classifier.evaluation import baselines, plots
from classifier.evaluation.active_learning import active_learning_curves
from classifier.evaluation.behaviour import build_suite, review_sentences, run_suite
from classifier.evaluation.metrics import evaluate_probabilities
from classifier.evaluation.model_card import render_model_card
from classifier.evaluation.snippets import make_snippets, online_curve, opinion_lexicon
from classifier.evaluation.speed import measure_speed
from classifier.training import Corpus, fit_short

# Reference models, measured on the same data, and whether their scores are probabilities.
REFERENCES = [
    ("VADER (nltk), no training", baselines.vader, True),
    (
        "Out-of-core HashingVectorizer + SGD (Raschka, Python Machine Learning, ch. 8)",
        baselines.out_of_core_sgd,
        True,
    ),
    (
        "TF-IDF + logistic regression, C=10 (same chapter's grid search)",
        baselines.tfidf_logistic,
        True,
    ),
    ("NB-SVM, uni+bigrams (Wang & Manning, ACL 2012)", baselines.nbsvm, False),
    ("NB-SVM, uni+bi+trigrams (Mesnil et al., 2014)", baselines.nbsvm_trigrams, False),
]
# The references whose scores the behavioural suite can read in three bands.
SUITE_REFERENCES = REFERENCES[:3]


def cross_validate(corpus, temperature, folds=5):
    """Accuracy of the whole model, both parts refitted, on each of ``folds`` groups of movies."""
    scores = []
    rows = np.arange(len(corpus.y))
    for number, (train, test) in enumerate(
        GroupKFold(n_splits=folds).split(rows, groups=corpus.groups)
    ):
        model = corpus.fit(train, temperature, description=f"fold {number + 1} of {folds}")
        scores.append(float((model.predict(corpus.counts[test]) == corpus.y[test]).mean()))
    return scores


def short_sentences_cv(corpus, model, folds=5):
    """The labelled short sentences by ``folds``-fold cross-validation: the short-text part
    refitted without each fifth, measured on it (the review part stays as it is)."""
    labels = np.asarray(corpus.sentence_labels)
    probability = np.zeros(len(labels))
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=corpus.seed)
    for train, test in splitter.split(corpus.sentences, labels):
        fold_model = fit_short(
            copy.deepcopy(model), corpus.short_texts, corpus.reviews(corpus.train), train
        )
        probability[test] = fold_model.predict_proba([corpus.sentences[i] for i in test])[:, 1]
    return {
        **evaluate_probabilities(labels, probability),
        "unsure": float(np.mean(np.abs(probability - 0.5) < 1 / 6)),
    }


def _online_learning(model, corpus, snippets):
    """Teach snippets made from half the validation reviews; test on snippets of the other half.

    Full-length accuracy afterwards is measured on the validation reviews that gave no snippet
    to the stream, so nothing taught is also tested.
    """
    texts, labels, sources = snippets
    order = np.random.RandomState(0).permutation(len(texts))
    stream, test = order[: len(order) // 2], order[len(order) // 2 :]
    curve, taught = online_curve(
        model,
        [texts[i] for i in stream],
        labels[stream],
        [texts[i] for i in test],
        labels[test],
    )
    validation = corpus.validation
    untaught = np.setdiff1d(np.arange(len(validation)), sources[stream])
    rows, truth = corpus.counts[validation[untaught]], corpus.y[validation[untaught]]
    return {
        "n_stream": int(len(stream)),
        "n_test": int(len(test)),
        "curve": curve,
        "n_untaught_reviews": int(len(untaught)),
        "imdb_before": evaluate_probabilities(truth, model.predict_proba(rows)[:, 1]),
        "imdb_after": evaluate_probabilities(truth, taught.predict_proba(rows)[:, 1]),
        "active_learning": active_learning_curves(
            model,
            [texts[i] for i in stream],
            labels[stream],
            [texts[i] for i in test],
            labels[test],
        ),
    }


def _references(corpus, suite, snippets):
    """Each reference fitted on the training split: its validation metrics, short-sentence and
    snippet accuracy, and (for those with probabilities) its behavioural failure rates."""
    results = {}
    validation = corpus.validation
    for name, fit, probabilities in REFERENCES:
        predict = fit(corpus.reviews(corpus.train), corpus.y[corpus.train])
        measured = evaluate_probabilities(corpus.y[validation], predict(corpus.reviews(validation)))
        short = predict(list(corpus.sentences))
        measured["short_sentences"] = float(((short > 0.5) == corpus.sentence_labels).mean())
        measured["snippets"] = float(((predict(snippets[0]) > 0.5) == snippets[1]).mean())
        measured["probabilities"] = probabilities
        if (name, fit, probabilities) in SUITE_REFERENCES:
            measured["behaviour"] = run_suite(predict, suite)["capabilities"]
        results[name] = measured
    return results


def build_report(data_path, short_data_path, out_dir, model_dir=DEFAULT_MODEL_DIR, seed=42):
    """Measure everything, write ``model-card.md`` and its figures into ``out_dir``; return the
    measurements."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    manifest = read_manifest(model_dir)
    corpus = Corpus(data_path, short_data_path, seed=seed, **manifest["parameters"])
    model = corpus.fit_split_model()
    validation = corpus.validation
    probability = model.predict_proba(corpus.counts[validation])[:, 1]
    results = {
        "n_reviews": len(corpus.y),
        "n_sentences": len(corpus.sentences),
        "validation": evaluate_probabilities(corpus.y[validation], probability),
    }
    plots.reliability_diagram(corpus.y[validation], probability, out / "reliability.png")
    plots.confusion_matrix_plot(results["validation"]["confusion_matrix"], out / "confusion.png")
    results["cross_validation"] = cross_validate(corpus, model.temperature_)
    results["short_sentences"] = short_sentences_cv(corpus, model)

    snippets = make_snippets(corpus.reviews(validation), corpus.y[validation], opinion_lexicon())
    snippet_probability = model.predict_proba(snippets[0])[:, 1]
    results["snippets"] = {
        "n": len(snippets[0]),
        "accuracy": float(((snippet_probability > 0.5) == snippets[1]).mean()),
        "unsure": float(np.mean(np.abs(snippet_probability - 0.5) < 1 / 6)),
    }

    # the suite reads sentences of the guard reviews, which neither model has seen
    sentences = review_sentences(corpus.reviews(corpus.guard), corpus.y[corpus.guard])
    suite = build_suite(sentences)
    shipped, _ = load_artifact(model_dir)
    results["behaviour"] = run_suite(lambda texts: shipped.predict_proba(texts)[:, 1], suite)
    results["baselines"] = _references(corpus, suite, snippets)

    results["online"] = _online_learning(model, corpus, snippets)
    plots.online_curve_plot(
        results["online"]["curve"], out / "online-curve.png", "Teaching snippet labels one by one"
    )
    plots.active_learning_plot(results["online"]["active_learning"], out / "active-learning.png")
    speed_order = np.concatenate([validation, corpus.train])  # real reviews, 10,000 for the batch
    results["speed"] = measure_speed(model_dir, corpus.reviews(speed_order), corpus.y[speed_order])
    results["manifest"] = manifest
    results["machine"] = f"{platform.machine()}, {platform.python_implementation()} " + (
        platform.python_version()
    )
    (out / "model-card.md").write_text(render_model_card(results))
    (out / "measurements.json").write_text(json.dumps(results, indent=2, default=float) + "\n")
    return results
