"""Meaning-preserving changes to real sentences, for the suite's robustness tests.

Each function takes a sentence and a ``random.Random`` and returns the changed sentence, or None
when the change does not apply (no word long enough for a typo, no number to change, ...).
"""

import re

_WORD = re.compile(r"[A-Za-z]{4,}")
_NUMBER = re.compile(r"(?<![\w/])\d+(?![\w/])")
_TRAILING = re.compile(r"[.!?]+\s*$")

CONTRACTIONS = {
    "is not": "isn't", "are not": "aren't", "was not": "wasn't", "were not": "weren't",
    "do not": "don't", "does not": "doesn't", "did not": "didn't", "can not": "can't",
    "cannot": "can't", "could not": "couldn't", "would not": "wouldn't", "will not": "won't",
    "should not": "shouldn't", "have not": "haven't", "has not": "hasn't", "it is": "it's",
    "i am": "i'm", "you are": "you're", "they are": "they're", "we are": "we're",
    "that is": "that's", "there is": "there's", "i have": "i've", "i will": "i'll",
    "i would": "i'd", "he is": "he's", "she is": "she's", "what is": "what's",
}  # fmt: skip
_EXPANSIONS = {short: long for long, short in CONTRACTIONS.items() if long != "cannot"}
_LONG = re.compile(r"\b(" + "|".join(map(re.escape, CONTRACTIONS)) + r")\b", re.IGNORECASE)
_SHORT = re.compile(r"\b(" + "|".join(map(re.escape, _EXPANSIONS)) + r")(?!\w)", re.IGNORECASE)
URLS = ["https://t.co/x8Jk2Lp", "http://bit.ly/3fQz9", "www.example.com/review", "@moviefan88"]


def _same_case(replacement, original):
    return replacement[0].upper() + replacement[1:] if original[0].isupper() else replacement


def typo(sentence, rng):
    """Swap two neighbouring letters inside one word of four letters or more."""
    words = list(_WORD.finditer(sentence))
    if not words:
        return None
    word = rng.choice(words)
    at = rng.randrange(word.start() + 1, word.end() - 2)
    if sentence[at] == sentence[at + 1]:
        return None
    return sentence[:at] + sentence[at + 1] + sentence[at] + sentence[at + 2 :]


def two_typos(sentence, rng):
    """Two typos (``typo`` twice)."""
    once = typo(sentence, rng)
    return typo(once, rng) if once else None


def drop_final_punctuation(sentence, rng):
    """The sentence without its final ``.``, ``!`` or ``?`` (None if it has none)."""
    stripped = _TRAILING.sub("", sentence)
    return stripped if stripped != sentence and stripped else None


def add_final_period(sentence, rng):
    """The sentence with a final period if it has no final punctuation."""
    return None if _TRAILING.search(sentence) else sentence.rstrip() + "."


def contract(sentence, rng):
    """Contract the first expandable pair of words ("is not" -> "isn't")."""
    match = _LONG.search(sentence)
    if not match:
        return None
    short = _same_case(CONTRACTIONS[match[1].lower()], match[1])
    return sentence[: match.start()] + short + sentence[match.end() :]


def expand(sentence, rng):
    """Expand the first contraction ("isn't" -> "is not")."""
    match = _SHORT.search(sentence.replace("’", "'"))
    if not match:
        return None
    long = _same_case(_EXPANSIONS[match[1].lower()], match[1])
    return sentence[: match.start()] + long + sentence[match.end() :]


def add_url(sentence, rng):
    """A link or a handle at the start or the end."""
    url = rng.choice(URLS)
    return f"{url} {sentence}" if rng.random() < 0.5 else f"{sentence} {url}"


def swap_word(choices):
    """A change that replaces one of ``choices`` found in the sentence by another of them."""
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, choices)) + r")\b")

    def change(sentence, rng):
        found = list(pattern.finditer(sentence))
        if not found:
            return None
        match = rng.choice(found)
        other = rng.choice([word for word in choices if word != match[1]])
        return sentence[: match.start()] + other + sentence[match.end() :]

    return change


def change_number(sentence, rng):
    """Change one number (not a rating like 7/10) by up to a fifth, or by one."""
    found = list(_NUMBER.finditer(sentence))
    if not found:
        return None
    match = rng.choice(found)
    value = int(match[0])
    step = max(1, value // 5)
    new = value + rng.choice([-1, 1]) * rng.randint(1, step)
    if new < 0 or new == value:
        new = value + 1
    return sentence[: match.start()] + str(new) + sentence[match.end() :]
