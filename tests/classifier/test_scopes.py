import numpy as np
import pytest

from classifier.vectorizer import HashedNgramVectorizer

VECTORIZER = HashedNgramVectorizer(n_features=2**10, short_features=2**8)


def read(text):
    """The words the model reads with their weights, as ``[(word, weight)]``."""
    words, weights, _ = VECTORIZER.tokens(text)
    return list(zip(words, weights.tolist(), strict=True))


def negated(text):
    return [word[:-4] for word, _ in read(text) if word.endswith("_NEG")]


def weighing(text, weight):
    return [word for word, w in read(text) if w == weight]


def test_negation_marks_words_until_the_end_of_the_clause():
    assert negated("I didn't like it, but the music was good.") == ["like", "it"]
    assert negated("Not good. Great fun") == ["good"]
    assert negated("It was never dull; never.") == ["dull"]


def test_not_only_is_no_negation():
    assert negated("It is not only funny but touching") == []


def test_a_negated_opinion_reaches_the_end_of_the_sentence():
    text = "I don't think, given the hype, that it is good. It is fun."
    assert negated(text) == ["think", "given", "the", "hype", "that", "it", "is", "good"]


def test_a_question_answered_no_is_turned_around_and_answers_weigh_nothing():
    assert negated("Did I like it? No.") == ["did", "i", "like", "it"]
    assert negated("Was it good? Not at all.")[:3] == ["was", "it", "good"]
    assert negated("Was it good? Yes, definitely.") == []
    assert weighing("Was it good? Yes, definitely.", 0.0) == ["yes", "definitely"]
    assert negated("Was it good? It was.") == []


def test_what_follows_but_weighs_more_than_what_comes_before():
    words = read("The cast tried, but the film is dull.")
    assert dict(words)["tried"] == 0.5
    assert dict(words)["dull"] == 1.5
    assert dict(words)["but"] == 1.0
    assert weighing("But it was fine.", 1.0) == ["but", "it", "was", "fine"]


@pytest.mark.parametrize(
    ("text", "aside"),
    [
        ("Critics loved it, but I hated it.", ["critics", "loved", "it"]),
        (
            "Some people think it is great, but I hated it.",
            ["people", "think", "it", "is", "great"],
        ),
        ("I used to hate it, but now I love it", ["used", "to", "hate", "it"]),
        ("At first it seemed slow, but it grew on me", ["at", "first", "it", "seemed", "slow"]),
    ],
)
def test_others_opinions_and_past_ones_weigh_nothing(text, aside):
    assert weighing(text, 0.0) == aside


def test_getting_used_to_something_is_not_a_past_opinion():
    assert weighing("I got used to the pace", 0.0) == []


def test_x_but_it_was_not_turns_x_around():
    text = "I thought it would be great, but it wasn't."
    assert negated(text) == ["i", "thought", "it", "would", "be", "great"]
    assert dict(read(text))["great_NEG"] == 1.0


def test_a_run_of_group_words_reads_as_one():
    assert [word for word, _ in read("an African American actor")] == ["a", "<group>", "actor"]


def test_texts_in_one_batch_do_not_reach_into_each_other():
    texts = ["it was not", "good at all", "Was it? ", "No, it was fine", "I used to", "like it"]
    hashes, weights, doc, lengths = VECTORIZER.read(texts)
    for row, text in enumerate(texts):
        alone = VECTORIZER.read([text])
        np.testing.assert_array_equal(hashes[doc == row], alone[0])
        np.testing.assert_array_equal(weights[doc == row], alone[1])
        assert lengths[row] == alone[3][0]
