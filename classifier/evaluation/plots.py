"""Figures for the model card (matplotlib, written as PNG files)."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402


def reliability_diagram(y_true, positive_probability, path, n_bins=15):
    """Accuracy against confidence of the predicted label, in ``n_bins`` equal-width bins."""
    y_true = np.asarray(y_true)
    p = np.asarray(positive_probability)
    predicted = (p > 0.5).astype(int)
    confidence = np.where(predicted == 1, p, 1 - p)
    bins = np.minimum((confidence * n_bins).astype(int), n_bins - 1)
    centres, accuracy, counts = [], [], []
    for b in range(n_bins):
        chosen = bins == b
        if chosen.any():
            centres.append(confidence[chosen].mean())
            accuracy.append((predicted[chosen] == y_true[chosen]).mean())
            counts.append(chosen.sum())
    fig, ax = plt.subplots(figsize=(5, 5))
    ax.plot([0.5, 1], [0.5, 1], linestyle="--", color="grey", label="perfectly calibrated")
    ax.plot(centres, accuracy, marker="o", label="model")
    for x, y, n in zip(centres, accuracy, counts, strict=True):
        ax.annotate(str(n), (x, y), textcoords="offset points", xytext=(0, 6), fontsize=7)
    ax.set(xlim=(0.5, 1), ylim=(0.4, 1.02), xlabel="confidence (probability shown)",
           ylabel="accuracy", title="Reliability on the validation split")  # fmt: skip
    ax.legend(loc="lower right")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def confusion_matrix_plot(matrix, path):
    """The 2x2 confusion matrix with counts."""
    matrix = np.asarray(matrix)
    fig, ax = plt.subplots(figsize=(4, 3.6))
    ax.imshow(matrix, cmap="Blues")
    names = ["negative", "positive"]
    ax.set(xticks=[0, 1], yticks=[0, 1], xticklabels=names, yticklabels=names,
           xlabel="predicted", ylabel="true", title="Confusion matrix (validation)")  # fmt: skip
    for (row, col), count in np.ndenumerate(matrix):
        colour = "white" if count > matrix.max() / 2 else "black"
        ax.text(col, row, str(count), ha="center", va="center", color=colour)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def online_curve_plot(curve, path, title):
    """Held-out accuracy against the number of online updates."""
    n, accuracy = zip(*curve, strict=True)
    fig, ax = plt.subplots(figsize=(6, 3.6))
    ax.plot(n, np.array(accuracy) * 100, marker="o")
    ax.set(xlabel="labels taught online, one at a time", ylabel="held-out accuracy (%)",
           title=title)  # fmt: skip
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def active_learning_plot(curves, path):
    """Held-out accuracy after N labels chosen by uncertainty and at random."""
    fig, ax = plt.subplots(figsize=(6, 3.6))
    for name, label in (("uncertainty", "least sure first (the queue)"), ("random", "at random")):
        n, accuracy = zip(*curves[name], strict=True)
        ax.plot(n, np.array(accuracy) * 100, marker="o", label=label)
    ax.set(xlabel="labels taught", ylabel="held-out snippet accuracy (%)",
           title="Which reviews to label")  # fmt: skip
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
