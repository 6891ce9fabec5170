"""Exact explanations of the linear model: which words and phrases pushed the decision, and how far.

The model's calibrated log-odds are a sum over the review's n-gram features plus a bias,
``logit = (sum_j x_j * w_j + b) / T``. Each feature's term is split evenly among the n-gram
occurrences that fell into its hashed column, and summed per phrase, so the phrases' contributions
plus the bias add up to the logit exactly. No sampling, no surrogate model.
"""

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from classifier.text import normalize, token_spans, tokenize


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
    tokens = tokenize(normalize(text))
    spans = token_spans(text)
    if [token for token, _, _ in spans] != tokens:  # offsets unavailable (e.g. HTML entities)
        spans = []
    vectorizer = model._vectorizer()
    counts = vectorizer.transform([text])
    x = model.weighter_.transform(counts)
    weights = model.classifier_.coef_[0]
    temperature = model.temperature_
    term = dict(zip(x.indices, x.data * weights[x.indices] / temperature, strict=True))
    occurrences = dict(zip(counts.indices, counts.data, strict=True))

    hashes = vectorizer.token_hashes(tokens)
    contribution = defaultdict(float)
    where = defaultdict(list)
    low, high = vectorizer.ngram_range
    for n in range(low, high + 1):
        if len(tokens) < n:
            continue
        for start, column in enumerate(vectorizer.columns(hashes, n)):
            feature = " ".join(tokens[start : start + n])
            contribution[feature] += term.get(column, 0.0) / occurrences[column]
            if spans:
                where[feature].append([spans[start][1], spans[start + n - 1][2]])

    phrases = sorted(
        (Phrase(f, float(c), where.get(f, [])) for f, c in contribution.items()),
        key=lambda phrase: -abs(phrase.contribution),
    )
    bias = float(model.classifier_.intercept_[0] / temperature)
    return Explanation(phrases, bias, float(model.decision_function(counts)[0]))


def top_phrases(explanation, k):
    """The ``k`` phrases that pushed hardest, either way."""
    return [phrase for phrase in explanation.phrases[:k] if not np.isclose(phrase.contribution, 0)]
