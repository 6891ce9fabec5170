from classifier.text import normalize, tokenize


def tokens(text):
    return tokenize(normalize(text))


def test_html_line_breaks_and_entities_are_removed():
    assert tokens("Great<br /><br />fun &amp; games") == ["great", "fun", "games"]


def test_case_is_folded():
    assert tokens("GREAT Movie") == ["great", "movie"]


def test_negation_marks_words_until_clause_punctuation():
    assert tokens("I didn't like it, but the music was good.") == [
        "i", "didn't", "like_NEG", "it_NEG", "but", "the", "music", "was", "good",
    ]  # fmt: skip


def test_negation_ends_at_sentence_end():
    assert tokens("Not good. Great fun") == ["not", "good_NEG", "great", "fun"]


def test_exclamation_question_marks_and_emoticons_are_kept():
    assert tokens("Loved it!!! :) really?") == ["loved", "it", "!", "!", "!", ":)", "really", "?"]


def test_curly_apostrophes_are_straightened():
    assert tokens("It wasn’t bad") == ["it", "wasn't", "bad_NEG"]


def test_empty_and_symbol_only_text_give_no_tokens():
    assert tokens("") == []
    assert tokens("<p></p> ... ,,,") == []
