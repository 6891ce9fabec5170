"""Where a word's sentiment is turned around or set aside, for the words of many texts at once.

A bag of n-grams reads "I didn't like it" much as "I liked it". These rules mark the words whose
polarity a sentence turns around (they become separate features, ``like_NEG``) and weigh the
words it sets aside or stresses; the model learns the rest:

- negation: after "not", "never", "no", ... up to the end of the clause (Das & Chen 2001; Pang et
  al. 2002), but not in "not only" and "not just"; a negated opinion ("I don't think, given
  everything, that it works") up to the end of the sentence;
- a question answered "no" ("Did I like it? No.") is negated as a whole, and the bare answer
  words weigh nothing: the question carries the meaning;
- "X, but it wasn't." negates X;
- contrast: in "X but Y" what follows "but" (or "however", "yet") weighs 1.5 and what comes
  before 0.5 (as VADER does; Hutto & Gilbert 2014);
- what others think ("critics loved it"), what the writer used to think ("I used to hate it")
  and first impressions ("at first it seemed slow") weigh nothing, up to the end of the clause.

The rules run as loops over the tokens of a whole batch, compiled by numba: as numpy array
operations they cost more than the rest of the model for one review (a hundred calls on arrays
of a few hundred tokens).
"""

import numpy as np
from numba import njit

NEGATION, SENTENCE_END, QUESTION, CLAUSE_END, CONTRAST, DROP = (1 << i for i in range(6))
HOLDER, OPINION, USED, TO, GET_OR_BE, AT, FIRST, ONLY = (1 << i for i in range(6, 14))
NO, YES, ANSWER, SOFTENER, EMPHATIC, NOT, ALL, GROUP = (1 << i for i in range(14, 22))

_WORDS = {
    NEGATION: "not no never nothing nowhere noone none nobody neither nor without hardly barely "
    "scarcely",
    SENTENCE_END: ". ! ?",
    QUESTION: "?",
    CLAUSE_END: ", ; :",
    CONTRAST: "but however yet",
    DROP: ". , ; :",
    HOLDER: "people critics everyone everybody others friends friend wife husband sister brother "
    "mom dad mother father kids family viewers reviewers audiences audience fans reviews they "
    "some many most son daughter girlfriend boyfriend folks",
    OPINION: "think thought thinks say said says claim claimed claims believe believed believes "
    "found find finds feel felt feels call called calls consider considered considers loved love "
    "loves hated hate hates liked like likes praised praise raved rave seem seemed seems",
    USED: "used",
    TO: "to",
    GET_OR_BE: "get got gets getting be is was am are were been being",
    AT: "at",
    FIRST: "first",
    ONLY: "only just",
    NO: "no nope nah",
    YES: "yes yeah yep absolutely definitely sure",
    ANSWER: "no nope nah yes yeah yep not really at all definitely absolutely certainly much of "
    "course sure",
    SOFTENER: "really at much",
    EMPHATIC: "definitely absolutely certainly",
    NOT: "not",
    ALL: "all",
    GROUP: "<group>",
}
_FLAGS = {}
for _flag, _words in _WORDS.items():
    for _word in _words.split():
        _FLAGS[_word] = _FLAGS.get(_word, 0) | _flag
BEFORE_CONTRAST, AFTER_CONTRAST, MAX_CONTRASTS = 0.5, 1.5, 4
_AFTER = AFTER_CONTRAST ** np.arange(MAX_CONTRASTS + 1)
_BEFORE = BEFORE_CONTRAST ** np.arange(MAX_CONTRASTS + 1)
MUTED_AFTER_ANSWER = 3  # words after a bare answer word that weigh nothing with it


def flags_of(word):
    """The rule flags of a canonical word (0 for most words)."""
    return _FLAGS.get(word, 0)


