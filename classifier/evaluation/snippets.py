"""Short, snippet-style reviews made from long ones, and the accuracy curve of online learning.

One-sentence snippets (as on review aggregators) differ from full IMDb reviews: few words, no
plot summary, the verdict packed into a phrase. We make them from held-out reviews: the sentence
that the opinion lexicon (Hu & Liu, 2004) finds most strongly on the side of the review's label.
"""

import copy
import re

import numpy as np

_TAG = re.compile(r"<[^>]*>")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_WORD = re.compile(r"[a-z']+")


def opinion_lexicon():
    """The positive and negative word sets of nltk's ``opinion_lexicon`` data package."""
    from nltk.corpus import opinion_lexicon as lexicon

    return frozenset(lexicon.positive()), frozenset(lexicon.negative())


def make_snippets(texts, labels, lexicon, min_words=4, max_words=30):
    """Return ``(snippets, labels, sources)``: per review, its sentence that leans hardest its
    own way, and the index of that review in ``texts``.

    Reviews with no sentence of ``min_words`` to ``max_words`` words leaning that way are left
    out, so every snippet carries its review's verdict.
    """
    positive, negative = lexicon
    snippets, snippet_labels, sources = [], [], []
    for index, (text, label) in enumerate(zip(texts, labels, strict=True)):
        best, best_lean = None, 0
        for sentence in _SENTENCE_END.split(_TAG.sub(" ", text)):
            words = _WORD.findall(sentence.lower())
            if not min_words <= len(words) <= max_words:
                continue
            lean = sum(w in positive for w in words) - sum(w in negative for w in words)
            lean = lean if label == 1 else -lean
            if lean > best_lean:
                best, best_lean = sentence.strip(), lean
        if best is not None:
            snippets.append(best)
            snippet_labels.append(label)
            sources.append(index)
    return snippets, np.array(snippet_labels), np.array(sources, dtype=int)


def online_curve(model, stream, stream_labels, test, test_labels, every=100):
    """Teach a copy of ``model`` the stream one label at a time; return ``[(n, accuracy)]``.

    Accuracy is on ``test`` after every ``every`` updates; ``model`` itself is not changed.
    """
    model = copy.deepcopy(model)
    test_counts = model.count(test)
    stream_counts = model.count(stream)
    curve = [(0, float((model.predict(test_counts) == test_labels).mean()))]
    for i in range(len(stream)):
        model.partial_fit(stream_counts[i], [stream_labels[i]])
        if (i + 1) % every == 0 or i + 1 == len(stream):
            curve.append((i + 1, float((model.predict(test_counts) == test_labels).mean())))
    return curve, model
