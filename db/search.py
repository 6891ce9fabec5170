"""What the history can be narrowed to: words, sentiment, labelled or not, the model disagreeing
with the person, unsure predictions, and a time range.

Words are searched through ``review_terms``: one document per review with the same ``_id`` and
``created_at`` and an indexed array of its distinct normalised words (SecantusDB has no
``$text``; this works the same on MongoDB). It is a collection of its own because SecantusDB
rewrites every entry of a document's array index whenever the document changes: in the review,
each new prediction or label would cost a hundred index writes. The flags are stored on each
review and kept up to date by the repository, each with an index that ends in the history's
order.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime

UNSURE_BELOW = 2 / 3  # as the API's `unsure`: a probability of the verdict under 2/3
MAX_QUERY_TERMS = 8
_TAG = re.compile(r"<[^<>]{0,40}>")
_WORD = re.compile(r"\w{2,}")


def normalised_words(text):
    """The words of ``text`` (two characters or more), case-folded, accents removed, in order."""
    text = unicodedata.normalize("NFKD", _TAG.sub(" ", text).casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return _WORD.findall(text)


def terms_of(text):
    """The distinct normalised words of a review's text, sorted: what its ``terms`` hold."""
    return sorted(set(normalised_words(text)))


def flags(sentiment, probability, feedback_label=None):
    """The stored flags of a review with this prediction and this person's label."""
    return {
        "labelled": feedback_label is not None,
        "unsure": probability < UNSURE_BELOW,
        "disagrees": feedback_label is not None and feedback_label != sentiment,
    }


@dataclass(frozen=True)
class ReviewFilter:
    """A search of the history; fields left ``None`` do not narrow it."""

    words: tuple = ()
    sentiment: str | None = None
    labelled: bool | None = None
    disagrees: bool | None = None
    unsure: bool | None = None
    since: datetime | None = None  # created at or after
    until: datetime | None = None  # created before

    @classmethod
    def of(cls, search=None, **fields):
        """The filter for a search text (its first ``MAX_QUERY_TERMS`` distinct words) and
        the other fields."""
        words = tuple(dict.fromkeys(normalised_words(search or "")))[:MAX_QUERY_TERMS]
        return cls(words=words, **fields)

    @property
    def rarest_word(self):
        """The word a search reads through: the longest, likely the rarest."""
        return max(self.words, key=len) if self.words else None

    def equalities(self):
        """``{field: value}`` of the review's own conditions (not words, not the time range),
        the most selective likely first."""
        conditions = {}
        for name in ("disagrees", "unsure", "labelled", "sentiment"):
            value = getattr(self, name)
            if value is not None:
                conditions[name] = value
        return conditions

    def query(self):
        """The filter but its words as one MongoDB query of ``reviews``."""
        query = dict(self.equalities())
        created = {}
        if self.since is not None:
            created["$gte"] = self.since
        if self.until is not None:
            created["$lt"] = self.until
        if created:
            query["created_at"] = created
        return query

    def matches(self, document):
        """Whether a stored review ``document`` (with its ``terms`` attached, if the search has
        words) passes the filter."""
        terms = document.get("terms", ())
        if any(word not in terms for word in self.words):
            return False
        for name in ("disagrees", "unsure", "labelled", "sentiment"):
            value = getattr(self, name)
            if value is not None and document.get(name) != value:
                return False
        created = document["created_at"]
        if self.since is not None and created < self.since:
            return False
        return self.until is None or created < self.until