def read(flags, lengths):
    """Apply the rules to the tokens of many texts.

    ``flags`` are the tokens' rule flags (``flags_of``) in order, text after text, and
    ``lengths`` the number of tokens of each text. Returns ``(kept, negated, weight, lengths)``:
    the positions of the tokens the model reads (a group placeholder right after another and
    the punctuation ``. , ; :`` go), whether each is negated, its weight, and the new length of
    each text.
    """
    return read_compiled(np.asarray(flags, dtype=np.int64), np.asarray(lengths, dtype=np.int64))


@njit(cache=True)
def read_compiled(all_flags, lengths):
    """``read`` for compiled code (``flags`` and ``lengths`` as int64 arrays)."""
    first_of_text = np.zeros(len(all_flags), np.bool_)
    at = 0
    for length in lengths:
        if length > 0:
            first_of_text[at] = True
        at += length
    position = np.empty(len(all_flags), np.int64)
    n = 0
    for i in range(len(all_flags)):
        repeated = i > 0 and not first_of_text[i] and all_flags[i] & all_flags[i - 1] & GROUP != 0
        if not repeated:
            position[n] = i
            n += 1
    position = position[:n]
    flags, first = all_flags[position], first_of_text[position]
    negated, weight = _rules(flags, first)

    kept = np.empty(n, np.int64)
    new_lengths = np.zeros(len(lengths), np.int64)
    text, n_kept = -1, 0
    for i in range(n):
        text += first[i]
        while lengths[text] == 0:  # a text without tokens has no first token
            text += 1
        if flags[i] & DROP == 0:
            kept[n_kept] = i
            n_kept += 1
            new_lengths[text] += 1
    kept = kept[:n_kept]
    return position[kept], negated[kept], weight[kept], new_lengths


@njit(cache=True)
def _has(flags, start, end, i, flag, steps):
    """Whether the token ``steps`` before ``i`` (negative: after) in its text has ``flag``."""
    at = i - steps
    return start[i] <= at <= end[i] and flags[at] & flag != 0


