"""Request and response shapes, declared once: they validate requests and make the OpenAPI document.

Configurable limits (``MAX_REVIEW_CHARS``, ``MAX_BATCH_TEXTS``, ``MAX_PAGE_SIZE``) are checked
against the serving app's settings; the OpenAPI document states their defaults.
"""

from datetime import datetime
from typing import Literal

from flask import current_app, has_app_context
from pydantic import BaseModel, ConfigDict, Field, StrictStr, computed_field, field_validator
from pydantic_core import PydanticCustomError

from classifier import SURE_FROM
from db.reviews import COUNT_READS, COUNT_UP_TO
from server.settings import Settings

Sentiment = Literal["positive", "negative"]
ReviewText = StrictStr


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _limit(name):
    """The serving app's setting ``name`` (its default outside a request)."""
    if has_app_context():
        return getattr(current_app.extensions["settings"], name)
    return Settings.model_fields[name].default


def _at_most(value, setting):
    """``value``, or pydantic's own error if it is over the serving app's ``setting``."""
    most = _limit(setting)
    if value > most:
        message = "Input should be less than or equal to {le}"
        raise PydanticCustomError("less_than_equal", message, {"le": most})
    return value


def _not_too_long(text, where=""):
    limit = _limit("max_review_chars")
    if len(text) > limit:
        message = where + "String should have at most {max_length} characters"
        raise PydanticCustomError("string_too_long", message, {"max_length": limit})


def _not_blank(text):
    if not text.strip():
        raise ValueError("must contain some non-space characters")
    _not_too_long(text)
    return text


_REVIEW_CHARS = Settings.model_fields["max_review_chars"].default
_BATCH_TEXTS = Settings.model_fields["max_batch_texts"].default
_PAGE_SIZE = Settings.model_fields["max_page_size"].default


# Requests. Models whose names end in "Query" describe the query string: their errors are 400s.


class ReviewIn(_Strict):
    """A review to classify and store."""

    text: ReviewText = Field(
        min_length=1,
        description=f"The review's text, at most MAX_REVIEW_CHARS ({_REVIEW_CHARS:,}) characters.",
    )

    _check_text = field_validator("text")(_not_blank)


class PredictIn(_Strict):
    """Texts to classify without storing them."""

    texts: list[ReviewText] = Field(
        min_length=1,
        description=f"At most MAX_BATCH_TEXTS ({_BATCH_TEXTS:,}) texts, each at most "
        f"MAX_REVIEW_CHARS ({_REVIEW_CHARS:,}) characters.",
    )

    @field_validator("texts")
    @classmethod
    def _check_texts(cls, texts):
        limit = _limit("max_batch_texts")
        if len(texts) > limit:
            message = "List should have at most {max_length} items"
            raise PydanticCustomError("too_long", message, {"max_length": limit})
        for index, text in enumerate(texts):
            if not text.strip():
                raise ValueError(f"texts[{index}] must contain some non-space characters")
            _not_too_long(text, f"texts[{index}]: ")
        return texts


class TrainIn(_Strict):
    """The correct label for a stored review."""

    label: Sentiment


class ReviewIdQuery(BaseModel):
    """The stored review to act on."""

    model_config = ConfigDict(populate_by_name=True)
    review_id: StrictStr = Field(alias="_id", description="The review's 24-hex-digit id.")


class ReviewSearchQuery(BaseModel):
    """Which reviews of the history: words, verdict, labels, time."""

    sentiment: Sentiment | None = None
    q: StrictStr | None = Field(
        None,
        max_length=200,
        description="Words that every review listed contains (any case "
        "or accents; the first 8 distinct words count).",
    )
    labelled: bool | None = Field(None, description="Only reviews a person labelled, or not.")
    disagrees: bool | None = Field(
        None, description="Only reviews whose person's label the model's verdict contradicts."
    )
    unsure: bool | None = Field(None, description="Only predictions under 2/3 (or not).")
    since: datetime | None = Field(None, description="Created at or after this time.")
    until: datetime | None = Field(None, description="Created before this time.")

    @field_validator("since", "until")
    @classmethod
    def _with_time_zone(cls, moment):
        if moment is None:
            return moment
        if moment.tzinfo is None:
            raise ValueError("give a time zone, e.g. 2026-12-01T00:00:00Z")
        if not 1900 <= moment.year <= 9000:  # room to step a window past either end
            raise ValueError("give a year between 1900 and 9000")
        return moment


class ReviewListQuery(ReviewSearchQuery):
    """A page of the history, newest first."""

    limit: int = Field(20, ge=1, description=f"At most MAX_PAGE_SIZE ({_PAGE_SIZE}).")
    page: int = Field(1, ge=1, le=100, description="Page number, up to 100; deeper, use `cursor`.")
    cursor: StrictStr | None = Field(
        None, max_length=200, description="`next_cursor` of the previous page (any depth)."
    )

    @field_validator("limit")
    @classmethod
    def _check_limit(cls, limit):
        return _at_most(limit, "max_page_size")


