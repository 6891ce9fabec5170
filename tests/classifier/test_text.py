import pytest

from classifier.placeholders import GROUP, NAME, PLACE
from classifier.spelling import Speller
from classifier.text import canonical, clean, split, split_with_spans


def words(text, speller=None):
    return [word for token in split(text) for word in canonical(token, speller)]


def test_html_line_breaks_and_entities_are_removed():
    assert words("Great<br /><br />fun &amp; games") == ["great", "fun", "games"]
    assert clean("a&#39;b &lt;i&gt;") == "a'b <i>"


def test_case_and_accents_are_folded_and_letters_kept_whole():
    assert words("Café cliché Amélie naïve") == ["cafe", "cliche", "amelie", "naive"]
    assert words("GREAT Movie") == ["great", "movie"]
    assert words("Ёлки Москва") == ["елки", "москва"]


def test_contractions_read_as_their_two_words():
    assert words("It isn't bad") == words("It is not bad") == ["it", "is", "not", "bad"]
    assert words("I can't, it won't") == ["i", "can", "not", ",", "it", "will", "not"]
    assert words("I’m sure it’s fine") == ["i", "am", "sure", "it", "is", "fine"]
    assert words("dont didnt") == ["do", "not", "did", "not"]
    assert words("the director's cut") == ["the", "director's", "cut"]


def test_groups_names_and_places_read_as_their_placeholder():
    assert words("A Mexican film") == words("A French film") == ["a", GROUP, "film"]
    assert words("An Asian actor") == ["a", GROUP, "actor"]
    assert words("Maria met John Smith's sister in Chicago") == [
        NAME, "met", NAME, NAME, "sister", "in", PLACE,
    ]  # fmt: skip


def test_numbers_ratings_and_links():
    assert words("2 hours, 1,500 extras, 7.5 stars") == [
        "<num>", "hours", ",", "<num>", "extras", ",", "<num>", "stars",
    ]  # fmt: skip
    assert words("3/10") == ["<rating-low>"]
    assert words("5 out of 10") == ["<rating-middling>"]
    assert words("9/10!") == ["<rating-high>", "!"]
    assert words("see https://t.co/x8Jk2Lp now @moviefan88 www.example.com") == ["see", "now"]


def test_exclamation_question_marks_and_emoticons_are_kept():
    assert words("Loved it!!! :) really?") == ["loved", "it", "!", "!", "!", ":)", "really", "?"]


def test_spans_point_into_the_raw_text():
    text = "Don&#39;t<br />GO, İstanbul café"
    found = split_with_spans(text)
    assert [token for token, _, _ in found] == split(text)
    assert [text[start:end] for _, start, end in found] == [
        "Don&#39;t", "GO", ",", "İstanbul", "café",
    ]  # fmt: skip


def test_unknown_words_read_as_the_known_word_one_typo_away():
    speller = Speller().fit({"great": 50, "movie": 40, "grate": 6, "terrible": 9})
    assert words("a graet moive", speller) == ["a", "great", "movie"]
    assert words("terible zorblax", speller) == ["terrible", "zorblax"]


@pytest.mark.parametrize("text", ["", "<p></p> ... ,,,", "&nbsp;"])
def test_empty_and_symbol_only_text(text):
    assert all(word in {".", ","} for word in words(text))
