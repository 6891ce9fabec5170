"""Reading a typo as the word it most likely stands for.

One swapped, dropped, added or wrong letter turns a known word into one the model has no weight
for, and a short sentence can turn on that one word. ``Speller`` knows the words of the training
data with their counts; a word it does not know, of four letters or more, is read as the
commonest known word one such edit away (Norvig's corrector, "How to Write a Spelling
Corrector", 2007), preferring a swap of neighbouring letters, the commonest typo. Words with no
known neighbour stay as they are, so a new word taught online keeps its own weight.
"""

import string

_LETTERS = string.ascii_lowercase


class Speller:
    """Corrects one-edit typos to known words.

    Parameters
    ----------
    min_count : int, default=5
        How often a word must occur in the fitted data to count as known.
    min_length : int, default=4
        Shorter unknown words are left alone: too many short words lie one edit apart.
    """

    def __init__(self, min_count=5, min_length=4):
        self.min_count = min_count
        self.min_length = min_length

    def fit(self, counts):
        """Learn the known words from ``{word: count}``; return ``self``."""
        self.counts_ = {
            word: n
            for word, n in counts.items()
            if n >= self.min_count and word.isalpha() and word.isascii()
        }
        return self

    def correct(self, word):
        """``word``, or the known word it is most likely a typo of."""
        if len(word) < self.min_length or word in self.counts_ or not word.isalpha():
            return word
        if not word.isascii():
            return word
        for candidates in _edits(word):
            known = [c for c in candidates if c in self.counts_]
            if known:
                return max(known, key=lambda c: (self.counts_[c], c))
        return word


def _edits(word):
    """Words one edit from ``word``: swaps of neighbours first, then the other edits."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    yield [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
    yield (
        [a + b[1:] for a, b in splits if b]
        + [a + c + b[1:] for a, b in splits if b for c in _LETTERS]
        + [a + c + b for a, b in splits for c in _LETTERS]
    )
