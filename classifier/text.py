"""Text normalisation and tokenization for movie reviews.

Reviews arrive as raw user text or as IMDb HTML (``<br />`` line breaks, entities). The tokenizer
keeps what carries sentiment and a bag of words would otherwise lose: ``!`` and ``?``, emoticons,
and the scope of a negation (nltk's ``mark_negation`` suffixes ``_NEG`` to the words between a
negation and the next clause punctuation, so "not good" and "good" become different features).
"""

import html
import re

from nltk.sentiment.util import mark_negation

_TAG = re.compile(r"<[^>]{0,200}>")
_TOKEN = re.compile(
    r"""
    [:;=8][\-o\*']?[\)\]\(\[dDpP/\\]     # emoticons such as :) ;-) :( =D
    | [a-z0-9]+(?:['’][a-z]+)*          # words, keeping contractions whole: didn't, it's
    | [!?]                              # punctuation that carries tone
    | [.,:;]                            # clause punctuation, which ends a negation scope
    """,
    re.VERBOSE,
)


def normalize(text):
    """Return ``text`` lower-cased with HTML tags removed and entities decoded."""
    return _TAG.sub(" ", html.unescape(text)).lower().replace("’", "'")


def tokenize(text):
    """Split normalized text into tokens, marking words in a negation scope with ``_NEG``.

    Clause punctuation is used to close negation scopes and then dropped: it carries no
    sentiment of its own and would only dilute the n-grams.
    """
    tokens = [_CLAUSE_END.get(token, token) for token in _TOKEN.findall(text)]
    return [token for token in mark_negation(tokens, shallow=True) if token != "."]


# nltk ends a negation scope at [.:;!?] only; a comma ends a clause too.
_CLAUSE_END = {",": ".", ":": ".", ";": "."}
