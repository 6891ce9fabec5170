"""One model for every worker of every replica: the label log in MongoDB is the model.

Each process holds a ``MovieClassifier`` and a position in the label log (``db.events``). Before
it classifies, it applies any events past its position, in order, so a label acknowledged by any
process is in the model of every later request. The model at position ``p`` is a pure function
of the shipped artifact and events ``1..p``: the same labels in the same order give the same
model, in every process, after any restart. Checkpoints (``db.checkpoints``) every
``checkpoint_every`` positions spare a new process the full replay.

A busy process holds a lease on the log instead of looking at it before every request, and a
process that logs an event waits until every leaseholder has it (``server.log_lease``).

Label events update the model online (PA-I, see ``classifier.model``). A void event changes
nothing. A rollback event sets the model to the one at an earlier position; later labels apply
on top of it.

The guard: a label is logged only if the model it would make keeps its accuracy on the
artifact's guard set (``classifier.guard``) within ``guard_margin`` of the baseline, or does not
lower it. The baseline is the guard accuracy of the artifact, re-measured at every operator
action: a confirm event (the operator accepts the model as it is) or a rollback. Being events
in the log, they set the same baseline in every process. Labels checked at the same moment by
different threads or processes are each checked against the model without the others, so the
floor can be overshot by at most the labels in flight at once; the next label sees the result.
"""

import logging
import threading
import time

from classifier.artifact import ArtifactIntegrityError, model_from_bytes, model_to_bytes
from server.fresh_read import FreshRead
from server.log_lease import LogLease

log = logging.getLogger(__name__)


class LabelRefused(Exception):
    """Learning this label would take the guard accuracy below the floor; it was not logged."""

    def __init__(self, accuracy_after, guard):
        super().__init__(accuracy_after)
        self.accuracy_after = accuracy_after
        self.guard = guard


