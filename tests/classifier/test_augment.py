from classifier import augment


def test_a_text_taught_both_ways_appears_once_per_label_with_its_weight_split():
    texts, labels, weights = augment.as_labels(["good", "meh", "bad"], [1.0, 0.5, 0.0], 0.4)
    assert sorted(zip(texts, labels.tolist(), weights.tolist(), strict=True)) == [
        ("bad", 0, 0.4), ("good", 1, 0.4), ("meh", 0, 0.2), ("meh", 1, 0.2),
    ]  # fmt: skip


def test_lexicon_sentences_teach_polarity_and_its_negation():
    texts, shares = augment.lexicon_sentences({"superb": 1, "dreadful": -1}, ["tuesday"])
    taught = dict(zip(texts, shares.tolist(), strict=False))
    assert any(
        "superb" in t and "not" not in t and "never" not in t and s == 1 for t, s in taught.items()
    )
    negated_positive = [
        s for t, s in taught.items() if "superb" in t and ("not" in t or "never" in t)
    ]
    assert negated_positive and set(negated_positive) == {0.0}
    negated_negative = [
        s for t, s in taught.items() if "dreadful" in t and ("not" in t or "never" in t)
    ]
    assert set(negated_negative) == {augment.NEGATED_NEGATIVE}
    assert {s for t, s in taught.items() if "tuesday" in t} == {0.5}
    assert len(texts) == 2 * 4 + 3


def test_facts_are_sentences_without_a_lexicon_word():
    reviews = [
        "It was shot in 1990 in a small town. It is a superb film!<br />The end credits roll."
    ]
    assert augment.neutral_sentences(reviews, {"superb": 1}) == [
        "It was shot in 1990 in a small town.", "The end credits roll.",
    ]  # fmt: skip
    assert augment.sentences("One. Two words here. Four words are here.") == [
        "Four words are here."
    ]


def test_unlisted_words_are_frequent_words_no_lexicon_lists():
    texts = ["the plot was dull"] * 40 + ["rare words"]
    assert augment.unlisted_words(texts, {"dull": -1}, {"the", "was"}) == ["plot"]
