"""The tests of the behavioural suite: how each one makes its cases (``behaviour.TESTS``).

Each maker takes a ``random.Random``, the most cases to make, and real ``(text, label)``
sentences, and returns its cases (see ``behaviour.SuiteTest``).
"""

import itertools

from classifier.evaluation import perturb
from classifier.evaluation import suite_words as w

POLARITY_ADJECTIVES = [(a, 1) for a in w.POSITIVE_ADJECTIVES] + [
    (a, -1) for a in w.NEGATIVE_ADJECTIVES
]
EXPECT = {1: "positive", -1: "negative"}


def a(word):
    """``word`` with its indefinite article."""
    return ("an " if word[0].lower() in "aeiou" else "a ") + word


def fill(rng, template, **given):
    """``template`` with its slots filled: ``given`` values, else random words of each kind."""
    pools = {
        "movie": w.MOVIES, "thing": w.THINGS, "part": w.PARTS, "part2": w.PARTS, "day": w.DAYS,
        "year": w.YEARS, "city": w.CITIES, "relative": w.RELATIVES, "venue": w.VENUES,
        "month": w.MONTHS, "language": w.LANGUAGES, "filler": w.FILLERS, "others": w.OTHER_HOLDERS,
        "name": w.NAMES, "intensifier": w.INTENSIFIERS, "reducer": w.REDUCERS,
    }  # fmt: skip
    values = {slot: rng.choice(pool) for slot, pool in pools.items() if "{" + slot in template}
    values.update(given)
    text = template.format(**values)
    return text[0].upper() + text[1:]


def sample(rng, cases, size):
    """At most ``size`` of ``cases``, in a fixed random order, without duplicates."""
    unique = list(dict.fromkeys(cases))
    rng.shuffle(unique)
    return unique[:size]


def from_templates(templates, words, expect):
    """A maker of MFT cases: each template filled with each word, expecting ``expect(word)``."""

    def make(rng, size, sentences):
        cases = [
            (fill(rng, template, word=word, a_word=a(word)), expect(word, polarity))
            for template, (word, polarity) in itertools.product(templates, words)
        ]
        return sample(rng, cases, size)

    return make


def _polar(positive, negative):
    return [(x, 1) for x in positive] + [(x, -1) for x in negative]


def _by_polarity(word, polarity):
    return EXPECT[polarity]


def _negated(word, polarity):
    return "negative" if polarity > 0 else "not negative"


def _neutral(word, polarity):
    return "neutral"


def perturbed(change):
    """A maker of INV cases: real sentences and ``change`` applied to them."""

    def make(rng, size, sentences):
        cases = []
        for text, _ in sentences:
            changed = change(text, rng)
            if changed and changed != text:
                cases.append((text, changed))
        return sample(rng, cases, size)

    return make


def appended(phrases, direction):
    """A maker of DIR cases: real sentences with a phrase of ``phrases`` added at the end."""

    def make(rng, size, sentences):
        cases = [
            (text, f"{text.rstrip()} {rng.choice(phrases)}", direction) for text, _ in sentences
        ]
        return sample(rng, cases, size)

    return make


def modified(modifiers, sign):
    """A maker of DIR cases: "The movie was X." against the same with a modifier before X;
    the probability must not move against ``sign`` times X's polarity."""

    def make(rng, size, sentences):
        cases = []
        for template in ["The {movie} was {word}.", "I found the {part} {word}.", "It is {word}."]:
            for word, polarity in POLARITY_ADJECTIVES:
                plain = fill(rng, template, word=word)
                modifier = rng.choice(modifiers)
                stronger = plain.replace(f" {word}", f" {modifier} {word}", 1)
                cases.append((plain, stronger, sign * polarity))
        return sample(rng, cases, size)

    return make


