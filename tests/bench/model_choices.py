"""The choices behind the shipped model, each against the shipped settings. Prints a table; run
on demand (about ten minutes a row):

    NLTK_DATA=../shared/nltk_data .venv/bin/python -m tests.bench.model_choices

For each row: accuracy by grouped 5-fold cross-validation over the IMDb reviews (whole movies per
fold, both parts of the model refitted), the labelled short sentences by 5-fold cross-validation
(the short-text part refitted without each fifth), and the behavioural suite's failure rates
(``classifier.evaluation.behaviour``) for the model fitted on the training split. The shipped
settings are the first row.
"""

import argparse

import numpy as np

from classifier import augment
from classifier.evaluation.behaviour import CAPABILITIES, build_suite, review_sentences, run_suite
from classifier.evaluation.report import cross_validate, short_sentences_cv
from classifier.training import Corpus

SHIPPED_NEGATED_NEGATIVE = augment.NEGATED_NEGATIVE
CHOICES = [
    ("shipped", {}),
    ('"not bad" taught 0.8 positive (0.7)', {"negated_negative": 0.8}),
    ("no spelling correction", {"spelling": False}),
    ("short-text L2 0.3 (1.0)", {"short_alpha": 0.3}),
    ("no review facts", {"short_weights": {"review_facts": 0.0}}),
    ("short texts up to 15-40 tokens (20-60)", {"short_text": (15, 40)}),
]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default="../shared/data/imdb_train.csv.gz")
    parser.add_argument("--short-data", default="../shared/data/short_sentences.csv.gz")
    parser.add_argument("--only", nargs="*", help="names of the rows to run")
    args = parser.parse_args()
    rows = [(n, c) for n, c in CHOICES if not args.only or n in args.only]
    header = "choice | IMDb CV | short sentences CV | " + " | ".join(CAPABILITIES)
    print(header, flush=True)
    for name, choice in rows:
        choice = dict(choice)
        augment.NEGATED_NEGATIVE = choice.pop("negated_negative", SHIPPED_NEGATED_NEGATIVE)
        corpus = Corpus(args.data, args.short_data, **choice)
        model = corpus.fit_split_model()
        cv = np.array(cross_validate(corpus, model.temperature_))
        short = short_sentences_cv(corpus, model)
        sentences = review_sentences(corpus.reviews(corpus.guard), corpus.y[corpus.guard])
        suite = run_suite(lambda t, m=model: m.predict_proba(t)[:, 1], build_suite(sentences))
        rates = " | ".join(f"{100 * suite['capabilities'][c]:.1f}%" for c in CAPABILITIES)
        print(
            f"{name} | {cv.mean():.2%} ± {cv.std():.2%} | {short['accuracy']:.2%} | {rates}",
            flush=True,
        )


if __name__ == "__main__":
    main()