class SharedModel:
    """The classifier kept in step with the label log; safe to use from many threads."""

    def __init__(
        self,
        classifier,
        events,
        checkpoints,
        replicas,
        *,
        checkpoint_every=1000,
        guard_margin=0.02,
        lease_s=0,
    ):
        self.classifier = classifier
        self.events = events
        self.checkpoints = checkpoints
        self.checkpoint_every = checkpoint_every
        self.guard_margin = guard_margin  # None: no guard
        self.guard_baseline = classifier.guard_accuracy()
        self.online_updates = 0  # label events in the serving model's lineage
        self._lock = threading.Lock()
        self._started = False
        self._saving = []  # checkpoint threads not yet joined
        # threads asking at once share one look at the log (never one begun before they asked)
        self._log_has_news = FreshRead(lambda: self.events.has_after(self.classifier.position))
        self.lease = LogLease(replicas, self._catch_up, lambda: self.classifier.position, lease_s)

    @property
    def base_version(self):
        return self.classifier.base_version

    def _start(self):
        record, model, updates = self._newest_good_checkpoint()
        if record is not None:
            self.classifier.restore(model, record["_id"])
            self.online_updates = updates
            if record.get("guard_baseline") is not None:
                self.guard_baseline = record["guard_baseline"]
            log.info("started from checkpoint at position %s", record["_id"])
        self._started = True

    def _newest_good_checkpoint(self, at_most=None):
        """``(record, model, online_updates)`` of the newest checkpoint at or below ``at_most``
        whose bytes match their sha256, or ``(None, None, 0)``.

        A checkpoint that fails its hash is refused, said in the log, and skipped: the label log
        still holds everything, so an older checkpoint or the artifact and a longer replay give
        the same model.
        """
        while True:
            record = self.checkpoints.newest(self.base_version, at_most=at_most)
            if record is None:
                return None, None, 0
            try:
                model = model_from_bytes(self.checkpoints.read(record), record["sha256"])
                return record, model, record.get("online_updates", 0)
            except ArtifactIntegrityError as error:
                log.error("checkpoint at position %s refused and skipped: %s", record["_id"], error)
                at_most = record["_id"] - 1

    def sync(self):
        """Bring the model up to every event acknowledged before this call; return the
        position now served."""
        if self.lease.holds():
            return self.classifier.position
        self.lease.follow()
        if self._started and not self._log_has_news():
            return self.classifier.position
        return self._catch_up(look_first=False)

    def _catch_up(self, look_first=True):
        """Apply every event past our position; return the position now served."""
        if look_first and self._started and not self.events.has_after(self.classifier.position):
            return self.classifier.position
        with self._lock:
            if not self._started:
                self._start()
            events = self.events.after(self.classifier.position)
            if events:
                self._apply(events)
            return self.classifier.position

    def _apply(self, events):
        """Apply ``events`` (consecutive, starting right after our position) under the lock."""
        run = []
        for event in events:
            if event["kind"] == "label":
                run.append(event)
            operator = event["kind"] in ("rollback", "confirm")
            if operator or event["_id"] % self.checkpoint_every == 0:
                self._learn(run, event["_id"] - operator)
                run = []
            if event["kind"] == "rollback":
                model, updates = self.model_at(event["to"])
                self.classifier.restore(model, event["_id"])
                self.online_updates = updates
            elif event["kind"] == "confirm":  # the model stays; only the position moves
                self.classifier.restore(self.classifier.current()[0], event["_id"])
            if operator:
                self.guard_baseline = self.classifier.guard_accuracy()
            if event["_id"] % self.checkpoint_every == 0:
                self._checkpoint()
        self._learn(run, events[-1]["_id"])

    def _learn(self, run, position):
        if position <= self.classifier.position:
            return
        self.classifier.learn([(e["text"], e["label"]) for e in run], position)
        self.online_updates += len(run)

    def _checkpoint(self):
        model, position = self.classifier.current()
        state = (self.online_updates, self.guard_baseline)
        if not self.checkpoints.claim(position, self.base_version):
            return
        thread = threading.Thread(
            target=self._save_checkpoint, args=(model, position, *state), daemon=True
        )
        thread.start()
        self._saving = [t for t in self._saving if t.is_alive()] + [thread]

    def wait_for_checkpoints(self, timeout=60):
        """Wait until the checkpoints being saved in the background are saved."""
        for thread in list(self._saving):
            thread.join(timeout)

    def _save_checkpoint(self, model, position, updates, guard_baseline):
        try:
            blob, sha256 = model_to_bytes(model)
            self.checkpoints.save(position, blob, sha256, updates, guard_baseline)
            log.info("saved checkpoint at position %s", position)
        except Exception:  # a later boundary saves another; serving must go on
            log.exception("could not save the checkpoint at position %s", position)

    def model_at(self, position):
        """``(model, online_updates)`` at an earlier ``position``, rebuilt from the log."""
        record, model, updates = self._newest_good_checkpoint(at_most=position)
        if record is None:
            model, updates, start = self.classifier.initial_model, 0, 0
        else:
            start = record["_id"]
        run = []
        for event in self.events.between(start, position):
            if event["kind"] == "label":
                run.append((event["text"], event["label"]))
            elif event["kind"] == "rollback":
                model, updates, run = *self.model_at(event["to"]), []
        return self.classifier.learned(model, run), updates + len(run)

    @property
    def guard(self):
        """The guard's state: baseline, margin, floor and the serving model's accuracy."""
        if self.guard_baseline is None or self.guard_margin is None:
            return None
        return {
            "baseline": self.guard_baseline,
            "margin": self.guard_margin,
            "floor": self.guard_baseline - self.guard_margin,
            "accuracy": self.classifier.guard_accuracy(),
            "size": len(self.classifier.guard),
        }

    def check_label(self, text, label):
        """Raise ``LabelRefused`` if learning ``label`` for ``text`` would take the guard
        accuracy below the floor and lower than it is now."""
        guard = self.guard
        if guard is None:
            return
        after = self.classifier.guard_accuracy(
            self.classifier.learned(self.classifier.current()[0], [(text, label)])
        )
        if after < guard["floor"] and after < guard["accuracy"]:
            raise LabelRefused(after, guard)

    def publish(self, number):
        """Return once event ``number`` is in the model here and in every process that could
        serve a later request (see ``server.log_lease``)."""
        self.events.wait_for_gaps_below(number, self.classifier.position)
        since = time.monotonic()
        self._catch_up()
        self.lease.wait_for_replicas(number, since)

    def close(self):
        """Give up the lease and stop following the log (the model still answers)."""
        self.lease.close()

    def append_label(self, review_id, text, label, previous):
        """Check a label against the guard (call ``sync`` first), log it (see
        ``EventLog.append_label``) and publish it."""
        self.check_label(text, label)
        number = self.events.append_label(
            review_id, text, label, previous, filled=self.classifier.position
        )
        self.publish(number)
        return number

    def rollback(self, position, by):
        """Serve, from now on, the model that was at ``position``; return the new version."""
        self.sync()
        if not 0 <= position < self.classifier.position:
            raise ValueError(f"position must be below the current {self.classifier.position}")
        self.publish(self.events.append_rollback(position, by, filled=self.classifier.position))
        return self.classifier.version

    def confirm(self, by):
        """Accept the model as it is now: its guard accuracy becomes the new baseline."""
        self.sync()
        self.publish(self.events.append_confirm(by, filled=self.classifier.position))
        return self.guard
