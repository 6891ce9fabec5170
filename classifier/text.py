"""From raw text to the words the model reads.

Reviews arrive as user text or as IMDb HTML (``<br />`` line breaks, entities). ``split`` finds
the tokens of the text with tags blanked, entities decoded, lower-cased (``TOKEN``);
``canonical`` then maps each to what the model sees:

- case and accents folded (``Amélie`` and ``amelie`` are one word), curly apostrophes straightened;
- contractions expanded, so "isn't" and "is not" read the same (``didn't`` -> ``did not``);
- group, name and place words (``classifier.placeholders``) read as their class's placeholder;
- a number reads as ``<num>``, a rating out of ten as low, middling or high, and a link or
  handle not at all;
- "an" reads as "a", so that swapping "an Asian" for "a Black" changes nothing else;
- optionally, a word of four letters or more that the model never saw is read as the commonest
  known word one typo away (``classifier.spelling``).

``!``, ``?`` and emoticons are kept as tokens; other punctuation only marks where clauses and
sentences end, for the scope rules of ``classifier.scopes``.
"""

import html
import re
import unicodedata

from classifier import placeholders
from classifier.token_scan import scanned, token_bounds, tokens

_TAG = re.compile(r"<[^>]{0,200}>")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_MARKUP = re.compile(_TAG.pattern + "|" + _ENTITY.pattern)
_LETTER = r"[\w\u0300-\u036f]"  # a letter, digit or underscore, or an accent that follows one
_WORD = f"{_LETTER}+(?:['’]{_LETTER}+)*"  # words, keeping contractions whole
_NUMBER_WITH_PARTS = r"\d+(?:[.,]\d+)+"  # decimals, thousands
_EMOTICON = r"[:;=][\-o']?[()\[\]dp/\\]"  # :) ;-( =d
_PUNCTUATION = r"[!?.,:;]"  # tone (! ?) and clause punctuation
_LINK = r"(?:https?://|www\.)\S+|@\w+"  # links and handles (dropped)
_RATING_OUT_OF_TEN = r"\d+(?:\.\d+)?\s*(?:/|out\s+of)\s*10(?!\d)"
TOKEN = re.compile(
    "|".join([_LINK, _RATING_OUT_OF_TEN, _NUMBER_WITH_PARTS, _WORD, _EMOTICON, _PUNCTUATION])
)


def split(text):
    """The raw tokens of ``text``: tags blanked, entities decoded, lower-cased."""
    lowered = clean(text).lower()
    found = tokens(lowered)
    return TOKEN.findall(lowered) if found is None else found


def split_codes(text):
    """``split(text)``'s tokens without a string each: ``(lowered, codes, bounds)``, the text
    as ``split`` reads it, its code units, and where each token starts and ends in them, one
    after the other; None for text that ``split`` leaves to ``TOKEN``."""
    lowered = clean(text).lower()
    found = scanned(lowered)
    return None if found is None else (lowered, *found)


def split_with_spans(text):
    """``split(text)`` with where each token comes from in ``text``: ``[(token, start, end)]``."""
    cleaned, starts, ends = clean_with_offsets(text)
    lowered = cleaned.lower()
    if len(lowered) != len(cleaned):  # a few letters lower-case to two characters
        pieces = [(c.lower(), a, b) for c, a, b in zip(cleaned, starts, ends, strict=True)]
        lowered = "".join(piece for piece, _, _ in pieces)
        starts = [a for piece, a, _ in pieces for _ in piece]
        ends = [b for piece, _, b in pieces for _ in piece]
    bounds = token_bounds(lowered)
    if bounds is None:
        bounds = [at for match in TOKEN.finditer(lowered) for at in match.span()]
    return [
        (lowered[start:end], starts[start], ends[end - 1])
        for start, end in zip(bounds[0::2], bounds[1::2], strict=True)
    ]


_RATING = re.compile(r"(\d+(?:\.\d+)?)\s*(?:/|out\s+of)\s*10$", re.IGNORECASE)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*(?:st|nd|rd|th|s)?$", re.IGNORECASE)

NUMBER = "<num>"
RATINGS = ("<rating-low>", "<rating-middling>", "<rating-high>")

_NOT = {
    "can't": "can", "won't": "will", "ain't": "is", "shan't": "shall", "cannot": "can",
    "cant": "can", "wont": "will", "aint": "is", "dont": "do", "doesnt": "does", "didnt": "did",
    "isnt": "is", "arent": "are", "wasnt": "was", "werent": "were", "hasnt": "has",
    "havent": "have", "hadnt": "had", "couldnt": "could", "wouldnt": "would",
    "shouldnt": "should",
}  # fmt: skip
_JOINED = {"im": ("i", "am"), "youre": ("you", "are"), "theyre": ("they", "are")}
_SUFFIXES = {"m": "am", "re": "are", "ve": "have", "ll": "will", "d": "would"}
_IS_AFTER = frozenset(
    "it he she that there what who here where how this everything nothing something everyone "
    "someone somebody nobody".split()
)


def clean(text):
    """``text`` with HTML tags blanked and entities decoded."""
    text = _TAG.sub(" ", text)
    return _ENTITY.sub(_unmarked, text) if "&" in text else text


def clean_with_offsets(text):
    """``(cleaned, starts, ends)``: ``clean(text)`` and, for each of its characters, where that
    character came from in ``text`` (``[starts[i], ends[i])``)."""
    pieces, starts, ends, at = [], [], [], 0
    for match in _MARKUP.finditer(text):
        pieces.append(text[at : match.start()])
        starts.extend(range(at, match.start()))
        ends.extend(range(at + 1, match.start() + 1))
        replacement = _unmarked(match)
        pieces.append(replacement)
        starts.extend([match.start()] * len(replacement))
        ends.extend([match.end()] * len(replacement))
        at = match.end()
    pieces.append(text[at:])
    starts.extend(range(at, len(text)))
    ends.extend(range(at + 1, len(text) + 1))
    return "".join(pieces), starts, ends


def _unmarked(match):
    found = match.group()
    return " " if found[0] == "<" else html.unescape(found)


def fold(word):
    """``word`` lower-cased, without accents, with straight apostrophes."""
    word = word.lower().replace("’", "'")
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def canonical(token, speller=None):
    """The words the model reads for one ``TOKEN`` match: a tuple of none, one or two."""
    lowered = token.lower()
    if lowered.startswith(("http://", "https://", "www.", "@")):
        return ()
    if token[0].isdigit():
        rating = _RATING.match(token)
        if rating:
            value = float(rating[1])
            return (RATINGS[0 if value <= 4 else 1 if value < 7 else 2],)
        if _NUMBER.match(token):
            return (NUMBER,)
    word = fold(token)
    expanded = expand_contraction(word)
    if expanded is not None:
        return expanded
    placeholder = placeholders.placeholder_of(word)
    if placeholder is not None:
        return (placeholder,)
    if speller is not None:
        word = speller.correct(word)
    return ("a",) if word == "an" else (word,)


def expand_contraction(word):
    """The two words a contraction stands for ("didn't" -> ``("did", "not")``), else None."""
    if word in _NOT:
        return (_NOT[word], "not")
    if word in _JOINED:
        return _JOINED[word]
    if "'" not in word:
        return None
    if word.endswith("n't"):
        return (word[:-3], "not")
    base, _, suffix = word.partition("'")
    if suffix in _SUFFIXES and base:
        return (base, _SUFFIXES[suffix])
    if suffix == "s" and base in _IS_AFTER:
        return (base, "is")
    if word == "let's":
        return ("let", "us")
    return None
