"""What the "needs a label" queue buys: held-out accuracy after N online labels chosen by the
queue's rule (the unlabelled text the model, as it has learnt so far, is least sure of) against
N chosen at random."""

import copy

import numpy as np


def active_learning_curves(
    model, pool, pool_labels, test, test_labels, budget=300, every=25, random_orders=5
):
    """``{"uncertainty": [(n, accuracy)], "random": [(n, mean accuracy)]}``: copies of ``model``
    taught up to ``budget`` labels from ``pool`` one at a time, measured on ``test`` every
    ``every`` labels. The random curve is the mean over ``random_orders`` orders of the pool.

    The queue re-scores a window of the least sure stored predictions; here the whole pool is
    re-scored before each choice, the rule the window approximates.
    """
    pool_counts, test_counts = model.count(pool), model.count(test)

    def accuracy(learner):
        return float((learner.predict(test_counts) == test_labels).mean())

    def teach(choose):
        learner = copy.deepcopy(model)
        left = np.ones(len(pool), dtype=bool)
        curve = [(0, accuracy(learner))]
        for step in range(budget):
            chosen = choose(learner, left, step)
            left[chosen] = False
            learner.partial_fit(pool_counts[chosen], [pool_labels[chosen]])
            if (step + 1) % every == 0:
                curve.append((step + 1, accuracy(learner)))
        return curve

    def least_sure(learner, left, _):
        margin = np.abs(learner.predict_proba(pool_counts)[:, 1] - 0.5)
        return int(np.argmin(np.where(left, margin, np.inf)))

    uncertainty = teach(least_sure)
    random_curves = []
    for seed in range(random_orders):
        order = np.random.RandomState(seed).permutation(len(pool))
        random_curves.append(teach(lambda _learner, _left, step, order=order: int(order[step])))
    steps = [n for n, _ in uncertainty]
    mean = np.mean([[a for _, a in curve] for curve in random_curves], axis=0)
    return {
        "uncertainty": uncertainty,
        "random": [(n, float(a)) for n, a in zip(steps, mean, strict=True)],
        "random_orders": random_orders,
    }