@njit(cache=True)
def _rules(flags, first):
    n = len(flags)
    weight = np.ones(n)
    negated = np.zeros(n, np.bool_)
    # each token's text, from ``start`` to ``end``, and sentence, with its last token
    start, end = np.empty(n, np.int64), np.empty(n, np.int64)
    for i in range(n):
        start[i] = i if first[i] else start[i - 1]
    for i in range(n - 1, -1, -1):
        end[i] = i if i == n - 1 or first[i + 1] else end[i + 1]
    sentence, sentence_first = np.empty(n, np.int64), np.zeros(n, np.bool_)
    for i in range(n):
        # ``_has(flags, start, end, i, SENTENCE_END, 1)`` written out (the token before is in
        # this one's text unless this one is first): a call taking arrays costs numba more than
        # the test, and this one is made for every token
        sentence_first[i] = first[i] or flags[i - 1] & SENTENCE_END != 0
        sentence[i] = sentence[i - 1] + sentence_first[i] if i else 0
    sentence_last = np.empty(sentence[-1] + 1 if n else 0, np.int64)
    for i in range(n):
        sentence_last[sentence[i]] = i

    # negation, up to the end of the clause; a negated opinion ("I don't think, ..., that")
    # up to the end of the sentence. Positions count double, so that a text's start sits just
    # before its first token.
    closed = np.empty(n, np.int64)  # where each token's clause began: its last closer or text start
    opened = wide_opened = wide_closed = -1
    for i in range(n):
        if first[i]:
            closed[i] = wide_closed = 2 * i - 1
        else:
            closed[i] = closed[i - 1]
        closer = flags[i] & (SENTENCE_END | CLAUSE_END | CONTRAST) != 0
        if closer:
            closed[i] = 2 * i
        if flags[i] & (SENTENCE_END | CONTRAST) != 0:
            wide_closed = 2 * i
        negated[i] = not closer and (opened > closed[i] or wide_opened > wide_closed)
        if flags[i] & NEGATION != 0 and not _has(flags, start, end, i, ONLY, -1):
            opened = 2 * i
            if _has(flags, start, end, i, OPINION, -1) or (
                _has(flags, start, end, i, SOFTENER, -1) and _has(flags, start, end, i, OPINION, -2)
            ):
                wide_opened = 2 * i

    # a question answered "no" is turned around; the bare answer words, and those that follow
    # them (up to three more, a comma between allowed), weigh nothing
    answered_no, answered = np.zeros(n, np.bool_), np.zeros(n, np.bool_)
    for i in range(n):
        if flags[i] & QUESTION != 0:
            answered_no[i] = (
                _has(flags, start, end, i, NO, -1)
                or _has(flags, start, end, i, NOT, -1)
                and _has(flags, start, end, i, SOFTENER, -2)
                or _has(flags, start, end, i, EMPHATIC, -1)
                and _has(flags, start, end, i, NOT, -2)
            )
            answered[i] = answered_no[i] or _has(flags, start, end, i, YES, -1)
    turned = np.zeros(n, np.bool_)
    muted_depth = np.full(n, MUTED_AFTER_ANSWER + 1)
    for i in range(n):
        punctuation = flags[i] & (SENTENCE_END | CLAUSE_END) != 0
        turned[i] = answered_no[sentence_last[sentence[i]]] and not punctuation
        if flags[i] & ANSWER != 0 and i > start[i]:
            if answered[i - 1]:
                muted_depth[i] = 0
            else:
                depth = muted_depth[i - 1]
                if i - 2 >= start[i] and flags[i - 1] & CLAUSE_END != 0:
                    depth = min(depth, muted_depth[i - 2])
                muted_depth[i] = min(depth + 1, MUTED_AFTER_ANSWER + 1)

    # contrast: in "X but Y", Y weighs more and X less (the contrasts of each sentence, counted)
    contrast = np.zeros(n, np.bool_)
    contrasts = np.zeros(len(sentence_last), np.int64)
    last_contrast = np.full(len(sentence_last), -1)
    for i in range(n):
        contrast[i] = flags[i] & CONTRAST != 0 and not sentence_first[i]
        if contrast[i]:
            contrasts[sentence[i]] += 1
            last_contrast[sentence[i]] = i

    # the weights: contrast, muted answers; others' opinions, "used to", "at first" set aside
    # to the end of the clause
    set_aside_at = -1
    seen = 0
    for i in range(n):
        if sentence_first[i]:
            seen = 0
        ahead = contrasts[sentence[i]] - seen - int(contrast[i])
        factor = _AFTER[min(seen, MAX_CONTRASTS)] * _BEFORE[min(ahead, MAX_CONTRASTS)]
        seen += int(contrast[i])
        weight[i] = (0.0 if muted_depth[i] <= MUTED_AFTER_ANSWER else 1.0) * factor
        if (
            flags[i] & HOLDER != 0
            and _has(flags, start, end, i, OPINION, -1)
            or flags[i] & USED != 0
            and _has(flags, start, end, i, TO, -1)
            and not _has(flags, start, end, i, GET_OR_BE, 1)
            or flags[i] & AT != 0
            and _has(flags, start, end, i, FIRST, -1)
        ):
            set_aside_at = 2 * i
        if set_aside_at > closed[i]:
            weight[i] = 0.0

    # "X, but it wasn't." turns X around, whatever weight it had
    elliptic = np.zeros(len(sentence_last), np.bool_)
    for i in range(n):
        if flags[i] & NEGATION != 0 and (
            _has(flags, start, end, i, SENTENCE_END, -1)
            or i == end[i]
            or _has(flags, start, end, i, SOFTENER, -1)
            and (_has(flags, start, end, i, SENTENCE_END | ALL, -2) or i + 1 == end[i])
        ):
            elliptic[sentence[i]] = True
    for i in range(n):
        restated = (
            elliptic[sentence[i]]
            and i < last_contrast[sentence[i]]
            and flags[i] & (SENTENCE_END | CLAUSE_END) == 0
        )
        if restated:
            weight[i] = 1.0
        negated[i] = negated[i] ^ turned[i] ^ restated
    return negated, weight
