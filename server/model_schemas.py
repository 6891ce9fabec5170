"""Shapes of the model's endpoints: what serves, its versions, the model view, operator
actions (``server.schemas`` has the rest)."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field, StrictStr

from server.schemas import GuardOut, _Strict


class RollbackIn(_Strict):
    """The version to serve from now on."""

    version: StrictStr = Field(min_length=1, max_length=200, examples=["nbsgd-79593a505f+12"])


class LabelCountsOut(BaseModel):
    accepted: int = Field(description="Labels in the log, learnt by the model.")
    refused: int = Field(description="Labels the guard refused (not learnt).")
    corrections: int = Field(description="Accepted labels that changed a review's label.")
    rollbacks: int


class AgreementWindowOut(BaseModel):
    labels: int = Field(description="Labels in this window (the last one may be short).")
    agreed: int = Field(description="Of them, where the model said the same just before.")
    share: float
    first_position: int
    last_position: int
    labels_so_far: int = Field(description="Labels in the log up to this window's last.")
    at: datetime


class AgreementOut(BaseModel):
    every: int = Field(description="Labels per window.")
    windows: list[AgreementWindowOut]


class GuardPointOut(BaseModel):
    kind: Literal["artifact", "confirm", "now"]
    position: int
    at: datetime | str
    accuracy: float


class GuardHistoryOut(GuardOut):
    points: list[GuardPointOut] = Field(
        description="Guard-set accuracy of the artifact, at each confirmation, and now."
    )


class DayOut(BaseModel):
    day: str = Field(description="A UTC day, YYYY-MM-DD.")
    reviews: int
    positive: int
    share: float | None = Field(description="Share predicted positive when stored.")


class DailyOut(BaseModel):
    training_positive_share: float | None = Field(
        description="Share of positives in the training data (its guard sample)."
    )
    days: list[DayOut] = Field(description="The last 30 days with reviews stored, oldest first.")


class DistributionOut(BaseModel):
    reviews: int
    shares: list[float] = Field(description="Share of the reviews in each bin of `edges`.")


class RecentDistributionOut(DistributionOut):
    days: list[str]


class DriftOut(BaseModel):
    edges: list[float] = Field(description="Bin edges of the probability of positive.")
    recent: RecentDistributionOut = Field(description="Reviews stored in the last 7 days with any.")
    reference: DistributionOut | None = Field(
        description="The guard set, scored by the model now serving."
    )
    psi: float | None = Field(description="Population stability index of recent vs reference.")
    threshold: float
    drifted: bool | None = Field(description="Whether the index is over the threshold.")


class ModelDashboardOut(BaseModel):
    version: str
    base_version: str
    position: int
    online_updates: int
    built: dict
    labels: LabelCountsOut
    agreement: AgreementOut
    guard: GuardHistoryOut | None
    daily: DailyOut
    drift: DriftOut


class RollbackPreviewOut(BaseModel):
    version: str
    position: int
    guard_accuracy: float | None = Field(description="Guard-set accuracy of that version.")
    current_guard_accuracy: float | None
    labels_undone: int = Field(description="Labels the serving model has learnt since it.")


class ModelOut(BaseModel):
    version: str
    base_version: str
    position: int = Field(description="Label-log position the model reflects.")
    online_updates: int = Field(description="Labels applied on top of the artifact.")
    built: dict
    validation: dict
    latest_checkpoint: dict | None
    log: dict
    guard: GuardOut | None = Field(description="The guard on online labels; null when off.")


class VersionOut(BaseModel):
    version: str
    position: int
    kind: Literal["artifact", "checkpoint"]
    created_at: datetime | str


class VersionsOut(BaseModel):
    serving: str
    position: int
    versions: list[VersionOut]
