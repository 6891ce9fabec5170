"""Where ``classifier.text.TOKEN`` finds its tokens, by a loop compiled by numba.

Python's regular expression engine tries the pattern's alternatives one after another at each
character, and for a review of median length that was the largest part of its classification;
this scan reads each character once or twice. ``TOKEN`` stays the definition: the character
classes (``\\w``, ``\\d``, ``\\s``) are read from it for every character of the Basic
Multilingual Plane, and the tests check that both find the same tokens, on the training data and
on generated text made of the characters the pattern treats specially. Text with a character
beyond that plane (an emoji) is left to the regular expression.

At each position the alternatives are tried in ``TOKEN``'s order, and each is decided as the
regular expression decides it. None of them needs to backtrack: where a greedy part gives back
characters, what follows it could not match them.
"""

import functools
import re

import numpy as np
from numba import njit

# \d, \w, \s; a letter of TOKEN's words, the apostrophe inside one; an emoticon's eyes, nose
# and mouth; punctuation
DIGIT, WORD, SPACE, LETTER, APOSTROPHE, EYES, NOSE, MOUTH, PUNCTUATION = (1 << i for i in range(9))
_CLASSES = (
    (DIGIT, r"\d"),
    (WORD, r"\w"),
    (SPACE, r"\s"),
    (LETTER, r"[\w\u0300-\u036f]"),
    (APOSTROPHE, "['’]"),
    (EYES, "[:;=]"),
    (NOSE, r"[\-o']"),
    (MOUTH, r"[()\[\]dp/\\]"),
    (PUNCTUATION, "[!?.,:;]"),
)

_SLASH, _DOT, _COMMA = ord("/"), ord("."), ord(",")
_AT, _H, _W = ord("@"), ord("h"), ord("w")  # where a link or a handle can start
_HTTP, _HTTPS, _WWW, _OUT, _OF, _TEN = (
    np.array([ord(c) for c in word], np.uint16)
    for word in ("http://", "https://", "www.", "out", "of", "10")
)


@functools.cache
def character_classes():
    """For each code point of the Basic Multilingual Plane, which of the classes it is in
    (bits ``DIGIT | WORD | ...``), as the regular expression engine says."""
    plane = "".join(map(chr, range(0x10000)))
    codes = _code_units(plane, "surrogatepass")
    classes = np.zeros(0x10000, np.uint16)
    for bit, pattern in _CLASSES:
        classes[_code_units(re.sub(pattern, "\0", plane), "surrogatepass") != codes] |= bit
    return classes


def tokens(lowered):
    """``TOKEN.findall(lowered)``, or None for text beyond the Basic Multilingual Plane or with
    a NUL character."""
    codes = scannable(lowered)
    if codes is None:
        return None
    joined = _joined(codes, character_classes())
    # str.split makes the strings in C, faster than slicing them one by one in Python
    return joined.tobytes().decode("utf-16-le").split("\0") if len(joined) else []


def scanned(lowered):
    """``(codes, bounds)``: the code units of ``lowered`` and where ``TOKEN.findall(lowered)``'s
    tokens start and end in them, one after the other; None where ``tokens`` gives None."""
    codes = scannable(lowered)
    return None if codes is None else (codes, _bounds(codes, character_classes()))


def scannable(lowered):
    """The code units of ``lowered``, or None for text the scan leaves to ``TOKEN``: beyond the
    Basic Multilingual Plane, or with a NUL character (``tokens`` joins with it)."""
    return None if "\0" in lowered else _codes_within_plane(lowered)


def token_bounds(lowered):
    """``[start, end, start, end, ...]`` of ``TOKEN``'s matches in ``lowered``, or None for text
    beyond the Basic Multilingual Plane."""
    codes = _codes_within_plane(lowered)
    return None if codes is None else _bounds(codes, character_classes()).tolist()


def _codes_within_plane(text):
    try:
        codes = _code_units(text)
    except UnicodeEncodeError:  # a lone surrogate
        return None
    return codes if len(codes) == len(text) else None  # else a character took two code units


def _code_units(text, errors="strict"):
    return np.frombuffer(text.encode("utf-16-le", errors), np.uint16)


@njit(cache=True)
def _at(codes, i, word):
    """Whether ``word`` is written at ``codes[i:]``."""
    if i + len(word) > len(codes):
        return False
    k = 0
    while k < len(word) and codes[i + k] == word[k]:
        k += 1
    return k == len(word)


@njit(cache=True)
def _run(codes, i, classes, bit, inside=True):
    """The end of the run of characters in (or, ``inside=False``, not in) class ``bit`` that
    starts at ``i``."""
    while i < len(codes) and ((classes[codes[i]] & bit) != 0) == inside:
        i += 1
    return i


