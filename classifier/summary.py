"""Extractive summaries: the few sentences of a review that carry the model's verdict.

Each sentence is scored by the contributions of the phrases that start in it (exact
contributions to the log-odds, ``classifier.explain``; a phrase found several times is split
evenly among its places), signed toward the verdict. The strongest two (three for reviews of
six sentences or more) that push toward the verdict are kept, in their original order. A review
of one or two sentences is its own summary: the summary is then empty.
"""

from bisect import bisect_right

from classifier.sentences import sentence_spans


def summary_spans(text, explanation):
    """``[(start, end), ...]`` of the summary's sentences in ``text``, in order."""
    spans = sentence_spans(text)
    if len(spans) <= 2:
        return []
    starts = [start for start, _ in spans]
    scores = [0.0] * len(spans)
    for phrase in explanation.phrases:
        for start, _ in phrase.spans:
            index = bisect_right(starts, start) - 1
            if index >= 0 and start < spans[index][1]:
                scores[index] += phrase.contribution / len(phrase.spans)
    toward = 1.0 if explanation.logit >= 0 else -1.0
    wanted = 3 if len(spans) >= 6 else 2
    ranked = sorted(range(len(spans)), key=lambda i: -scores[i] * toward)
    chosen = [i for i in ranked[:wanted] if scores[i] * toward > 0]
    return [spans[i] for i in sorted(chosen)]
