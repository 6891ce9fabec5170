"""The numbers of the model view: how the model learns, holds up and meets today's reviews.

Each comes from something kept as it happens: the label log read once and then only what is new
(``db.label_timeline``), the reviews counted by day as they are stored (``db.review_counts``),
the guard set scored once per model version. None reads the reviews.
"""

import math
import threading
from datetime import UTC, datetime

import numpy as np

from db.label_timeline import AGREEMENT_EVERY
from db.review_counts import BINS

RECENT_DAYS = 7  # the recent predictions a drift is measured on: the last days with reviews
DAYS_SHOWN = 30
# The population stability index flags a shift above this, by the usual rule of thumb: under 0.1
# insignificant, 0.1-0.25 some change, over 0.25 significant (as the R package scorecard's
# perf_psi documents it: https://search.r-project.org/CRAN/refmans/scorecard/html/perf_psi.html).
PSI_THRESHOLD = 0.25
_SMALLEST_SHARE = 1e-4  # an empty bin, for the logarithm


def psi(expected, actual):
    """The population stability index of ``actual`` against ``expected`` (shares per bin)."""
    total = 0.0
    for e, a in zip(expected, actual, strict=True):
        e, a = max(e, _SMALLEST_SHARE), max(a, _SMALLEST_SHARE)
        total += (a - e) * math.log(a / e)
    return total


def _shares(counts):
    n = sum(counts)
    return [c / n for c in counts] if n else [0.0] * len(counts)


class ModelView:
    """``describe()``: the model view's numbers for this process's shared model."""

    def __init__(self, shared_model, timeline, review_counts):
        self._shared = shared_model
        self._timeline = timeline
        self._counts = review_counts
        self._lock = threading.Lock()
        self._artifact_accuracy = None
        self._reference = (None, None)  # (version, bin counts of the guard set's probabilities)

    def describe(self):
        shared = self._shared
        shared.sync()
        classifier = shared.classifier
        model, position = classifier.current()
        version = classifier.version_at(position)
        timeline = self._timeline.update()
        days = self._counts.by_day(DAYS_SHOWN)
        return {
            "version": version,
            "base_version": classifier.base_version,
            "position": position,
            "online_updates": shared.online_updates,
            "built": {
                "created_at": classifier.manifest["created_at"],
                "training_data": classifier.manifest["training_data"],
            },
            "labels": {
                "accepted": timeline["labels"],
                "refused": shared.events.refused(),
                "corrections": timeline["corrections"],
                "rollbacks": timeline["rollbacks"],
            },
            "agreement": {"every": AGREEMENT_EVERY, "windows": timeline["agreement"]},
            "guard": self._guard(timeline, position),
            "daily": {
                "training_positive_share": self._training_positive_share(),
                "days": [
                    {
                        "day": d["day"],
                        "reviews": d["reviews"],
                        "positive": d["positive"],
                        "share": d["positive"] / d["reviews"] if d["reviews"] else None,
                    }
                    for d in days
                ],
            },  # fmt: skip
            "drift": self._drift(days[-RECENT_DAYS:], model, version),
        }

    def _guard(self, timeline, position):
        guard = self._shared.guard
        state = guard.state()
        if state is None:
            return None
        classifier = self._shared.classifier
        with self._lock:
            if self._artifact_accuracy is None:
                self._artifact_accuracy = classifier.guard_accuracy(classifier.initial_model)
        points = [
            {"kind": "artifact", "position": 0, "at": classifier.manifest["created_at"],
             "accuracy": self._artifact_accuracy},
            *({"kind": "confirm", **c} for c in timeline["confirms"]),
            {"kind": "now", "position": position, "at": datetime.now(UTC),
             "accuracy": state["accuracy"]},
        ]  # fmt: skip
        return {**state, "points": points}

    def _training_positive_share(self):
        guard = self._shared.classifier.guard
        return float(np.mean(guard.labels)) if guard is not None and len(guard) else None

    def _reference_counts(self, model, version):
        """The serving model's probabilities of positive on the guard set, in bins (once per
        version)."""
        guard = self._shared.classifier.guard
        if guard is None or not len(guard):
            return None
        with self._lock:
            cached_version, counts = self._reference
            if cached_version != version:
                probabilities = model.predict_proba(guard.counts)[:, 1]
                bins = np.minimum((probabilities * BINS).astype(int), BINS - 1)
                counts = np.bincount(bins, minlength=BINS).tolist()
                self._reference = (version, counts)
            return counts

    def _drift(self, recent_days, model, version):
        edges = [k / BINS for k in range(BINS + 1)]
        recent = [sum(d["bins"][k] for d in recent_days) for k in range(BINS)]
        reference = self._reference_counts(model, version)
        drift = {
            "edges": edges,
            "threshold": PSI_THRESHOLD,
            "recent": {
                "days": [d["day"] for d in recent_days],
                "reviews": sum(recent),
                "shares": _shares(recent),
            },
            "reference": None,
            "psi": None,
            "drifted": None,
        }
        if reference is not None:
            drift["reference"] = {"reviews": sum(reference), "shares": _shares(reference)}
            if sum(recent):
                drift["psi"] = psi(drift["reference"]["shares"], drift["recent"]["shares"])
                drift["drifted"] = drift["psi"] > PSI_THRESHOLD
        return drift