class ReviewExportQuery(ReviewSearchQuery):
    """Every review a search matches, newest first, as a file."""

    format: Literal["csv", "jsonl"] = Field(
        "csv", description="CSV (a header row) or JSON Lines (one review per line)."
    )


class ReviewGetQuery(BaseModel):
    """Options for reading one review."""

    explain: bool = Field(False, description="Add the phrases that pushed the decision most.")
    top: int = Field(10, ge=1, le=50, description="How many phrases to explain with.")
    summary: bool = Field(
        False, description="Add the sentences that carry the verdict (none for 1-2 sentences)."
    )


# Responses.


class Feedback(BaseModel):
    label: Sentiment
    at: datetime


class PhraseOut(BaseModel):
    feature: str = Field(description="The n-gram as the model sees it (`_NEG`: negated).")
    contribution: float = Field(description="Signed push on the log-odds of positive.")
    spans: list[list[int]] = Field(
        description="[start, end) offsets in the text, counted in Unicode code points "
        "(as Python counts; in JavaScript, index `Array.from(text)`, not the string)."
    )


class _Verdict(BaseModel):
    sentiment: Sentiment
    probability: float = Field(description="The model's probability of `sentiment`, 0.5 to 1.")

    @computed_field(
        description="Whether `probability` is under 2/3 (a probability of positive between 1/3 "
        "and 2/3): the text reads as mixed, or the model cannot tell. The page then shows "
        '"mixed / not sure" instead of the sentiment.'
    )
    @property
    def unsure(self) -> bool:
        return self.probability < SURE_FROM


class ExplanationOut(_Verdict):
    phrases: list[PhraseOut]
    bias: float
    logit: float = Field(description="Log-odds of positive: the bias plus every contribution.")
    model_version: str


class SummarySentence(BaseModel):
    text: str
    start: int = Field(description="Offset in the review's text, in Unicode code points.")
    end: int


class ReviewOut(_Verdict):
    id: str = Field(alias="_id")
    text: str
    model_version: str
    created_at: datetime
    classified_at: datetime | None = None
    feedback: Feedback | None = None
    explanation: ExplanationOut | None = None
    summary: list[SummarySentence] | None = Field(
        None, description="With `summary=true`: the sentences that carry the verdict, in order."
    )


class LabelEventOut(BaseModel):
    event: int = Field(description="The label's position in the label log.")
    label: Sentiment
    at: datetime
    correction: bool = Field(description="Whether it replaced an earlier label of this review.")


class LabelHistoryOut(BaseModel):
    id: str = Field(alias="_id")
    labels: list[LabelEventOut] = Field(description="Every label this review got, oldest first.")


class DeletedOut(BaseModel):
    id: str = Field(alias="_id")
    deleted: bool


class ReviewPage(BaseModel):
    items: list[ReviewOut]
    total: int = Field(description="How many reviews match (at least that many if not exact).")
    total_is_exact: bool = Field(
        True,
        description="False when there may be more matches than were counted: past "
        f"{COUNT_UP_TO}, or a search by words or time whose matches are sparse (counting stops "
        f"after {COUNT_READS} reads).",
    )
    page: int | None
    limit: int
    next_cursor: str | None
    searched_back_to: datetime | None = Field(
        None,
        description="Set when the page is short because the search stopped reading (its "
        "matches are sparse): reviews created from this time on were searched; `next_cursor` "
        "goes on from there.",
    )


class PredictionOut(_Verdict):
    model_version: str


class ClassifiedOut(PredictionOut):
    id: str = Field(alias="_id")


class PredictOut(BaseModel):
    predictions: list[PredictionOut]
    model_version: str


class TrainOut(BaseModel):
    id: str = Field(alias="_id")
    label: Sentiment
    before: PredictionOut
    after: PredictionOut
    model_version: str


class EmptyIn(_Strict):
    """Nothing to send but ``{}``."""


class SessionOut(BaseModel):
    token: str = Field(description="Send it back in the X-Page-Session header.")
    expires_in: int = Field(description="Seconds the session lasts.")


class FieldError(BaseModel):
    field: str = Field(description="Dotted path of the invalid field or query parameter.")
    message: str


class GuardOut(BaseModel):
    baseline: float = Field(description="Guard-set accuracy when an operator last confirmed.")
    margin: float
    floor: float = Field(
        description="A label that would take the accuracy below this (and "
        "lower than now) is refused."
    )
    accuracy: float = Field(description="Guard-set accuracy of the model now serving.")
    size: int


class GuardRefusal(GuardOut):
    accuracy_after: float = Field(description="Guard-set accuracy the label would have left.")


class ErrorBody(BaseModel):
    code: str
    message: str
    details: list[FieldError] | GuardRefusal | None = Field(
        None,
        description="400 `invalid_parameter` and 422 `validation_error`: one entry per invalid "
        "field; 409 `label_refused_by_guard`: the guard's state and the accuracy the label "
        "would have left.",
    )


class ErrorOut(BaseModel):
    error: ErrorBody