@njit(cache=True)
def _is(codes, i, classes, bit):
    return i < len(codes) and (classes[codes[i]] & bit) != 0


@njit(cache=True)
def _link(codes, i, classes):
    """The end of ``(?:https?://|www\\.)\\S+|@\\w+`` matched at ``i``, or -1."""
    if codes[i] == _AT:
        end = _run(codes, i + 1, classes, WORD)
        return end if end > i + 1 else -1
    for prefix in (_HTTP, _HTTPS, _WWW):
        if _at(codes, i, prefix):
            end = _run(codes, i + len(prefix), classes, SPACE, False)
            if end > i + len(prefix):
                return end
    return -1


@njit(cache=True)
def _rating(codes, i, classes):
    """The end of ``\\d+(?:\\.\\d+)?\\s*(?:/|out\\s+of)\\s*10(?!\\d)`` matched at ``i``, or -1."""
    j = _run(codes, i, classes, DIGIT)
    if j < len(codes) and codes[j] == _DOT and _is(codes, j + 1, classes, DIGIT):
        j = _run(codes, j + 1, classes, DIGIT)
    j = _run(codes, j, classes, SPACE)
    if j < len(codes) and codes[j] == _SLASH:
        j += 1
    elif _at(codes, j, _OUT) and _is(codes, j + 3, classes, SPACE):
        j = _run(codes, j + 3, classes, SPACE)
        if not _at(codes, j, _OF):
            return -1
        j += 2
    else:
        return -1
    j = _run(codes, j, classes, SPACE)
    if not _at(codes, j, _TEN) or _is(codes, j + 2, classes, DIGIT):
        return -1
    return j + 2


@njit(cache=True)
def _number_with_parts(codes, i, classes):
    """The end of ``\\d+(?:[.,]\\d+)+`` matched at ``i``, or -1."""
    j = _run(codes, i, classes, DIGIT)
    parts = 0
    while j < len(codes) and (codes[j] == _DOT or codes[j] == _COMMA):
        if not _is(codes, j + 1, classes, DIGIT):
            break
        j = _run(codes, j + 1, classes, DIGIT)
        parts += 1
    return j if parts else -1


@njit(cache=True)
def _emoticon(codes, i, classes):
    """The end of ``[:;=][\\-o']?[()\\[\\]dp/\\\\]`` matched at ``i``, or -1."""
    if not _is(codes, i, classes, EYES):
        return -1
    if _is(codes, i + 1, classes, NOSE) and _is(codes, i + 2, classes, MOUTH):
        return i + 3
    return i + 2 if _is(codes, i + 1, classes, MOUTH) else -1


@njit(cache=True)
def _bounds(codes, classes):
    """Each match's start and end, one after the other."""
    n = len(codes)
    bounds = np.empty(2 * n, np.int64)
    found = 0
    i = 0
    while i < n:
        c = codes[i]
        kind = classes[c]
        end = _link(codes, i, classes) if c in (_AT, _H, _W) else -1
        if end < 0 and (kind & DIGIT) != 0:
            end = _rating(codes, i, classes)
            if end < 0:
                end = _number_with_parts(codes, i, classes)
        if end < 0 and (kind & LETTER) != 0:
            # A word, L+(?:['’]L+)*, written out: as a function of its own (taking the arrays)
            # the scan took 16 ns a character, against 2 ns so.
            end = i + 1
            while end < n and (classes[codes[end]] & LETTER) != 0:
                end += 1
            while (
                end + 1 < n
                and (classes[codes[end]] & APOSTROPHE) != 0
                and (classes[codes[end + 1]] & LETTER) != 0
            ):
                end += 2
                while end < n and (classes[codes[end]] & LETTER) != 0:
                    end += 1
        elif end < 0 and (kind & EYES) != 0:  # a letter always makes a word: no emoticon then
            end = _emoticon(codes, i, classes)
        if end < 0 and (kind & PUNCTUATION) != 0:
            end = i + 1
        if end < 0:
            i += 1
            continue
        bounds[2 * found] = i
        bounds[2 * found + 1] = end
        found += 1
        i = end
    return bounds[: 2 * found]


@njit(cache=True)
def _joined(codes, classes):
    """The matches, one after the other, each after a NUL but the first."""
    bounds = _bounds(codes, classes)
    joined = np.empty(len(codes) + len(bounds) // 2, np.uint16)
    at = 0
    for k in range(0, len(bounds), 2):
        if k:
            joined[at] = 0
            at += 1
        for i in range(bounds[k], bounds[k + 1]):
            joined[at] = codes[i]
            at += 1
    return joined[:at]
