"""Quality measures of probabilistic binary predictions."""

import numpy as np
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, log_loss, roc_auc_score


def expected_calibration_error(y_true, positive_probability, n_bins=15):
    """Expected calibration error over ``n_bins`` equal-width bins of the predicted confidence."""
    y_true = np.asarray(y_true)
    positive_probability = np.asarray(positive_probability)
    predicted = (positive_probability > 0.5).astype(int)
    confidence = np.where(predicted == 1, positive_probability, 1 - positive_probability)
    correct = predicted == y_true
    bins = np.minimum((confidence * n_bins).astype(int), n_bins - 1)
    error = 0.0
    for b in range(n_bins):
        in_bin = bins == b
        if in_bin.any():
            error += in_bin.mean() * abs(correct[in_bin].mean() - confidence[in_bin].mean())
    return float(error)


def evaluate_probabilities(y_true, positive_probability):
    """Return a dict of accuracy, ROC AUC, log loss, F1, ECE and the confusion matrix."""
    y_true = np.asarray(y_true)
    predicted = (np.asarray(positive_probability) > 0.5).astype(int)
    return {
        "n": int(len(y_true)),
        "accuracy": float(accuracy_score(y_true, predicted)),
        # AUC is undefined when only one class is present.
        "roc_auc": (
            float(roc_auc_score(y_true, positive_probability))
            if len(np.unique(y_true)) == 2
            else None
        ),
        "log_loss": float(log_loss(y_true, positive_probability, labels=[0, 1])),
        "f1": float(f1_score(y_true, predicted)),
        "ece": expected_calibration_error(y_true, positive_probability),
        "confusion_matrix": confusion_matrix(y_true, predicted, labels=[0, 1]).tolist(),
    }
