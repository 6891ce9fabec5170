"""Checkpoints of the model, saved in the background and read back with their hash checked.

Every ``checkpoint_every`` positions one process (the first to claim the position, see
``db.checkpoints``) serialises the model it holds there and saves it, off the request path. A
new process starts from the newest checkpoint of its artifact instead of replaying the whole
log; a rollback rebuilds an earlier model from the newest checkpoint at or below it.
"""

import logging
import threading

from classifier.artifact import ArtifactIntegrityError, model_from_bytes, model_to_bytes

log = logging.getLogger(__name__)


class Checkpointer:
    """Save checkpoints of one artifact's models, and find the newest sound one."""

    def __init__(self, store, base_version):
        self.store = store
        self.base_version = base_version
        self._saving = []  # threads not yet joined
        self._saving_lock = threading.Lock()

    def newest(self, at_most=None):
        """``(record, model)`` of the newest checkpoint at or below ``at_most`` whose bytes
        match their sha256, or ``(None, None)``.

        A checkpoint that fails its hash is refused, said in the log, and skipped: the label log
        still holds everything, so an older checkpoint or the artifact and a longer replay give
        the same model.
        """
        while True:
            record = self.store.newest(self.base_version, at_most=at_most)
            if record is None:
                return None, None
            try:
                return record, model_from_bytes(self.store.read(record), record["sha256"])
            except ArtifactIntegrityError as error:
                log.error("checkpoint at position %s refused and skipped: %s", record["_id"], error)
                at_most = record["_id"] - 1

    def save(self, model, position, online_updates, guard_baseline):
        """Save ``model`` at ``position`` in the background, unless another process claimed it."""
        if not self.store.claim(position, self.base_version):
            return
        thread = threading.Thread(
            target=self._save,
            args=(model, position, online_updates, guard_baseline),
            name=f"checkpoint-{position}",
        )
        with self._saving_lock:
            self._saving = [t for t in self._saving if t.is_alive()] + [thread]
        thread.start()

    def _save(self, model, position, online_updates, guard_baseline):
        try:
            blob, sha256 = model_to_bytes(model)
            self.store.save(position, blob, sha256, online_updates, guard_baseline)
            log.info("saved checkpoint at position %s", position)
        except Exception:  # a later boundary saves another; serving must go on
            log.exception("could not save the checkpoint at position %s", position)

    def wait(self, timeout=60):
        """Return once the checkpoints being saved are saved (or ``timeout`` passed for each)."""
        with self._saving_lock:
            saving = list(self._saving)
        for thread in saving:
            thread.join(timeout)