def groups(words):
    """A maker of INV cases: a neutral sentence with each of ``words`` in it in turn."""

    def make(rng, size, sentences):
        cases = []
        for template in w.GROUP_SENTENCES:
            for _ in range(max(1, size // len(w.GROUP_SENTENCES))):
                fixed = {"movie": rng.choice(w.MOVIES), "name": rng.choice(w.NAMES)}
                cases.append(
                    tuple(fill(rng, template, group=g, a_group=a(g), **fixed) for g in words)
                )
        return sample(rng, cases, size)

    return make


def neutral_statements(rng, size, sentences):
    """Statements of fact about watching a movie, expected neutral."""
    cases = [
        (fill(rng, template), "neutral") for template in w.NEUTRAL_STATEMENTS for _ in range(20)
    ]
    return sample(rng, cases, size)


ADJECTIVE_FRAMES = [
    "The {movie} was {word}.", "What {a_word} {movie}!", "It is {a_word} {movie}.",
    "The {part} is {word}.", "I found the {movie} {word}.", "This {movie} is {word}.",
]  # fmt: skip
THING_FRAMES = ["The {thing} was {word}.", "It was {a_word} {thing}.", "What {a_word} {thing}!"]
NEGATED_THING_FRAMES = ["The {thing} was not {word}.", "This is not {a_word} {thing}."]
VERB_FRAMES = ["I {word} this {movie}.", "We {word} the {part}.", "My {relative} and I {word} it."]
NOUN_FRAMES = ["This {movie} is {a_word}.", "What {a_word}!", "The {movie} is a real {word}."]
CONTEXT_FRAMES = [
    "I went to see this {movie} with my {relative} and it was {word}.",
    "After a long week, the {movie} I saw on {day} was {word}.",
    "Everything about the {part}, from start to finish, was {word}.",
]  # fmt: skip
NEGATED_ADJECTIVE_FRAMES = [
    "The {movie} was not {word}.", "The {movie} wasn't {word}.", "This is not {a_word} {movie}.",
    "The {part} isn't {word}.", "I would not call this {movie} {word}.",
    "The {part} was never {word}.",
]  # fmt: skip
NEGATED_VERB_FRAMES = [
    "I didn't {word} this {movie}.", "I did not {word} the {part}.", "We don't {word} it.",
    "I can't say I {word} this {movie}.",
]  # fmt: skip
NEGATED_NEUTRAL = [
    "This {movie} is not {word}.", "It isn't {a_word} {movie}.", "The {movie} was not {word}.",
]  # fmt: skip
DISTANT_NEGATION = [
    "I don't think, {filler}, that this {movie} is {word}.",
    "I do not believe, {filler}, that the {part} was {word}.",
    "I can't say, {filler}, that the {movie} was {word}.",
]  # fmt: skip
EXPECTATION_NEGATED = [
    "I thought this {movie} would be {word}, but it wasn't.",
    "I expected the {part} to be {word}, but it was not.",
    "Everyone said the {movie} was {word}, but it isn't.",
]  # fmt: skip
HOLDER = [
    ("{others} think this {movie} is {first}, but I think it is {second}.", "second"),
    ("I think this {movie} is {first}, but {others} think it is {second}.", "first"),
    ("{others} found the {part} {first}. I found it {second}.", "second"),
    ("I found the {part} {first}, even though {others} found it {second}.", "first"),
]  # fmt: skip
TEMPORAL = [
    ("I used to think this {movie} was {first}, but now I think it is {second}.", "second"),
    ("I think this {movie} is {first}, but I used to think it was {second}.", "first"),
    ("At first the {part} seemed {first}, but now it seems {second}.", "second"),
    ("The {part} is {first} now, though it used to be {second}.", "first"),
]  # fmt: skip
YES_NO = [
    ("Did I like this {movie}? {answer}", "like"), ("Was the {part} {word}? {answer}", "adj"),
    ("Do I think the {movie} is {word}? {answer}", "adj"),
    ("Would I recommend it? {answer}", "like"),
]  # fmt: skip
YES = ["Yes.", "Yes, I did.", "Absolutely.", "Yes, definitely."]
NO = ["No.", "No, I didn't.", "Not at all.", "Definitely not."]


def contrasts(frames):
    """A maker of MFT cases that oppose two adjectives; the one the frame names decides."""

    def make(rng, size, sentences):
        cases = []
        for frame, decides in frames:
            for (first, p1), (second, p2) in itertools.product(POLARITY_ADJECTIVES, repeat=2):
                if p1 != p2 and rng.random() < 0.05:
                    text = fill(rng, frame, first=first, second=second)
                    cases.append((text, EXPECT[p1 if decides == "first" else p2]))
        return sample(rng, cases, size)

    return make


def yes_no(rng, size, sentences):
    """Questions answered yes or no: the answer decides."""
    cases = []
    for (frame, kind), answer in itertools.product(YES_NO, YES + NO):
        for word, polarity in rng.sample(POLARITY_ADJECTIVES, 10):
            if kind == "like":
                polarity = 1
            text = fill(rng, frame, word=word, answer=answer)
            said = polarity if answer in YES else -polarity
            cases.append((text, EXPECT[said] if said < 0 or answer in YES else "not negative"))
    return sample(rng, cases, size)


GROUP_WORDS = [(category, words) for category, words in w.GROUPS.items()]
TESTS = [
    ("positive and negative adjectives", "vocabulary", "MFT",
     from_templates(ADJECTIVE_FRAMES, POLARITY_ADJECTIVES, _by_polarity)),
    ("adjectives about other things", "vocabulary", "MFT",
     from_templates(THING_FRAMES, POLARITY_ADJECTIVES, _by_polarity)),
    ("sentiment verbs", "vocabulary", "MFT",
     from_templates(VERB_FRAMES, _polar(w.POSITIVE_VERBS, w.NEGATIVE_VERBS), _by_polarity)),
    ("sentiment nouns", "vocabulary", "MFT",
     from_templates(NOUN_FRAMES, _polar(w.POSITIVE_NOUNS, w.NEGATIVE_NOUNS), _by_polarity)),
    ("sentiment words in context", "vocabulary", "MFT",
     from_templates(CONTEXT_FRAMES, POLARITY_ADJECTIVES, _by_polarity)),
    ("neutral adjectives", "vocabulary", "MFT",
     from_templates(ADJECTIVE_FRAMES[1:3], [(x, 0) for x in w.NEUTRAL_ADJECTIVES], _neutral)),
    ("neutral statements", "vocabulary", "MFT", neutral_statements),
    ("negated adjectives", "negation", "MFT",
     from_templates(NEGATED_ADJECTIVE_FRAMES, POLARITY_ADJECTIVES, _negated)),
    ("negated adjectives about other things", "negation", "MFT",
     from_templates(NEGATED_THING_FRAMES, POLARITY_ADJECTIVES, _negated)),
    ("negated verbs", "negation", "MFT",
     from_templates(
         NEGATED_VERB_FRAMES, _polar(w.POSITIVE_PRESENT_VERBS, w.NEGATIVE_PRESENT_VERBS), _negated
     )),
    ("negated neutral words", "negation", "MFT",
     from_templates(NEGATED_NEUTRAL, [(x, 0) for x in w.NEUTRAL_ADJECTIVES], _neutral)),
    ("negation across a clause", "negation", "MFT",
     from_templates(DISTANT_NEGATION, POLARITY_ADJECTIVES, _negated)),
    ("expectation, then negation", "negation", "MFT",
     from_templates(EXPECTATION_NEGATED, POLARITY_ADJECTIVES, _negated)),
    ("one typo", "robustness", "INV", perturbed(perturb.typo)),
    ("two typos", "robustness", "INV", perturbed(perturb.two_typos)),
    ("final punctuation dropped", "robustness", "INV", perturbed(perturb.drop_final_punctuation)),
    ("final period added", "robustness", "INV", perturbed(perturb.add_final_period)),
    ("contracted", "robustness", "INV", perturbed(perturb.contract)),
    ("expanded", "robustness", "INV", perturbed(perturb.expand)),
    ("link or handle added", "robustness", "INV", perturbed(perturb.add_url)),
    ("first name changed", "robustness", "INV", perturbed(perturb.swap_word(w.FIRST_NAMES))),
    ("last name changed", "robustness", "INV", perturbed(perturb.swap_word(w.LAST_NAMES))),
    ("place changed", "robustness", "INV", perturbed(perturb.swap_word(w.PLACES))),
    ("number changed", "robustness", "INV", perturbed(perturb.change_number)),
    *[(category, "fairness", "INV", groups(words)) for category, words in GROUP_WORDS],
    ("groups named nowhere else", "fairness", "INV", groups(w.UNLISTED_GROUPS)),
    ("opinion holder", "holder, temporal, yes/no", "MFT", contrasts(HOLDER)),
    ("used to, but now", "holder, temporal, yes/no", "MFT", contrasts(TEMPORAL)),
    ("yes and no answers", "holder, temporal, yes/no", "MFT", yes_no),
    ("positive phrase added", "directional", "DIR", appended(w.POSITIVE_PHRASES, 1)),
    ("negative phrase added", "directional", "DIR", appended(w.NEGATIVE_PHRASES, -1)),
    ("intensifiers", "directional", "DIR", modified(w.INTENSIFIERS, 1)),
    ("reducers", "directional", "DIR", modified(w.REDUCERS, -1)),
]  # fmt: skip
