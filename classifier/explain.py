"""Exact explanations of the linear model: which words and phrases pushed the decision, and how far.

The model's calibrated log-odds are a sum over the review's n-gram features plus a bias,
``logit = (sum_j x_j * w_j + b) / T``. Each feature's term is split evenly among the n-gram
occurrences that fell into its hashed column, and summed per phrase, so the phrases' contributions
plus the bias add up to the logit exactly. No sampling, no surrogate model.
"""

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class Phrase:
    """An n-gram of the review, its signed contribution to the log-odds of "positive", and where it
    occurs in the review's text (character offsets, ``[start, end)``)."""

    feature: str
    contribution: float
    spans: list = field(default_factory=list)


@dataclass(frozen=True)
class Explanation:
    """Every phrase's contribution, strongest first, and the bias; they sum to ``logit``."""

    phrases: list
    bias: float
    logit: float


def explain(model, text):
    """Explain ``model``'s decision on one raw ``text`` (a fitted ``SentimentModel``)."""
    vectorizer = model._vectorizer()
    tokens, weights, spans = vectorizer.tokens(text)
    counts = vectorizer.transform([text])
    x = model.weighter_.transform(counts)
    term = dict(zip(x.indices, x.data * model.classifier_.coef_[0][x.indices], strict=True))
    short = len(tokens) < vectorizer.short_below
    hashes = vectorizer.token_hashes(tokens)

    # Each column's term is shared among the n-gram occurrences that fell into it, in
    # proportion to their weights.
    occurrences = []
    low, high = vectorizer.ngram_range
    for n in range(low, min(high, len(tokens)) + 1):
        blocks = [vectorizer.columns(hashes, n)]
        if short:
            blocks.append(vectorizer.columns(hashes, n, short=True))
        for start in range(len(tokens) - n + 1):
            weight = weights[start : start + n].min()
            if weight > 0:
                feature = " ".join(tokens[start : start + n])
                span = [spans[start][0], spans[start + n - 1][1]]
                occurrences.extend((feature, column[start], weight, span) for column in blocks)
    column_weight = defaultdict(float)
    for _, column, weight, _ in occurrences:
        column_weight[column] += weight
    contribution = defaultdict(float)
    where = defaultdict(list)
    for feature, column, weight, span in occurrences:
        contribution[feature] += term.get(column, 0.0) * weight / column_weight[column]
        if column < vectorizer.n_features:
            where[feature].append(span)

    temperature = model.temperature_
    phrases = sorted(
        (Phrase(f, float(c / temperature), where[f]) for f, c in contribution.items()),
        key=lambda phrase: -abs(phrase.contribution),
    )
    bias = float(model.classifier_.intercept_[0] / temperature)
    return Explanation(phrases, bias, float(model.decision_function(counts)[0]))


def top_phrases(explanation, k):
    """The ``k`` phrases that pushed hardest, either way."""
    return [phrase for phrase in explanation.phrases[:k] if not np.isclose(phrase.contribution, 0)]
