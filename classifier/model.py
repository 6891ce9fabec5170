"""The sentiment model: hashed n-grams, NB feature weights, and a linear model in two parts.

Every part can be updated one example at a time: the vectorizer hashes, the feature weights are
fixed after ``fit``, and the linear model learns online (``update``).
"""

from collections import Counter

import numpy as np
from numba import njit
from scipy.optimize import minimize_scalar
from scipy.special import expit
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import SGDClassifier
from sklearn.utils import check_random_state
from sklearn.utils.validation import check_is_fitted

from classifier.features import NBFeatureWeighter
from classifier.short_text import fit_short_text
from classifier.spelling import Speller
from classifier.text import canonical, split
from classifier.vectorizer import HashedNgramVectorizer

CLASSES = np.array([0, 1])


@njit(cache=True)
def _dot_in_order(values, coef, columns):
    """``values @ coef[columns]`` with ``coef`` rounded to float32 and the sum in float32, in
    order: what scipy computes for a float32 row."""
    total = np.float32(0.0)
    for k in range(len(values)):
        total += values[k] * np.float32(coef[columns[k]])
    return total


def _check_fitted(estimator, attribute):
    """``check_is_fitted(estimator, attribute)``: a dict lookup when it is fitted, where
    scikit-learn's first reads the estimator's tags, several microseconds per review classified."""
    if attribute not in vars(estimator):
        check_is_fitted(estimator, attribute)


