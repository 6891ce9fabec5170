"""Shapes of the "needs a label" queue and of imports (``server.schemas`` has the rest)."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field, StrictStr, field_validator

from server.schemas import _at_most, _Strict, _Verdict

# Requests.


class QueueNextIn(_Strict):
    """Who asks for the next review to label, and what to leave out."""

    claimer: StrictStr = Field(
        min_length=8,
        max_length=64,
        pattern=r"^[A-Za-z0-9_-]+$",
        description="An id the client picks for this visit (the page: a random one per tab). "
        "The review offered is claimed for it alone for a short time.",
    )
    skip: list[StrictStr] = Field(
        default_factory=list,
        max_length=200,
        description="Ids of reviews the person skipped in this visit: not offered again.",
    )

    @field_validator("skip")
    @classmethod
    def _review_ids(cls, ids):
        for review_id in ids:
            if len(review_id) != 24 or any(c not in "0123456789abcdef" for c in review_id):
                raise ValueError(f"{review_id!r} is not a review id (24 hexadecimal digits)")
        return ids


class ImportIn(_Strict):
    """A file of reviews about to be uploaded to `PUT /api/imports/<id>/file`."""

    name: StrictStr = Field(min_length=1, max_length=200, description="The file's name.")
    format: Literal["csv", "jsonl"] = Field(
        description="CSV with a header row naming a `text` column (and optionally `label`, "
        "`id`), or JSON Lines, one object per line with `text` (and `label`, `id`)."
    )
    size: int = Field(ge=0, description="The file's size in bytes, at most MAX_IMPORT_BYTES.")

    @field_validator("size")
    @classmethod
    def _check_size(cls, size):
        return _at_most(size, "max_import_bytes")


# Responses.


class QueueReviewOut(_Verdict):
    id: str = Field(alias="_id")
    text: str
    created_at: datetime
    model_version: str = Field(description="The current model's: the review was re-scored.")


class QueueNextOut(BaseModel):
    review: QueueReviewOut | None = Field(
        description="The unlabelled review the current model is least sure of, claimed for "
        "the caller; null when every review is labelled, skipped or claimed by others."
    )
    claimed_until: datetime | None = Field(
        description="When the claim ends by itself: until then nobody else is offered it."
    )
    unsure_left: int = Field(
        description="Unlabelled reviews whose stored prediction is under 2/3 (at least this "
        "many if not exact)."
    )
    unsure_left_is_exact: bool
    model_version: str


class RefusedRow(BaseModel):
    line: int = Field(description="Where in the file (1 is the first line, a CSV's header).")
    reason: str


class ImportJobOut(BaseModel):
    id: str = Field(alias="_id")
    name: str
    format: Literal["csv", "jsonl"]
    size: int
    state: Literal["waiting", "running", "done", "failed"]
    created_at: datetime
    started_at: datetime | None = None
    finished_at: datetime | None = None
    bytes_read: int
    rows: int = Field(description="Rows read so far (refused ones included).")
    stored: int = Field(description="Reviews stored.")
    duplicates: int = Field(description="Rows whose `id` an earlier import stored: skipped.")
    labelled: int = Field(description="Stored reviews whose label was learnt.")
    labels_refused: int = Field(description="Stored reviews whose label the guard refused.")
    refused: int = Field(description="Rows not stored.")
    refusals: list[RefusedRow] = Field(description="The first 100 refusals, by line.")
    seconds_left: float | None = Field(
        None, description="While running: an estimate from the bytes read so far."
    )
    error: str | None = Field(None, description="Why a failed import stopped, and where.")
    words_indexed: int = Field(
        0,
        description="Stored reviews a search by words finds yet: their words are indexed "
        "after the file is stored, so a big file is searchable a few minutes after it is done.",
    )
