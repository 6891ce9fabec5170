"""The label log applied to the model: the model at position ``p`` is a pure function of the
shipped artifact and events ``1..p``.

The same labels in the same order give the same model, in every process, after any restart.
Label events update the model online (PA-I, see ``classifier.model``). A void event changes
nothing. A rollback event sets the model to the one at an earlier position; later labels apply
on top of it. A confirm event leaves the model as it is. Both operator events re-measure the
guard's baseline (``online.guard``).
"""

import logging
import threading

from online.fresh_read import FreshRead

log = logging.getLogger(__name__)


class LogReplay:
    """Keep a classifier at the end of the label log; safe to use from many threads."""

    def __init__(self, classifier, events, checkpointer, guard, checkpoint_every=1000):
        self.classifier = classifier
        self.events = events
        self.checkpointer = checkpointer
        self.guard = guard
        self.checkpoint_every = checkpoint_every
        self.online_updates = 0  # label events in the serving model's lineage
        self._lock = threading.Lock()
        self._started = False
        # threads asking at once share one look at the log (never one begun before they asked)
        self._log_has_news = FreshRead(lambda: self.events.has_after(self.classifier.position))

    @property
    def position(self):
        return self.classifier.position

    def catch_up(self):
        """Apply every event acknowledged before this call; return the position now served.

        One look at the log (shared with the threads asking at once) when nothing is new."""
        if self._started and not self._log_has_news():
            return self.classifier.position
        with self._lock:
            if not self._started:
                self._start()
            events = self.events.after(self.classifier.position)
            if events:
                self._apply(events)
            return self.classifier.position

    def _start(self):
        record, model = self.checkpointer.newest()
        if record is not None:
            self.classifier.restore(model, record["_id"])
            self.online_updates = record.get("online_updates", 0)
            if record.get("guard_baseline") is not None:
                self.guard.baseline = record["guard_baseline"]
            log.info("started from checkpoint at position %s", record["_id"])
        self._started = True

    def _apply(self, events):
        """Apply ``events`` (consecutive, starting right after our position) under the lock."""
        run = []
        for event in events:
            if event["kind"] == "label":
                run.append(event)
            operator = event["kind"] in ("rollback", "confirm")
            boundary = event["_id"] % self.checkpoint_every == 0
            if operator or boundary:
                self._learn(run, event["_id"] - operator)
                run = []
            if event["kind"] == "rollback":
                model, updates = self.model_at(event["to"])
                self.classifier.restore(model, event["_id"])
                self.online_updates = updates
            elif event["kind"] == "confirm":  # the model stays; only the position moves
                self.classifier.restore(self.classifier.current()[0], event["_id"])
            if operator:
                self.guard.rebase()
            if boundary:
                model, position = self.classifier.current()
                self.checkpointer.save(model, position, self.online_updates, self.guard.baseline)
        self._learn(run, events[-1]["_id"])

    def _learn(self, run, position):
        if position <= self.classifier.position:
            return
        self.classifier.learn([(e["text"], e["label"]) for e in run], position)
        self.online_updates += len(run)

    def model_at(self, position):
        """``(model, online_updates)`` at an earlier ``position``, rebuilt from the log."""
        record, model = self.checkpointer.newest(at_most=position)
        if record is None:
            model, updates, start = self.classifier.initial_model, 0, 0
        else:
            updates, start = record.get("online_updates", 0), record["_id"]
        run = []
        for event in self.events.between(start, position):
            if event["kind"] == "label":
                run.append((event["text"], event["label"]))
            elif event["kind"] == "rollback":
                model, updates, run = *self.model_at(event["to"]), []
        return self.classifier.learned(model, run), updates + len(run)
