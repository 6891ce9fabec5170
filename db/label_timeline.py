"""What the label log says about the model over time: labels learnt and corrected, operator
actions, and how often the model agreed with each label just before it learnt it.

That agreement is a test-then-train measure: every label is first a test of the model on a
review nobody had labelled for it, then a lesson. Rolling it per ``AGREEMENT_EVERY`` labels shows
whether the model gets better at what people say. The log is read once from its start
(``EventLog.from_start``), then only what follows (``EventLog.after``), so a process pays for
the whole log once.
"""

import threading

AGREEMENT_EVERY = 50
# The fields read: a review's text is most of an event, and none of this needs it.
FIELDS = {"text": 0, "dedupe": 0}


class LabelTimeline:
    """The log's story so far, kept up to date by ``update`` (safe across threads)."""

    def __init__(self, events, every=AGREEMENT_EVERY):
        self._events = events
        self._every = every
        self._lock = threading.Lock()
        self._position = 0
        self._labels = 0
        self._corrections = 0
        self._rollbacks = 0
        self._confirms = []
        self._agreement = []

    def update(self):
        """Read what the log gained since the last call; return ``summary()``."""
        with self._lock:
            if self._position == 0:  # the whole log so far, in one pass
                new = self._events.from_start(fields=FIELDS)
            else:
                new = self._events.after(self._position, fields=FIELDS)
            for event in new:
                self._add(event)
                self._position = event["_id"]
            return self.summary()

    def _add(self, event):
        kind = event["kind"]
        if kind == "rollback":
            self._rollbacks += 1
        elif kind == "confirm":
            accuracy = event.get("guard_accuracy")
            if accuracy is not None:
                confirmed = {"position": event["_id"], "at": event["at"], "accuracy": accuracy}
                self._confirms.append(confirmed)
        elif kind == "label":
            self._labels += 1
            self._corrections += bool(event.get("correction"))
            if "predicted" in event:  # logged before the model's prediction was kept: left out
                self._agree(event)

    def _agree(self, event):
        if not self._agreement or self._agreement[-1]["labels"] == self._every:
            self._agreement.append({"labels": 0, "agreed": 0, "first_position": event["_id"]})
        window = self._agreement[-1]
        window["labels"] += 1
        window["agreed"] += event["predicted"] == event["label"]
        window["last_position"], window["at"] = event["_id"], event["at"]
        window["labels_so_far"] = self._labels

    def summary(self):
        """``{"position", "labels", "corrections", "rollbacks", "confirms", "agreement"}``:
        ``confirms`` with the guard accuracy each confirmed, ``agreement`` per window of
        ``AGREEMENT_EVERY`` labels (the last one may be shorter)."""
        return {
            "position": self._position,
            "labels": self._labels,
            "corrections": self._corrections,
            "rollbacks": self._rollbacks,
            "confirms": [dict(c) for c in self._confirms],
            "agreement": [
                {**window, "share": window["agreed"] / window["labels"]}
                for window in self._agreement
            ],
        }
