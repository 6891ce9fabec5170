"""Training texts for the short-text part of the model, made from lexicons and from reviews.

People type one sentence; IMDb gives whole reviews. Besides labelled short sentences, the
short-text part learns from:

- sentences made from sentiment lexicons (Hu & Liu's opinion lexicon, 2004, and VADER's,
  Hutto & Gilbert 2014): each polar word in a few frames, plain (its polarity) and negated
  (a negated positive word is negative; a negated negative one leans positive, "not bad");
- the same frames around frequent words that neither lexicon lists, read as neutral;
- sentences of training reviews without any lexicon word (mostly plot and facts), as neutral.

A neutral text is taught as both labels, half the weight each: its log-odds are pulled to 0.
Frames and words here are ours; the behavioural suite (``classifier.evaluation``) uses others.
"""

import random
import re
from collections import Counter

import numpy as np

_TAG = re.compile(r"<[^>]*>")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_WORD = re.compile(r"[a-z']+")

SUBJECTS = """it|this|the movie|the film|the show|the story|the plot|the acting|the cast|the ending|
the music|the book|the product|the service|the food|the staff|the place|the experience|the trip|
the room|the game|the album|the price|the quality|the design|the performance|the characters|
the writing|everything|the whole thing|the episode|the series|the meal|the team|the seats|the app|
the company|the season|the concert|the class""".replace("\n", "").split("|")
NOUNS = """movie film show story book product place experience meal song performance idea day trip
game choice purchase episode cast service""".split()
VERBS = ["is", "was", "seems", "felt", "looks", "sounds", "has been", "remains", "turned out"]
NEGATED_VERBS = [
    "is not", "was not", "isn't", "wasn't", "never was", "is not at all", "was not really",
    "was hardly", "is by no means", "did not seem", "does not look", "was not very",
    "wasn't that",
]  # fmt: skip
PLAIN_FRAMES = [
    "{w}.", "{w}!", "so {w}.", "{s} {v} {w}.", "{a_w} {n}.", "{s} {v} really {w}.",
    "i found {s} {w}.", "just {w}.", "{s}? {w}.", "honestly, {s} {v} {w}.", "{s} {v} {w} overall.",
    "we thought {s} {v} {w}.",
]  # fmt: skip
NEGATED_FRAMES = [
    "{s} {nv} {w}.", "not {w}.", "not {w} at all.", "i did not find {s} {w}.",
    "nothing {w} about {s}.", "i would not call {s} {w}.", "{s} {nv} {a_w} {n}.",
    "no, {s} {nv} {w}.", "far from {w}.", "never {w}.", "i don't think {s} {v} {w}.",
]  # fmt: skip
NEGATED_NEGATIVE = 0.7  # how positive "not bad" is taught


def polarity_lexicon():
    """``{word: +1 or -1}`` from the opinion lexicon and VADER's (``NLTK_DATA``): words the two
    agree on or only one lists, and VADER's clearer words (|valence| >= 1.5)."""
    from nltk.corpus import opinion_lexicon
    from nltk.sentiment.vader import SentimentIntensityAnalyzer

    vader = SentimentIntensityAnalyzer().lexicon
    words = {w: 1 for w in opinion_lexicon.positive() if vader.get(w, 1) > 0}
    words.update({w: -1 for w in opinion_lexicon.negative() if vader.get(w, -1) < 0})
    for word, valence in vader.items():
        if word.isalpha() and abs(valence) >= 1.5 and word not in words:
            words[word] = 1 if valence > 0 else -1
    return words


def sentences(text, min_words=4, max_words=30):
    """The sentences of a review (HTML removed) of ``min_words`` to ``max_words`` words."""
    found = _SENTENCE_END.split(_TAG.sub(" ", text))
    return [s.strip() for s in found if min_words <= len(_WORD.findall(s.lower())) <= max_words]


def neutral_sentences(texts, lexicon):
    """Sentences of ``texts`` in which no word of ``lexicon`` occurs."""
    return [
        sentence
        for text in texts
        for sentence in sentences(text)
        if not any(word in lexicon for word in _WORD.findall(sentence.lower()))
    ]


def unlisted_words(texts, lexicon, stop_words, min_count=30):
    """Words in at least ``min_count`` of ``texts`` that ``lexicon`` does not list (nor
    ``stop_words``), in alphabetical order."""
    seen = Counter()
    for text in texts:
        seen.update(set(_WORD.findall(_TAG.sub(" ", text).lower())))
    return sorted(
        word
        for word, n in seen.items()
        if n >= min_count and len(word) >= 3 and word.isalpha()
        and word not in lexicon and word not in stop_words
    )  # fmt: skip


def lexicon_sentences(lexicon, neutral_words, frames_per_word=2, seed=0):
    """``(texts, positive_share)``: sentences made from the polar and neutral words, each with the
    share of "positive" it is taught (1, 0, ``NEGATED_NEGATIVE`` or 0.5)."""
    rng = random.Random(seed)
    texts, shares = [], []
    for word, polarity in sorted(lexicon.items()):
        for frame in rng.sample(PLAIN_FRAMES, frames_per_word):
            texts.append(_fill(rng, frame, word))
            shares.append(1.0 if polarity > 0 else 0.0)
        for frame in rng.sample(NEGATED_FRAMES, frames_per_word):
            texts.append(_fill(rng, frame, word))
            shares.append(0.0 if polarity > 0 else NEGATED_NEGATIVE)
    for word in neutral_words:
        for frame in rng.sample(PLAIN_FRAMES, frames_per_word) + rng.sample(NEGATED_FRAMES, 1):
            texts.append(_fill(rng, frame, word))
            shares.append(0.5)
    return texts, np.array(shares)


def _fill(rng, frame, word):
    article = "an " if word[0] in "aeiou" else "a "
    return frame.format(
        w=word,
        a_w=article + word,
        s=rng.choice(SUBJECTS),
        v=rng.choice(VERBS),
        nv=rng.choice(NEGATED_VERBS),
        n=rng.choice(NOUNS),
    )


def as_labels(texts, shares, weight):
    """``(texts, labels, weights)`` teaching each text its share of "positive": a text taught
    both ways appears twice, once per label, its weight split between them."""
    shares = np.asarray(shares, float)
    positive = np.flatnonzero(shares > 0)
    negative = np.flatnonzero(shares < 1)
    rows = np.concatenate([positive, negative])
    labels = np.concatenate([np.ones(len(positive), int), np.zeros(len(negative), int)])
    weights = weight * np.concatenate([shares[positive], 1 - shares[negative]])
    return [texts[i] for i in rows], labels, weights