class SentimentModel(ClassifierMixin, BaseEstimator):
    """Binary sentiment classifier over raw texts (label 1 = positive).

    Parameters
    ----------
    n_features : int, default=2**21
        Hashed columns for reviews.
    short_features : int, default=2**20
        Hashed columns for short texts.
    short_text : tuple, default=(20, 60)
        Lengths in tokens below which a text is wholly short, and from which it is wholly a
        review; in between, a mix (``classifier.features``).
    ngram_range : tuple, default=(1, 3)
        Word n-grams to use.
    alpha : float, default=1e-6
        L2 regularization of the review part.
    short_alpha : float, default=1.0
        L2 regularization of the short-text part.
    epochs : int, default=30
        Passes over the reviews in ``fit``.
    online_step : float, default=2.0
        Largest step of an online update (the ``C`` of passive-aggressive learning).
    spelling : bool, default=True
        Read unknown words as the known word they are a typo of (``classifier.spelling``).
    random_state : int, default=0
        Seed for shuffling and SGD.

    Notes
    -----
    The log-odds are ``coef . x / T``, with ``x`` the weighted features of both blocks and ``T``
    a temperature. The review part is logistic regression by SGD over full reviews
    (``fit_counts``), without intercept: the classes are balanced, and a text with no evidence
    then reads 0.5. The short-text part (``fit_short``) is fitted afterwards on short texts, on
    top of a share of the review part that it learns with it: IMDb reviews teach much that does
    not hold in one sentence ("It is a thriller." is no praise), and L2-normalised features make
    one word of a sentence as loud as a whole review.

    ``update`` then moves all the weights passive-aggressively (PA-I, Crammer et al. 2006): a
    label the model already predicts with a margin changes nothing, and a label it gets wrong
    moves the weights just enough to predict it with a margin, by at most ``online_step``.
    ``python -m tests.bench.online_feedback`` measures it.
    """

    def __init__(
        self,
        n_features=2**21,
        short_features=2**20,
        short_text=(20, 60),
        ngram_range=(1, 3),
        alpha=1e-6,
        short_alpha=1.0,
        epochs=30,
        online_step=2.0,
        spelling=True,
        random_state=0,
    ):
        self.n_features = n_features
        self.short_features = short_features
        self.short_text = short_text
        self.ngram_range = ngram_range
        self.alpha = alpha
        self.short_alpha = short_alpha
        self.epochs = epochs
        self.online_step = online_step
        self.spelling = spelling
        self.random_state = random_state

    def _new_vectorizer(self, speller=None):
        return HashedNgramVectorizer(
            n_features=self.n_features,
            short_features=self.short_features,
            short_below=self.short_text[1],
            ngram_range=tuple(self.ngram_range),
            speller=speller,
        )

    def load_compiled(self):
        """Load the compiled loops of every path of a classification (see
        ``HashedNgramVectorizer.load_compiled``)."""
        self._vectorizer().load_compiled()
        self.predict_proba(["A first review."])

    def _vectorizer(self):
        if not hasattr(self, "vectorizer_"):
            self.vectorizer_ = self._new_vectorizer()
        return self.vectorizer_

    def fit_vocabulary(self, texts, known=()):
        """Learn the known words of ``texts``, and the words ``known`` however rare, for spelling
        (if ``spelling``); return ``self``. Call before ``count``: the counts depend on it."""
        speller = None
        if self.spelling:
            raw = Counter()
            for text in texts:
                raw.update(split(text))
            words = Counter()
            for token, n in raw.items():
                for word in canonical(token):
                    words[word] += n
            speller = Speller()
            for word in known:
                words[word] += speller.min_count
            speller.fit(words)
        self.vectorizer_ = self._new_vectorizer(speller)
        return self

    def count(self, texts):
        """Return the hashed n-gram counts of ``texts`` (see ``classifier.vectorizer``)."""
        return self._vectorizer().transform(texts)

    def fit(self, texts, y):
        """Fit on raw texts and labels; return ``self``."""
        return self.fit_vocabulary(texts).fit_counts(self.count(texts), y)

    def fit_counts(self, counts, y, progress=None):
        """Fit the review part from hashed counts (see ``count``) and labels; return ``self``.

        ``progress``, if given, is called after each epoch (e.g. a progress bar's ``update``).
        """
        y = np.asarray(y)
        self.weighter_ = NBFeatureWeighter(n_features=self.n_features, short_text=self.short_text)
        self.weighter_.fit(counts, y)
        X = self.weighter_.transform_review(counts)
        classifier = SGDClassifier(
            loss="log_loss", alpha=self.alpha, fit_intercept=False, random_state=self.random_state
        )
        rng = check_random_state(self.random_state)
        for _ in range(self.epochs):
            order = rng.permutation(X.shape[0])
            classifier.partial_fit(X[order], y[order], classes=CLASSES)
            if progress is not None:
                progress()
        classifier.set_params(
            loss="hinge", learning_rate="pa1", eta0=self.online_step, penalty=None
        )
        short = np.zeros((1, self.short_features), dtype=classifier.coef_.dtype)
        classifier.coef_ = np.hstack([classifier.coef_, short])
        classifier.n_features_in_ = classifier.coef_.shape[1]
        self.classifier_ = classifier
        self.classes_ = CLASSES
        self.temperature_ = 1.0
        return self

    def calibrate(self, texts_or_counts, y):
        """Fit the temperature that makes probabilities honest on held-out data; return ``self``.

        Temperature scaling (Guo et al., 2017) divides the decision value by one scalar ``T``
        chosen to minimise log loss; it changes confidence, never the predicted label.
        """
        scores = self._raw_decision(texts_or_counts)
        y = np.asarray(y)

        def log_loss(temperature):
            p = np.clip(expit(scores / temperature), 1e-12, 1 - 1e-12)
            return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))

        self.temperature_ = float(minimize_scalar(log_loss, bounds=(0.05, 20), method="bounded").x)
        return self

    def fit_short(self, counts, y, sample_weight=None):
        """Fit the short-text part on counts of short texts, after ``fit_counts`` and
        ``calibrate``; return ``self``. See ``classifier.short_text``."""
        check_is_fitted(self, "classifier_")
        y = np.asarray(y, dtype=float)
        weight = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, float)
        self.weighter_.fit_short(counts, y, weight)
        review = (
            self.weighter_.transform_review(counts) @ self.classifier_.coef_[0, : self.n_features]
        )
        short = self.weighter_.transform(counts)[:, self.n_features :]
        share = self.weighter_.short_share(counts[:, -1].toarray().ravel())
        coef, review_share = fit_short_text(
            short, share, review / self.temperature_, y, weight, self.short_alpha
        )
        self.weighter_.review_share_ = review_share
        self.classifier_.coef_[0, self.n_features :] = coef * self.temperature_
        return self

    def transform(self, texts_or_counts):
        """Return the model's feature vectors for raw texts or hashed counts."""
        _check_fitted(self, "weighter_")
        counts = texts_or_counts
        if not hasattr(counts, "tocsr"):
            counts = self.count(texts_or_counts)
        return self.weighter_.transform(counts)

    def _raw_decision(self, texts_or_counts):
        # ``classifier_.decision_function``'s arithmetic without its input checks, which cost
        # more than the product itself for one review
        _check_fitted(self, "classifier_")
        coef = self.classifier_.coef_[0]
        if isinstance(texts_or_counts, list) and len(texts_or_counts) == 1:
            return np.array([self._raw_decision_one(texts_or_counts[0], coef)], dtype=np.float32)
        return self.transform(texts_or_counts) @ coef

    def _raw_decision_one(self, text, coef):
        """The product for one text without sparse matrices: half the time of the matrix path
        for a review of median length, and the same bits (``test_model`` checks). scipy takes
        a float32 matrix times a float64 vector in float32, summing in order; so does this."""
        _check_fitted(self, "weighter_")
        columns, values = self.weighter_.transform_one(*self._vectorizer().transform_one(text))
        return float(_dot_in_order(values, coef, columns))

    def decision_function(self, texts_or_counts):
        """Calibrated log-odds of the positive class."""
        return self._raw_decision(texts_or_counts) / self.temperature_

    def predict_proba(self, texts_or_counts):
        """Probabilities of ``[negative, positive]`` for each text."""
        positive = expit(self.decision_function(texts_or_counts))
        return np.column_stack([1 - positive, positive])

    def predict(self, texts_or_counts):
        """Predicted labels (0 negative, 1 positive)."""
        return (self.decision_function(texts_or_counts) > 0).astype(int)

    def update(self, texts_or_counts, y):
        """Apply online updates one example at a time, in order: PA-I, as ``partial_fit``.

        The same arithmetic as ``SGDClassifier(loss="hinge", learning_rate="pa1",
        fit_intercept=False).partial_fit`` (a test checks they agree to float32 rounding),
        without its per-call validation: about 2 ms a call there, microseconds here, which is
        what makes replaying a long label log take seconds.
        """
        X = self.transform(texts_or_counts)
        coef = self.classifier_.coef_[0]
        step = self.classifier_.eta0
        for row, label in enumerate(np.asarray(y)):
            begin, end = X.indptr[row], X.indptr[row + 1]
            columns, values = X.indices[begin:end], X.data[begin:end].astype(np.float64)
            sign = 1.0 if label == 1 else -1.0
            loss = 1.0 - sign * (values @ coef[columns])
            squared_norm = values @ values
            if loss > 0 and squared_norm > 0:
                coef[columns] += min(step, loss / squared_norm) * sign * values
        return self

    def partial_fit(self, texts_or_counts, y, sample_weight=None):
        """Update the classifier with labelled examples, leaving the feature weights as they are."""
        X = self.transform(texts_or_counts)
        self.classifier_.partial_fit(X, np.asarray(y), sample_weight=sample_weight)
        return self
