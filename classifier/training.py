"""Building the default model from labelled data: tune on a validation split, ship a full fit."""

import hashlib
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from tqdm import tqdm

from classifier import augment
from classifier.artifact import model_to_bytes, save_artifact, sha256_of
from classifier.data import movie_groups, read_labelled_csv, split_rows
from classifier.evaluation.metrics import evaluate_probabilities
from classifier.guard import GuardSet
from classifier.model import SentimentModel

CHUNK = 1000
# Weights of the short-text part's training texts (see ``classifier.augment``), per text.
SHORT_WEIGHTS = {"sentences": 1.0, "lexicon": 0.3, "review_facts": 0.1}


def count_with_progress(model, texts, description="hashing n-grams"):
    """Hashed counts of ``texts``, in chunks, with a progress bar."""
    chunks = []
    with tqdm(total=len(texts), desc=description, unit="text") as bar:
        for start in range(0, len(texts), CHUNK):
            chunks.append(model.count(texts[start : start + CHUNK]))
            bar.update(len(chunks[-1].indptr) - 1)
    return sp.vstack(chunks).tocsr()


def _fit(model, counts, y, description):
    with tqdm(total=model.epochs, desc=description, unit="epoch") as bar:
        return model.fit_counts(counts, y, progress=lambda: bar.update(1))


def model_version(model, guard):
    """A version name that changes exactly when the fitted model or its guard set changes
    (whatever changed them: data, parameters, the training code): a digest of both."""
    identity = model_to_bytes(model)[1] + str(hash_of_guard(guard))
    return "nbsgd-" + hashlib.sha256(identity.encode()).hexdigest()[:10]


def hash_of_guard(guard):
    """A digest of the guard set's counts and labels."""
    digest = hashlib.sha256()
    for array in (guard.counts.data, guard.counts.indices, guard.counts.indptr, guard.labels):
        digest.update(np.ascontiguousarray(array).tobytes())
    return digest.hexdigest()


class ShortTexts:
    """What the short-text part learns from, but for the review facts, which depend on which
    reviews the model is fitted on: labelled sentences and, with ``lexicons``, sentences made
    from the lexicons (``NLTK_DATA``) and the words of ``reviews`` they do not list."""

    def __init__(self, sentences, labels, reviews, lexicons=True, weights=None):
        self.texts = list(sentences)
        self.n_sentences = len(self.texts)
        self.labels = np.asarray(labels)
        self.weight_of = {**SHORT_WEIGHTS, **(weights or {})}
        self.weights = np.full(len(sentences), self.weight_of["sentences"])
        self.lexicon = {}
        if lexicons:
            from nltk.corpus import stopwords

            self.lexicon = augment.polarity_lexicon()
            stop_words = set(stopwords.words("english"))
            unlisted = augment.unlisted_words(reviews, self.lexicon, stop_words)
            made, shares = augment.lexicon_sentences(self.lexicon, unlisted)
            made, labels, weights = augment.as_labels(made, shares, self.weight_of["lexicon"])
            self.texts += made
            self.labels = np.concatenate([self.labels, labels])
            self.weights = np.concatenate([self.weights, weights])

    def with_review_facts(self, reviews, sentences=None):
        """``(texts, labels, weights)``: these (but for the labelled sentences not among the
        rows ``sentences``, if given) and, with the lexicons, the sentences of ``reviews`` that
        no lexicon word is in, taught as neutral."""
        keep = np.ones(len(self.texts), bool)
        if sentences is not None:
            keep[: self.n_sentences] = False
            keep[np.asarray(sentences)] = True
        texts = [text for text, kept in zip(self.texts, keep, strict=True) if kept]
        labels, weights = self.labels[keep], self.weights[keep]
        if not self.lexicon:
            return texts, labels, weights
        facts = augment.neutral_sentences(reviews, self.lexicon)
        facts, f_labels, f_weights = augment.as_labels(
            facts, np.full(len(facts), 0.5), self.weight_of["review_facts"]
        )
        return (
            texts + facts,
            np.concatenate([labels, f_labels]),
            np.concatenate([weights, f_weights]),
        )


def fit_short(model, short_texts, reviews, sentences=None):
    """Fit ``model``'s short-text part (on all the labelled sentences, or on the rows
    ``sentences`` of them); return it."""
    texts, labels, weights = short_texts.with_review_facts(reviews, sentences)
    counts = count_with_progress(model, texts, "hashing short texts")
    return model.fit_short(counts, labels, weights)


