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

Everything is vectorised with numpy over the tokens of a whole batch: a Python loop over tokens
would cost more than the rest of the model.
"""

import numpy as np

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
    flags = np.asarray(flags, dtype=np.int64)
    lengths = np.asarray(lengths, dtype=np.int64)
    doc = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
    first = np.zeros(len(flags), bool)
    first[(np.cumsum(lengths) - lengths)[lengths > 0]] = True
    repeated = np.zeros(len(flags), bool)
    repeated[1:] = (flags[1:] & flags[:-1] & GROUP).astype(bool) & ~first[1:]
    if repeated.any():
        position = np.flatnonzero(~repeated)
        flags, doc, first = flags[position], doc[position], first[position]
    else:
        position = np.arange(len(flags))
    negated, weight = _rules(flags, first)
    kept = np.flatnonzero((flags & DROP) == 0)
    return (
        position[kept],
        negated[kept],
        weight[kept],
        np.bincount(doc[kept], minlength=len(lengths)),
    )


def _shifted(values, steps, blocked):
    """``values`` moved ``steps`` later (negative: earlier), ``False`` where ``blocked``."""
    out = np.zeros_like(values)
    if steps > 0:
        out[steps:] = values[: len(values) - steps]
    else:
        out[: len(values) + steps] = values[-steps:]
    out[blocked] = False
    return out


def _last_at_or_before(mask, index, floor):
    """At each position, the largest ``index`` where ``mask`` holds at or before it, or
    ``floor`` where that is larger."""
    return np.maximum(np.maximum.accumulate(np.where(mask, index, -1)), floor)


def _opened_before(openers, index):
    return np.append(-1, np.maximum.accumulate(np.where(openers, index, -1))[:-1])


def _rules(flags, first):
    n = len(flags)
    weight = np.ones(n)
    if n == 0:
        return np.zeros(0, bool), weight
    index = 2 * np.arange(n)
    last = np.append(first[1:], True)
    # a token's neighbours within its text: one and two before, one and two after
    before1, before2 = first, first | np.append(False, first[:-1])
    after1, after2 = last, last | np.append(last[1:], False)

    def has(flag, steps=0):
        mask = (flags & flag).astype(bool)
        if steps == 0:
            return mask
        blocked = {1: before1, 2: before2, -1: after1, -2: after2}[steps]
        return _shifted(mask, steps, blocked)

    sentence_end, clause_end, contrast_word = has(SENTENCE_END), has(CLAUSE_END), has(CONTRAST)
    punctuation = sentence_end | clause_end
    closers = punctuation | contrast_word
    text_starts = np.maximum.accumulate(np.where(first, index - 1, -1))
    closed = _last_at_or_before(closers, index, text_starts)
    sentence_first = first | _shifted(sentence_end, 1, before1)
    sentence = np.cumsum(sentence_first) - 1
    first_of, last_of = np.flatnonzero(sentence_first), np.flatnonzero(last | sentence_end)

    # negation, up to the end of the clause; a negated opinion ("I don't think, ..., that")
    # up to the end of the sentence
    negation = has(NEGATION)
    openers = negation & ~has(ONLY, -1)
    negated = (_opened_before(openers, index) > closed) & ~closers
    wide = openers & (has(OPINION, -1) | has(SOFTENER, -1) & has(OPINION, -2))
    if wide.any():
        wide_closed = _last_at_or_before(sentence_end | contrast_word, index, text_starts)
        negated |= (_opened_before(wide, index) > wide_closed) & ~closers

    # a question answered "no" is turned around; the bare answer words weigh nothing
    question = has(QUESTION)
    turned = np.zeros(n, bool)
    if question.any():
        answered_no = question & (
            has(NO, -1) | has(NOT, -1) & has(SOFTENER, -2) | has(EMPHATIC, -1) & has(NOT, -2)
        )
        answered = answered_no | question & has(YES, -1)
        turned = answered_no[last_of[sentence]] & ~punctuation
        answer = has(ANSWER)
        muted = answer & _shifted(answered, 1, before1)
        for _ in range(3):
            follows = _shifted(muted, 1, before1) | (
                _shifted(clause_end, 1, before1) & _shifted(muted, 2, before2)
            )
            muted |= answer & follows
        weight[muted] = 0.0

    # contrast: in "X but Y", Y weighs more and X less
    contrast = contrast_word & ~sentence_first
    if contrast.any():
        running = np.cumsum(contrast)
        before = running - contrast
        seen = before - before[first_of[sentence]]
        ahead = running[last_of[sentence]] - running
        weight *= (
            _AFTER[np.minimum(seen, MAX_CONTRASTS)] * _BEFORE[np.minimum(ahead, MAX_CONTRASTS)]
        )

    # others' opinions, "used to", "at first": set aside to the end of the clause
    set_aside = (
        has(HOLDER) & has(OPINION, -1)
        | has(USED) & has(TO, -1) & ~has(GET_OR_BE, 1)
        | has(AT) & has(FIRST, -1)
    )
    if set_aside.any():
        weight[_last_at_or_before(set_aside, index, -1) > closed] = 0.0

    # "X, but it wasn't." turns X around, whatever weight it had
    restated = np.zeros(n, bool)
    elliptic = negation & (
        has(SENTENCE_END, -1)
        | last
        | has(SOFTENER, -1) & (has(SENTENCE_END | ALL, -2) | _shifted(last, -1, after1))
    )
    if elliptic.any() and contrast.any():
        has_elliptic = np.zeros(len(first_of), bool)
        has_elliptic[sentence[elliptic]] = True
        last_contrast = np.full(len(first_of), -1)
        np.maximum.at(last_contrast, sentence[contrast], np.flatnonzero(contrast))
        restated = has_elliptic[sentence] & (np.arange(n) < last_contrast[sentence])
        restated &= ~punctuation
        weight[restated] = 1.0
    return negated ^ turned ^ restated, weight
