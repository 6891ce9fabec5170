"""Sentences of a review, as character spans of its raw text.

IMDb text marks paragraphs with ``<br />``; reviews abbreviate ("Mr. Smith", "vs.", "e.g."),
write initials ("J. R. R. Tolkien"), quote ("'It works.' It does not."), trail off ("well...
maybe") and number ("3.5 stars"). A sentence ends at ``.``, ``!`` or ``?`` (and any closing
quotes or brackets after it) followed by a space and a capital, a digit or an opening quote,
unless the word before the period is an abbreviation or an initial; and always at a ``<br />``.
"""

import re

ABBREVIATIONS = frozenset(
    """mr mrs ms dr st jr sr vs etc e.g i.e prof mt no vol approx lt col gen sgt capt rev fr
    jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k inc ltd co dept ft""".split()
)
_BREAK = re.compile(r"<\s*br\s*/?\s*>|\n\s*\n", re.IGNORECASE)
# the end of a sentence: its punctuation and closing quotes, then the space before the next one
_END = re.compile(r"""([.!?]+)(["'”’)\]]*)(\s+)(?=["'“‘(\[]?[A-Z0-9À-Þ])""")
_WORD_BEFORE = re.compile(r"([\w.]+)$")


def sentence_spans(text):
    """``[(start, end), ...]``: the sentences of ``text`` in order, without surrounding space."""
    spans = []
    start = 0
    for block in _BREAK.finditer(text):
        spans.extend(_split_block(text, start, block.start()))
        start = block.end()
    spans.extend(_split_block(text, start, len(text)))
    return spans


def sentences(text):
    """The sentences of ``text``, as strings."""
    return [text[start:end] for start, end in sentence_spans(text)]


def _split_block(text, low, high):
    spans, start = [], low
    block = text[low:high]
    for end in _END.finditer(block):
        stop = low + end.start(3)  # the sentence keeps its punctuation and closing quotes
        if end.group(1) == "." and _abbreviated(text[start : low + end.start(1)]):
            continue
        spans.append(_trimmed(text, start, stop))
        start = low + end.end(3)
    spans.append(_trimmed(text, start, high))
    return [span for span in spans if span[1] > span[0]]


def _abbreviated(before):
    """Whether the period after ``before`` ends an abbreviation or an initial, not a sentence."""
    word = _WORD_BEFORE.search(before)
    if word is None:
        return False
    word = word.group(1)
    return word.lower() in ABBREVIATIONS or (len(word) == 1 and word.isupper())


def _trimmed(text, start, end):
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
