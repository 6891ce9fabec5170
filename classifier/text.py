"""Text normalisation and tokenization for movie reviews.

Reviews arrive as raw user text or as IMDb HTML (``<br />`` line breaks, entities). The tokenizer
keeps what carries sentiment and a bag of words would otherwise lose: ``!`` and ``?``, emoticons,
and the scope of a negation: as in nltk's ``mark_negation`` (Das & Chen 2001; Pang et al. 2002),
words between a negation and the next clause punctuation get a ``_NEG`` suffix, so "not good" and
"good" become different features. Ours is vectorised over a whole batch with numpy (nltk's
per-token loop cost more than the rest of the model together) and also ends a scope at a comma.
"""

import html
import re

import numpy as np

_TAG = re.compile(r"<[^>]{0,200}>")
_TOKEN = re.compile(
    r"""
    [a-z0-9]+(?:'[a-z]+)*               # words, keeping contractions whole: didn't, it's
    | [:;=][\-o']?[()\[\]dp/\\]         # emoticons such as :) ;-) :( =d
    | [!?.,:;]                          # tone (! ?) and clause punctuation (ends a negation)
    """,
    re.VERBOSE,
)
NEGATIONS = frozenset(
    [
        "not",
        "no",
        "never",
        "nothing",
        "nowhere",
        "noone",
        "none",
        "nobody",
        "neither",
        "nor",
        "cannot",
        "without",
        "hardly",
        "barely",
        "havent",
        "hasnt",
        "hadnt",
        "cant",
        "couldnt",
        "shouldnt",
        "wont",
        "wouldnt",
        "dont",
        "doesnt",
        "didnt",
        "isnt",
        "arent",
        "aint",
        "wasnt",
        "werent",
    ]
)
WORD, NEGATION, CLAUSE_END, KEPT_CLAUSE_END = range(4)


def kind_of(token):
    """A token's role in negation marking: ``WORD``, ``NEGATION``, ``CLAUSE_END`` (dropped) or
    ``KEPT_CLAUSE_END`` (``!`` and ``?``)."""
    if token in ("!", "?"):
        return KEPT_CLAUSE_END
    if token in (".", ",", ":", ";"):
        return CLAUSE_END
    if token in NEGATIONS or token.endswith("n't"):
        return NEGATION
    return WORD


def normalize(text):
    """Return ``text`` lower-cased with HTML tags removed and entities decoded."""
    return _TAG.sub(" ", html.unescape(text)).lower().replace("’", "'")


def split(normalized_text):
    """The raw tokens of normalized text: words, emoticons and punctuation, before negation."""
    return _TOKEN.findall(normalized_text)


def token_kinds(tokens):
    """Each token's role in negation marking, as an array (``WORD``, ``NEGATION``, ...)."""
    return np.fromiter(map(kind_of, tokens), np.int8, len(tokens))


def negation_scope(kinds, doc_starts):
    """Which tokens lie in a negation's scope, for the tokens of many documents at once.

    A scope opens after a negation word (or any word ending in ``n't``) and closes at clause
    punctuation ``. , : ; ! ?`` or where a new document starts (``doc_starts``: the index of each
    document's first token). Vectorised, it costs a few numpy passes instead of a Python loop
    over every token.
    """
    index = 2 * np.arange(len(kinds))
    doc_starts = np.asarray(doc_starts, dtype=np.int64)
    doc_starts = doc_starts[doc_starts < len(kinds)]  # empty documents at the end start nothing
    if len(kinds) == 0:
        return np.zeros(0, dtype=bool)
    opened = np.maximum.accumulate(np.where(kinds == NEGATION, index, -1))
    closed = np.maximum.accumulate(np.where(kinds >= CLAUSE_END, index, -1))
    # compare with what happened strictly before each token; a document start counts as a close
    opened_before = np.concatenate(([-1], opened[:-1]))
    closed_before = np.concatenate(([-1], closed[:-1]))
    starts = np.full(len(kinds), -1)
    starts[doc_starts] = index[doc_starts] - 1
    in_scope = opened_before > np.maximum(closed_before, np.maximum.accumulate(starts))
    return in_scope & (kinds < CLAUSE_END)


def mark_negation(tokens, kinds, negated):
    """``tokens`` with ``_NEG`` on those in a negation's scope, without dropped punctuation."""
    return [
        token + "_NEG" if neg else token
        for token, kind, neg in zip(tokens, kinds, negated, strict=True)
        if kind != CLAUSE_END
    ]


def tokenize(text):
    """Split normalized text into tokens, marking words in a negation scope with ``_NEG``.

    ``!`` and ``?`` are kept as tokens; the other clause punctuation only ends scopes.
    """
    tokens = split(text)
    kinds = token_kinds(tokens)
    return mark_negation(tokens, kinds, negation_scope(kinds, [0]))


def token_spans(text):
    """Tokens of raw ``text`` as ``(token, start, end)``, offsets into ``text`` itself.

    The same tokens as ``tokenize(normalize(text))`` where lower-casing keeps the text's length
    and it has no HTML entities (nearly always); used to point at words when explaining.
    """
    blanked = _TAG.sub(lambda match: " " * len(match.group()), text).replace("’", "'").lower()
    if len(blanked) != len(text):
        return []
    matches = list(_TOKEN.finditer(blanked))
    tokens = [match.group() for match in matches]
    kinds = token_kinds(tokens)
    marked = mark_negation(tokens, kinds, negation_scope(kinds, [0]))
    kept = [match for match, kind in zip(matches, kinds, strict=True) if kind != CLAUSE_END]
    return [(token, m.start(), m.end()) for token, m in zip(marked, kept, strict=True)]