class Corpus:
    """The training data, split, and counted once for every model fitted on it.

    The split: ``validation_size`` reviews of whole movies (see ``movie_groups``) are held out
    from ``train``; ``guard_size`` of them, also whole movies, are the guard set, held out from
    the shipped model too (``shipped`` is every other review).
    """

    def __init__(
        self, data_path, short_data_path, validation_size=5000, seed=42, guard_size=1000,
        lexicons=True, short_weights=None, **parameters,
    ):  # fmt: skip
        self.data_path, self.short_data_path, self.seed = data_path, short_data_path, seed
        self.texts, self.y, ids = read_labelled_csv(data_path)
        self.sentences, self.sentence_labels, _ = read_labelled_csv(short_data_path)
        self.groups = movie_groups(ids)
        self.train, self.validation, self.guard = split_rows(
            self.groups, validation_size, guard_size, seed
        )
        self.shipped = np.setdiff1d(np.arange(len(self.y)), self.guard)
        self.lexicons = lexicons
        self.short_texts = ShortTexts(
            self.sentences, self.sentence_labels, self.reviews(self.train), lexicons, short_weights
        )
        self.template = SentimentModel(**{"random_state": seed, **parameters})
        self.template.fit_vocabulary(self.reviews(self.shipped), known=self.short_texts.lexicon)
        self.counts = count_with_progress(self.template, self.texts)

    def reviews(self, rows):
        """The texts of the reviews ``rows``."""
        return [self.texts[i] for i in rows]

    def fit(self, rows, temperature=None, calibrate_on=None, sentences=None, description="fit"):
        """A model whose review part is fitted on the reviews ``rows``, with ``temperature`` or
        one fitted on the reviews ``calibrate_on``, and whose short-text part learns from the
        labelled sentences (``sentences``: some of them) and the facts of ``rows``."""
        model = _fit(
            clone_with_vocabulary(self.template), self.counts[rows], self.y[rows], description
        )
        if calibrate_on is not None:
            model.calibrate(self.counts[calibrate_on], self.y[calibrate_on])
        else:
            model.temperature_ = temperature
        return fit_short(model, self.short_texts, self.reviews(rows), sentences)

    def fit_split_model(self):
        """The model fitted on ``train`` and calibrated on ``validation``."""
        return self.fit(self.train, calibrate_on=self.validation, description="fit on train split")


def build_default_model(data_path, out_dir, short_data_path, **options):
    """Train, validate, calibrate and save a model; return its manifest.

    A model fitted on the training part of a fixed split (see ``Corpus``) is measured on the
    validation part, and its temperature is fitted there. The shipped model is then refitted
    with that temperature on all the data but the guard set, which is shipped beside it
    (``classifier.guard``): held out from it, so that the guard measures it on reviews it has
    not seen. Both fit their short-text part on the labelled short sentences of
    ``short_data_path`` and, with ``lexicons``, sentences made from lexicons and sentences of
    their own training reviews. The manifest records the validation figures of the split model.
    """
    corpus = Corpus(data_path, short_data_path, **options)
    split_model = corpus.fit_split_model()
    validation = corpus.validation
    metrics = evaluate_probabilities(
        corpus.y[validation], split_model.predict_proba(corpus.counts[validation])[:, 1]
    )
    metrics["temperature"] = split_model.temperature_
    metrics["review_share"] = split_model.weighter_.review_share_

    final = corpus.fit(corpus.shipped, split_model.temperature_, description="fit on all data")
    guard = GuardSet(corpus.counts[corpus.guard], corpus.y[corpus.guard], final)
    short_sha256 = sha256_of(short_data_path)
    return save_artifact(
        final,
        out_dir,
        version=model_version(final, guard),
        training_data={
            "file": Path(data_path).name,
            "sha256": sha256_of(data_path),
            "n": int(len(corpus.shipped)),
            "guard": int(len(guard)),
            "validation": {"n": int(len(validation)), "seed": corpus.seed, "split": "by movie"},
            "short_sentences": {
                "file": Path(short_data_path).name,
                "sha256": short_sha256,
                "n": len(corpus.sentences),
            },
            "lexicons": ["opinion_lexicon", "vader_lexicon"] if corpus.lexicons else [],
        },
        metrics=metrics,
        guard=guard,
    )


def clone_with_vocabulary(model):
    """An unfitted copy of ``model`` that shares its fitted vocabulary (and so its counts)."""
    copy = SentimentModel(**model.get_params())
    copy.vectorizer_ = model.vectorizer_
    return copy
