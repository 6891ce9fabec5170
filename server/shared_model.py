"""One model for every worker of every replica: the label log in MongoDB is the model.

Each process holds a ``MovieClassifier`` and a position in the label log (``db.events``). Before
it classifies, it applies any events past its position, in order, so a label acknowledged by any
process is in the model of every later request. The model at position ``p`` is a pure function
of the shipped artifact and events ``1..p``: the same labels in the same order give the same
model, in every process, after any restart. Checkpoints (``db.checkpoints``) every
``checkpoint_every`` positions spare a new process the full replay.

Label events update the model online (PA-I, see ``classifier.model``). A void event changes
nothing. A rollback event sets the model to the one at an earlier position; later labels apply
on top of it.
"""

import logging
import threading

from classifier.artifact import model_from_bytes, model_to_bytes

log = logging.getLogger(__name__)


class SharedModel:
    """The classifier kept in step with the label log; safe to use from many threads."""

    def __init__(self, classifier, events, checkpoints, checkpoint_every=1000):
        self.classifier = classifier
        self.events = events
        self.checkpoints = checkpoints
        self.checkpoint_every = checkpoint_every
        self.online_updates = 0  # label events in the serving model's lineage
        self._lock = threading.Lock()
        self._started = False
        self._saving = []  # checkpoint threads not yet joined

    @property
    def base_version(self):
        return self.classifier.base_version

    def _start(self):
        record = self.checkpoints.newest(self.base_version)
        if record is not None:
            model, updates = self._load_checkpoint(record)
            self.classifier.restore(model, record["_id"])
            self.online_updates = updates
            log.info("started from checkpoint at position %s", record["_id"])
        self._started = True

    def _load_checkpoint(self, record):
        model = model_from_bytes(self.checkpoints.read(record), record["sha256"])
        return model, record.get("online_updates", 0)

    def sync(self):
        """Apply every event past our position; return the position now served."""
        if self._started and not self.events.after(self.classifier.position, limit=1):
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
            if event["kind"] == "rollback" or event["_id"] % self.checkpoint_every == 0:
                self._learn(run, event["_id"] - (event["kind"] == "rollback"))
                run = []
            if event["kind"] == "rollback":
                model, updates = self.model_at(event["to"])
                self.classifier.restore(model, event["_id"])
                self.online_updates = updates
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
        updates = self.online_updates
        if not self.checkpoints.claim(position, self.base_version):
            return
        thread = threading.Thread(
            target=self._save_checkpoint, args=(model, position, updates), daemon=True
        )
        thread.start()
        self._saving = [t for t in self._saving if t.is_alive()] + [thread]

    def wait_for_checkpoints(self, timeout=60):
        """Wait until the checkpoints being saved in the background are saved."""
        for thread in list(self._saving):
            thread.join(timeout)

    def _save_checkpoint(self, model, position, updates):
        try:
            blob, sha256 = model_to_bytes(model)
            self.checkpoints.save(position, blob, sha256, updates)
            log.info("saved checkpoint at position %s", position)
        except Exception:  # a later boundary saves another; serving must go on
            log.exception("could not save the checkpoint at position %s", position)

    def model_at(self, position):
        """``(model, online_updates)`` at an earlier ``position``, rebuilt from the log."""
        record = self.checkpoints.newest(self.base_version, at_most=position)
        if record is None:
            model, updates, start = self.classifier.initial_model, 0, 0
        else:
            (model, updates), start = self._load_checkpoint(record), record["_id"]
        run = []
        for event in self.events.between(start, position):
            if event["kind"] == "label":
                run.append((event["text"], event["label"]))
            elif event["kind"] == "rollback":
                model, updates, run = *self.model_at(event["to"]), []
        return self.classifier.learned(model, run), updates + len(run)

    def append_label(self, review_id, text, label, previous):
        """Log a label (see ``EventLog.append_label``) and apply the log up to it."""
        number = self.events.append_label(
            review_id, text, label, previous, filled=self.classifier.position
        )
        self.sync()
        return number

    def rollback(self, position, by):
        """Serve, from now on, the model that was at ``position``; return the new version."""
        self.sync()
        if not 0 <= position < self.classifier.position:
            raise ValueError(f"position must be below the current {self.classifier.position}")
        self.events.append_rollback(position, by, filled=self.classifier.position)
        self.sync()
        return self.classifier.version
