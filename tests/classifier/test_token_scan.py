"""The compiled scan finds the tokens ``TOKEN`` finds, where it finds them."""

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from classifier.data import read_labelled_csv
from classifier.text import TOKEN, clean, split
from classifier.token_scan import token_bounds, tokens

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "imdb_train.csv.gz"
SHORT_DATA = DATA.with_name("short_sentences.csv.gz")

# what the pattern treats specially, and characters on either side of its classes' edges
PIECES = [
    *"0123456789.,/:;=-o'’()[]dp\\!?_@hw#ab\"é",
    *" \t\n\x0b\x0c\r\x1c\x1f\x85\xa0\u2028\u3000",  # \s, ASCII and not
    *"\u0300\u0301\u036f\u0370٣²½Ⅻ",  # combining accents at the edge of a word's letters; digits
    "out of", "out", "of", "10", "100", "http://", "https://", "www.", "7/10", "1.5", "o\u0301f",
]  # fmt: skip


def regex_bounds(text):
    return [at for match in TOKEN.finditer(text) for at in match.span()]


def test_the_reviews_split_as_the_pattern_splits_them():
    texts = read_labelled_csv(DATA).texts[::5] + read_labelled_csv(SHORT_DATA).texts
    for text in texts:
        lowered = clean(text).lower()
        assert tokens(lowered) == TOKEN.findall(lowered)
        assert token_bounds(lowered) == regex_bounds(lowered)


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=16).map("".join))
def test_generated_text_splits_as_the_pattern_splits_it(text):
    assert tokens(text) == TOKEN.findall(text)
    assert token_bounds(text) == regex_bounds(text)


def test_every_character_of_the_plane_alone_and_inside_a_word():
    for code in range(0x10000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        for text in (chr(code), f"a{chr(code)}b1", f"@{chr(code)}"):
            assert token_bounds(text) == regex_bounds(text), hex(code)


@pytest.mark.parametrize("text", ["so good \U0001f600 really", "a lone \ud800 half", "nul\0here"])
def test_text_the_scan_leaves_to_the_pattern_still_splits(text):
    assert tokens(text) is None
    assert split(text) == TOKEN.findall(text)


def test_no_text_no_tokens():
    assert tokens("") == [] and token_bounds("") == []
    assert split(" \n ") == []
