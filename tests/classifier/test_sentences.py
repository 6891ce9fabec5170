"""Sentences and summaries, on made-up cases and on real IMDb reviews."""

import re
from pathlib import Path

import pytest

from classifier import MovieClassifier
from classifier.data import read_labelled_csv
from classifier.sentences import ABBREVIATIONS, sentence_spans, sentences

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "imdb_train.csv.gz"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Mr. Smith went to Washington. It was great! Really?",
         ["Mr. Smith went to Washington.", "It was great!", "Really?"]),
        ("J. R. R. Tolkien wrote it. Dr. No came later.",
         ["J. R. R. Tolkien wrote it.", "Dr. No came later."]),
        ('He said "It works." It does not.', ['He said "It works."', "It does not."]),
        ("Out of 3.5... well, maybe. Fine.", ["Out of 3.5... well, maybe.", "Fine."]),
        ("A paragraph<br /><br />another, lower case", ["A paragraph", "another, lower case"]),
        ("See e.g. the U.S. cut. It is longer.", ["See e.g. the U.S. cut.", "It is longer."]),
        ("  ", []),
    ],
)  # fmt: skip
def test_sentences_respect_abbreviations_quotes_and_breaks(text, expected):
    assert sentences(text) == expected


@pytest.fixture(scope="module")
def real_reviews():
    texts, _, _ = read_labelled_csv(DATA)
    return [t for t in texts if "<br" in t and re.search(r"\b(Mr|Dr|Mrs)\. ", t)][:200]


def test_real_reviews_split_at_breaks_and_never_after_an_abbreviation(real_reviews):
    assert len(real_reviews) == 200
    for text in real_reviews:
        spans = sentence_spans(text)
        assert spans == sorted(spans)
        for start, end in spans:
            sentence = text[start:end]
            assert sentence == sentence.strip() and "<br" not in sentence.lower()
            last = re.search(r"([\w.]+)\.$", sentence)
            paragraph_ends = re.match(r"\s*(<br|$)", text[end:], re.IGNORECASE)
            if last and last.group(1).lower() in ABBREVIATIONS:  # "Jason Robards Sr.<br />"
                assert paragraph_ends, sentence
        # every word of the text is in some sentence
        covered = " ".join(text[start:end] for start, end in spans)
        words = re.findall(r"\w+", re.sub(r"<br\s*/?>", " ", text))
        assert re.findall(r"\w+", covered) == words


@pytest.fixture(scope="module")
def classifier():
    return MovieClassifier()


def test_a_summary_is_two_or_three_sentences_toward_the_verdict_in_order(classifier, real_reviews):
    for text in real_reviews[:50]:
        summary = classifier.summarize(text)
        count = len(sentence_spans(text))
        assert len(summary) <= (3 if count >= 6 else 2)
        assert [s["start"] for s in summary] == sorted(s["start"] for s in summary)
        for sentence in summary:
            assert text[sentence["start"] : sentence["end"]] == sentence["text"]
        verdict = classifier.classify(text).label
        if summary:  # what it keeps reads, on its own, the way the whole review does
            kept = " ".join(s["text"] for s in summary)
            assert classifier.classify(kept).label == verdict, (kept, verdict)


def test_a_review_of_one_or_two_sentences_has_no_summary(classifier):
    assert classifier.summarize("A fine film.") == []
    assert classifier.summarize("A fine film. The score is lovely.") == []
    long = "A fine film. The score is lovely. The ending drags. I would watch it again."
    assert 1 <= len(classifier.summarize(long)) <= 2
