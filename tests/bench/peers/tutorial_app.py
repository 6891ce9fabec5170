"""The classic tutorial's app, written here in its design for the benchmark: the web app of
Raschka and Mirjalili, *Python Machine Learning* (chapter 9, "Embedding a Machine Learning Model
into a Web Application"), where this field starts. Its parts: a ``HashingVectorizer`` with a
tokenizer that strips HTML, keeps emoticons and drops stop words; a logistic regression fitted
by SGD out of core, pickled, and loaded when the app is imported; an HTML form posted to
``/results``, answered by a template with the verdict and its probability; SQLite for the
reviews people give feedback on (``/thanks``; not on the predict path); gunicorn's sync workers.

    python -m tests.bench.peers.tutorial_app DATA.csv.gz MODEL.pkl   # fit and pickle
    TUTORIAL_MODEL=MODEL.pkl gunicorn tests.bench.peers.tutorial_app:app
"""

import os
import pickle
import re
import sqlite3
import sys

import numpy as np
from flask import Flask, render_template_string, request
from nltk.corpus import stopwords
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.linear_model import SGDClassifier

STOP_WORDS = frozenset(stopwords.words("english"))
_TAG = re.compile(r"<[^>]*>")
_EMOTICON = re.compile(r"(?::|;|=)(?:-)?(?:\)|\(|D|P)")
_NOT_WORD = re.compile(r"\W+")


def tokenizer(text):
    text = _TAG.sub("", text)
    emoticons = _EMOTICON.findall(text)
    text = _NOT_WORD.sub(" ", text.lower()) + " ".join(emoticons).replace("-", "")
    return [word for word in text.split() if word not in STOP_WORDS]


vectorizer = HashingVectorizer(
    decode_error="ignore", n_features=2**21, preprocessor=None, tokenizer=tokenizer,
    token_pattern=None,
)  # fmt: skip

RESULT = """<!doctype html>
<title>Movie review classification</title>
<h3>Your movie review:</h3>
<div>{{ content }}</div>
<h3>Prediction:</h3>
<div>This movie review is <strong>{{ prediction }}</strong>
(probability: {{ probability }}%).</div>
<form action="/thanks" method="post">
  <input type="submit" value="Correct" name="feedback_button">
  <input type="submit" value="Incorrect" name="feedback_button">
  <input type="hidden" value="{{ prediction }}" name="prediction">
  <input type="hidden" value="{{ content }}" name="review">
</form>
"""


def fit(data, out, batch=1000):
    """Fit the classifier on a labelled CSV, shuffled, in batches of ``batch`` (out of core);
    pickle it."""
    from classifier.data import read_labelled_csv

    reviews = read_labelled_csv(data)
    order = np.random.default_rng(0).permutation(len(reviews.texts))
    model = SGDClassifier(loss="log_loss", random_state=1)
    for start in range(0, len(order), batch):
        rows = order[start : start + batch]
        texts = [reviews.texts[i] for i in rows]
        model.partial_fit(vectorizer.transform(texts), reviews.labels[rows], classes=[0, 1])
    with open(out, "wb") as file:
        pickle.dump(model, file)


def create_app(model_path, database_path):
    with open(model_path, "rb") as file:
        model = pickle.load(file)
    with sqlite3.connect(database_path) as connection:
        connection.execute(
            "CREATE TABLE IF NOT EXISTS review_db (review TEXT, sentiment INTEGER, date TEXT)"
        )
    app = Flask(__name__)

    @app.post("/results")
    def results():
        review = request.form["moviereview"]
        features = vectorizer.transform([review])
        label = int(model.predict(features)[0])
        probability = float(np.max(model.predict_proba(features)))
        return render_template_string(
            RESULT,
            content=review,
            prediction=("negative", "positive")[label],
            probability=round(probability * 100, 2),
        )

    @app.post("/thanks")
    def thanks():
        label = {"negative": 0, "positive": 1}[request.form["prediction"]]
        if request.form["feedback_button"] == "Incorrect":
            label = 1 - label
        with sqlite3.connect(database_path) as connection:
            connection.execute(
                "INSERT INTO review_db VALUES (?, ?, DATETIME('now'))",
                (request.form["review"], label),
            )
        return "<!doctype html><p>Thank you for your feedback!</p>"

    @app.get("/ping")
    def ping():
        return "ok"

    return app


if os.environ.get("TUTORIAL_MODEL"):
    app = create_app(os.environ["TUTORIAL_MODEL"], os.environ["TUTORIAL_DATABASE"])

if __name__ == "__main__":
    fit(sys.argv[1], sys.argv[2])
