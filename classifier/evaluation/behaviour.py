"""A behavioural test suite for movie-review sentiment, in the style of CheckList.

Ribeiro et al. (ACL 2020) test a model the way software is tested: minimum-functionality tests
(MFT: short sentences with a known answer), invariance tests (INV: a change that keeps the meaning
must keep the answer) and directional tests (DIR: a change that adds sentiment must move the
answer its way). Our templates and word lists (``suite_words``) are written for movie reviews.

A binary model is read in three bands: probability of positive under 1/3 is negative, over 2/3
positive, in between neutral. An MFT case fails when "positive" reads p <= 0.5, "negative"
p >= 0.5, "neutral" outside [1/3, 2/3], "not negative" p < 1/3, "not positive" p > 2/3. An INV
case fails when its texts do not all read in one band. A DIR case fails when the probability
moves the wrong way by more than 0.1.
"""

import random
import re
from dataclasses import dataclass

import numpy as np

from classifier.evaluation import suite_templates

CAPABILITIES = (
    "vocabulary",
    "negation",
    "robustness",
    "fairness",
    "holder, temporal, yes/no",
    "directional",
)
TOLERANCE = 0.1


@dataclass(frozen=True)
class SuiteTest:
    """One behavioural test: its cases, of the form its ``kind`` needs.

    MFT cases are ``(text, expectation)``; INV cases are tuples of texts, the first the original;
    DIR cases are ``(original, changed, direction)``, +1 if the probability of positive must not
    fall, -1 if it must not rise.
    """

    name: str
    capability: str
    kind: str
    cases: list


def band(p):
    """-1 (negative), 0 (neutral) or 1 (positive) for probabilities of positive ``p``."""
    p = np.asarray(p)
    return np.where(p < 1 / 3, -1, np.where(p > 2 / 3, 1, 0))


_EXPECTATIONS = {
    "positive": lambda p: p > 0.5,
    "negative": lambda p: p < 0.5,
    "neutral": lambda p: (p >= 1 / 3) & (p <= 2 / 3),
    "not negative": lambda p: p >= 1 / 3,
    "not positive": lambda p: p <= 2 / 3,
}


def failures(test, probability):
    """A boolean array: which of ``test``'s cases fail, given ``probability`` (text -> p)."""
    if test.kind == "MFT":
        return np.array(
            [not _EXPECTATIONS[expect](probability[text]) for text, expect in test.cases], bool
        )
    if test.kind == "INV":
        return np.array(
            [len(set(band([probability[t] for t in texts]))) > 1 for texts in test.cases], bool
        )
    moved = np.array([probability[new] - probability[old] for old, new, _ in test.cases])
    direction = np.array([d for _, _, d in test.cases])
    return moved * direction < -TOLERANCE


_TAG = re.compile(r"<[^>]*>")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def review_sentences(texts, labels, limit=1500, seed=0):
    """Up to ``limit`` ``(sentence, label)`` pairs: sentences of 4 to 40 words of the reviews
    ``texts``, labelled as their review, in a fixed random order."""
    found = [
        (sentence.strip(), int(label))
        for text, label in zip(texts, labels, strict=True)
        for sentence in _SENTENCE_END.split(_TAG.sub(" ", text))
        if 4 <= len(sentence.split()) <= 40
    ]
    random.Random(seed).shuffle(found)
    return found[:limit]


def build_suite(sentences, size=300, seed=0):
    """Every test of the suite, with at most ``size`` cases each.

    ``sentences`` are real ``(text, label)`` review sentences (label 1 positive) that the
    robustness and directional tests change; the rest are made from templates.
    """
    rng = random.Random(seed)
    return [
        SuiteTest(name, capability, kind, cases)
        for name, capability, kind, make in suite_templates.TESTS
        for cases in [make(rng, size, list(sentences))]
        if cases
    ]


def run_suite(predict, tests):
    """Failure rates of ``predict`` (texts -> probabilities of positive) on ``tests``.

    Returns ``{"tests": [{name, capability, kind, n, failure_rate, examples}], "capabilities":
    {capability: mean failure rate of its tests}}``; each texts is classified once.
    """
    texts = sorted({text for test in tests for text in _texts(test)})
    probability = dict(zip(texts, np.asarray(predict(texts), dtype=float), strict=True))
    rows = []
    for test in tests:
        failed = failures(test, probability)
        rows.append(
            {
                "name": test.name,
                "capability": test.capability,
                "kind": test.kind,
                "n": len(test.cases),
                "failure_rate": float(failed.mean()),
                "examples": [
                    _describe(test.cases[i], probability) for i in np.flatnonzero(failed)[:3]
                ],
            }
        )
    capabilities = {
        capability: float(
            np.mean([r["failure_rate"] for r in rows if r["capability"] == capability])
        )
        for capability in CAPABILITIES
        if any(r["capability"] == capability for r in rows)
    }
    return {"tests": rows, "capabilities": capabilities}


def _texts(test):
    if test.kind == "MFT":
        return [text for text, _ in test.cases]
    if test.kind == "INV":
        return [text for texts in test.cases for text in texts]
    return [text for old, new, _ in test.cases for text in (old, new)]


def _describe(case, probability):
    """A failed case as its texts with their probabilities (and an MFT's expectation)."""
    if isinstance(case[1], str) and case[1] in _EXPECTATIONS:
        return f"{case[0]} ({probability[case[0]]:.2f}, expected {case[1]})"
    texts = case if isinstance(case[-1], str) else case[:2]
    return " | ".join(f"{text} ({probability[text]:.2f})" for text in texts)
