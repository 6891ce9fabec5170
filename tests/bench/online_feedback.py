"""How online feedback changes the model. Prints a table; run on demand.

    .venv/bin/python -m tests.bench.online_feedback [--data ../shared/data/imdb_train.csv.gz]

A model fitted on the training split is told the true label of 500 validation reviews, one at
a time, for each candidate ``online_step``. Two streams: 500 reviews in random order, and 500
positive reviews in a row (a one-sided stream, as when people only correct one kind of
mistake). For each: how many of the predictions it was told were wrong it then gets right,
and accuracy on the other 4,500 validation reviews. Last, accuracy after 100 false labels.
"""

import argparse
import copy

import numpy as np

from classifier.data import movie_groups, read_labelled_csv, validation_split
from classifier.model import SentimentModel
from classifier.training import count_with_progress

STEPS = [0.5, 1, 2, 4, 8]


def passive_aggressive(step):
    return {"eta0": step}


# What a tutorial does: keep the training settings (logistic loss, SGD steps, intercept).
PLAIN_SGD = {
    "loss": "log_loss", "learning_rate": "optimal", "penalty": "l2", "fit_intercept": True,
}  # fmt: skip


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default="../shared/data/imdb_train.csv.gz")
    args = parser.parse_args()
    texts, y, ids = read_labelled_csv(args.data)
    model = SentimentModel()
    counts = count_with_progress(model, texts)
    train, validation = validation_split(movie_groups(ids))
    model.fit_counts(counts[train], y[train]).calibrate(counts[validation], y[validation])
    shuffled = np.random.RandomState(0).permutation(validation)
    streams = {
        "random": shuffled[:500],
        "positive run": shuffled[y[shuffled] == 1][:500],
    }
    held_out = np.setdiff1d(validation, np.concatenate(list(streams.values())))

    def accuracy(m):
        return (m.predict(counts[held_out]) == y[held_out]).mean()

    def teach(settings, indices, flip=False):
        taught, fixed, wrong = copy.deepcopy(model), 0, 0
        taught.classifier_.set_params(**settings)
        for i in indices:
            label = 1 - y[i] if flip else y[i]
            was_wrong = taught.predict(counts[i])[0] != label
            taught.partial_fit(counts[i], [label])
            if was_wrong:
                wrong += 1
                fixed += taught.predict(counts[i])[0] == label
        return taught, fixed, wrong

    print(f"held-out reviews: {len(held_out)}; accuracy before feedback: {accuracy(model):.4f}")
    print("update      stream        fixed/wrong  held-out accuracy")
    candidates = [(f"PA-I C={step}", passive_aggressive(step)) for step in STEPS]
    for label, settings in candidates + [("plain SGD", PLAIN_SGD)]:
        for name, indices in streams.items():
            taught, fixed, wrong = teach(settings, indices)
            print(f"{label:<10}  {name:<12}  {fixed:>5}/{wrong:<5}  {accuracy(taught):.4f}")
        misled, _, _ = teach(settings, streams["random"][:100], flip=True)
        print(f"{label:<10}  100 false     {'':>11}  {accuracy(misled):.4f}")


if __name__ == "__main__":
    main()
