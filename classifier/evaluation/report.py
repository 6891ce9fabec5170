"""``python -m classifier report``: measure the model and write its model card.

Everything in the card is measured in this run: validation metrics and a grouped 5-fold
cross-validation on ``imdb_train.csv.gz``, the reference models on the same split, calibration
before and after online learning, the online-learning curve on snippets, speed and size.
"""

import json
import platform
from pathlib import Path

import numpy as np
from sklearn.model_selection import GroupKFold

from classifier.artifact import DEFAULT_MODEL_DIR, read_manifest
from classifier.data import movie_groups, read_labelled_csv, validation_split
from classifier.evaluation import baselines, plots
from classifier.evaluation.metrics import evaluate_probabilities
from classifier.evaluation.model_card import render_model_card
from classifier.evaluation.snippets import make_snippets, online_curve, opinion_lexicon
from classifier.evaluation.speed import measure_speed
from classifier.model import SentimentModel
from classifier.training import count_with_progress

# Reference models measured on our split, with their published accuracy on the IMDb test split
# (None: no published figure) and whether their scores are probabilities.
REFERENCES = [
    ("VADER (nltk), no training", baselines.vader, None, True),
    (
        "Out-of-core HashingVectorizer + SGD (Raschka, Python Machine Learning, ch. 8)",
        baselines.out_of_core_sgd,
        0.868,
        True,
    ),
    (
        "TF-IDF + logistic regression, C=10 (same chapter's grid search)",
        baselines.tfidf_logistic,
        0.899,
        True,
    ),
    ("NB-SVM, uni+bigrams (Wang & Manning, ACL 2012)", baselines.nbsvm, 0.912, False),
    ("NB-SVM, uni+bi+trigrams (Mesnil et al., 2014)", baselines.nbsvm_trigrams, 0.919, False),
]


def _cross_validate(model, counts, y, groups, folds=5):
    scores = []
    for train, test in GroupKFold(n_splits=folds).split(counts, y, groups):
        fitted = SentimentModel(**model.get_params()).fit_counts(counts[train], y[train])
        scores.append(float((fitted.predict(counts[test]) == y[test]).mean()))
    return scores


def _online_learning(model, texts, y, validation, counts):
    """Teach snippets made from half the validation reviews; test on snippets of the other half.

    Full-length accuracy afterwards is measured on the validation reviews that gave no snippet
    to the stream, so nothing taught is also tested.
    """
    validation_texts = [texts[i] for i in validation]
    snippets, labels, sources = make_snippets(validation_texts, y[validation], opinion_lexicon())
    order = np.random.RandomState(0).permutation(len(snippets))
    stream, test = order[: len(order) // 2], order[len(order) // 2 :]
    curve, taught = online_curve(
        model,
        [snippets[i] for i in stream],
        labels[stream],
        [snippets[i] for i in test],
        labels[test],
    )
    untaught = np.setdiff1d(np.arange(len(validation)), sources[stream])
    rows, truth = counts[validation[untaught]], y[validation[untaught]]
    return {
        "n_stream": int(len(stream)),
        "n_test": int(len(test)),
        "curve": curve,
        "n_untaught_reviews": int(len(untaught)),
        "imdb_before": evaluate_probabilities(truth, model.predict_proba(rows)[:, 1]),
        "imdb_after": evaluate_probabilities(truth, taught.predict_proba(rows)[:, 1]),
    }


def build_report(data_path, out_dir, model_dir=DEFAULT_MODEL_DIR, seed=42):
    """Measure everything, write ``model-card.md`` and its figures into ``out_dir``; return the
    measurements."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    manifest = read_manifest(model_dir)
    texts, y, ids = read_labelled_csv(data_path)
    groups = movie_groups(ids)
    train, validation = validation_split(groups, 5000, seed)
    parameters = manifest["parameters"]
    model = SentimentModel(**{**parameters, "ngram_range": tuple(parameters["ngram_range"])})
    counts = count_with_progress(model, texts)

    model.fit_counts(counts[train], y[train]).calibrate(counts[validation], y[validation])
    probability = model.predict_proba(counts[validation])[:, 1]
    results = {
        "n_reviews": len(y),
        "validation": evaluate_probabilities(y[validation], probability),
    }
    plots.reliability_diagram(y[validation], probability, out / "reliability.png")
    plots.confusion_matrix_plot(results["validation"]["confusion_matrix"], out / "confusion.png")
    results["cross_validation"] = _cross_validate(model, counts, y, groups)

    train_texts = [texts[i] for i in train]
    validation_texts = [texts[i] for i in validation]
    results["baselines"] = {}
    for name, fit, published, probabilities in REFERENCES:
        predicted = fit(train_texts, y[train])(validation_texts)
        measured = evaluate_probabilities(y[validation], predicted)
        results["baselines"][name] = {
            **measured,
            "published_test_accuracy": published,
            "probabilities": probabilities,
        }

    results["online"] = _online_learning(model, texts, y, validation, counts)
    plots.online_curve_plot(
        results["online"]["curve"], out / "online-curve.png", "Teaching snippet labels one by one"
    )
    speed_order = np.concatenate([validation, train])  # real reviews, 10,000 for the batch
    results["speed"] = measure_speed(model_dir, [texts[i] for i in speed_order], y[speed_order])
    results["manifest"] = manifest
    results["machine"] = f"{platform.machine()}, {platform.python_implementation()} " + (
        platform.python_version()
    )
    (out / "model-card.md").write_text(render_model_card(results))
    (out / "measurements.json").write_text(json.dumps(results, indent=2, default=float) + "\n")
    return results
