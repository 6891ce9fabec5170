"""Which n-grams and how many hashed columns. Prints a table; run on demand.

    NLTK_DATA=../shared/nltk_data .venv/bin/python -m tests.bench.feature_choices

Each choice is fitted on the training split with three seeds and measured on the validation split
(5,000 reviews of whole movies, as in ``make model``), and on the one-sentence snippets made from
it (``classifier.evaluation.snippets``), a stand-in for short reviews from elsewhere. Only the
validation split is used to choose; the shipped defaults are the row marked ``*``.
"""

import argparse

import numpy as np

from classifier.data import movie_groups, read_labelled_csv, validation_split
from classifier.evaluation.snippets import make_snippets, opinion_lexicon
from classifier.model import SentimentModel

CHOICES = [((1, 2), 2**20), ((1, 2), 2**21), ((1, 3), 2**20), ((1, 3), 2**21), ((1, 3), 2**22)]
CHOICES += [((1, 4), 2**21)]
SEEDS = [0, 1, 42]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default="../shared/data/imdb_train.csv.gz")
    args = parser.parse_args()
    texts, y, ids = read_labelled_csv(args.data)
    train, validation = validation_split(movie_groups(ids))
    snippets, snippet_labels, _ = make_snippets(
        [texts[i] for i in validation], y[validation], opinion_lexicon()
    )
    shipped = SentimentModel().get_params()
    print(f"validation: {len(validation)} reviews, {len(snippets)} snippets; seeds {SEEDS}")
    print("n-grams  columns   validation accuracy (mean, per seed)      snippets (mean)")
    for ngram_range, n_features in CHOICES:
        model = SentimentModel(ngram_range=ngram_range, n_features=n_features)
        counts, snippet_counts = model.count(texts), model.count(snippets)
        reviews, short = [], []
        for seed in SEEDS:
            model.set_params(random_state=seed).fit_counts(counts[train], y[train])
            reviews.append((model.predict(counts[validation]) == y[validation]).mean())
            short.append((model.predict(snippet_counts) == snippet_labels).mean())
        mark = (
            "*"
            if (ngram_range, n_features) == (shipped["ngram_range"], shipped["n_features"])
            else " "
        )
        per_seed = " ".join(f"{a:.2%}" for a in reviews)
        print(
            f"{mark}{ngram_range[0]}-{ngram_range[1]}     2^{int(np.log2(n_features))}"
            f"      {np.mean(reviews):.2%} ({per_seed})    {np.mean(short):.2%}"
        )


if __name__ == "__main__":
    main()
