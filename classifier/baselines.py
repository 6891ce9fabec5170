"""Reference models, measured on our validation split for the model card.

Each takes training texts and labels and returns a function from texts to the probability of
"positive" (VADER learns nothing and ignores them). They follow the published recipes as closely
as a few lines allow; their published test-split figures are quoted beside ours in the report.
"""

import re

import numpy as np
from sklearn.feature_extraction.text import HashingVectorizer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression, SGDClassifier

_TAG = re.compile(r"<[^>]*>")


def vader(texts=None, labels=None):
    """nltk's VADER (Hutto & Gilbert, 2014): a lexicon and rules; it learns nothing from the data.

    Needs the ``vader_lexicon`` nltk data package (``NLTK_DATA``).
    """
    from nltk.sentiment.vader import SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()

    def predict(texts):
        compound = np.array([analyzer.polarity_scores(_TAG.sub(" ", t))["compound"] for t in texts])
        return (compound + 1) / 2

    return predict


def _tutorial_tokenizer(stop_words):
    def tokenize(text):
        text = _TAG.sub("", text)
        emoticons = re.findall(r"(?::|;|=)(?:-)?(?:\)|\(|D|P)", text)
        text = re.sub(r"[\W]+", " ", text.lower()) + " ".join(emoticons).replace("-", "")
        return [word for word in text.split() if word not in stop_words]

    return tokenize


def out_of_core_sgd(texts, labels):
    """The classic tutorial's model (Raschka, *Python Machine Learning*, ch. 8): hashed words
    without stop words, logistic SGD, one pass in mini-batches of 1,000."""
    from nltk.corpus import stopwords

    vectorizer = HashingVectorizer(
        decode_error="ignore",
        n_features=2**21,
        preprocessor=None,
        tokenizer=_tutorial_tokenizer(set(stopwords.words("english"))),
        token_pattern=None,
    )
    model = SGDClassifier(loss="log_loss", random_state=1)
    order = np.random.RandomState(1).permutation(len(texts))
    for start in range(0, len(order), 1000):
        batch = order[start : start + 1000]
        model.partial_fit(vectorizer.transform([texts[i] for i in batch]), labels[batch], [0, 1])
    return lambda new: model.predict_proba(vectorizer.transform(new))[:, 1]


def tfidf_logistic(texts, labels):
    """TF-IDF and logistic regression with the tutorial grid search's best setting (Raschka,
    ch. 8: unigrams, no stop-word removal, L2, C=10)."""
    vectorizer = TfidfVectorizer(preprocessor=lambda t: _TAG.sub(" ", t).lower())
    model = LogisticRegression(C=10, solver="liblinear").fit(
        vectorizer.fit_transform(texts), labels
    )
    return lambda new: model.predict_proba(vectorizer.transform(new))[:, 1]
