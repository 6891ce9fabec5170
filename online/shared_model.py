"""One model for every worker of every replica: the label log in MongoDB is the model.

Each process holds a ``MovieClassifier`` and a position in the label log (``db.events``). Before
it classifies, it makes sure its model includes every event acknowledged before the request
(``sync``): a process holding a lease on the log (``online.lease``) knows so without looking;
any other looks at the log and applies what is new (``online.replay``). A process that logs an
event answers only once it is in the model of every process that could serve a later request
(``publish``). A label is logged only if the guard lets it (``online.guard``); checkpoints
(``online.checkpoints``) every ``checkpoint_every`` positions spare a new process the full
replay.
"""

import time

from online.checkpoints import Checkpointer
from online.follower import LogFollower
from online.guard import Guard, LabelRefused
from online.lease import LogLease
from online.replay import LogReplay


class SharedModel:
    """The classifier kept in step with the label log; safe to use from many threads."""

    def __init__(
        self,
        classifier,
        events,
        checkpoint_store,
        replicas,
        *,
        checkpoint_every=1000,
        guard_margin=0.02,
        lease_s=0,
    ):
        self.classifier = classifier
        self.events = events
        self.guard = Guard(classifier, guard_margin)
        self.checkpoints = Checkpointer(checkpoint_store, classifier.base_version)
        self.replay = LogReplay(classifier, events, self.checkpoints, self.guard, checkpoint_every)
        self.lease = LogLease(replicas, lease_s)
        self.follower = LogFollower(self.replay, self.lease)

    @property
    def online_updates(self):
        return self.replay.online_updates

    def sync(self):
        """Bring the model up to every event acknowledged before this call; return the
        position now served."""
        if self.lease.holds():
            return self.classifier.position
        self.follower.start()
        return self.replay.catch_up()

    def warm_up(self, text, read_log=True):
        """Before serving: classify ``text`` once and, if ``read_log``, bring the model to the
        end of the label log (from the newest checkpoint), so that the first request pays
        neither. Takes no lease: a process that gets no request soon would hold one for
        nothing."""
        self.classifier.classify(text)
        if read_log:
            self.replay.catch_up()

    def publish(self, number):
        """Return once event ``number`` is in the model here and in every process that could
        serve a later request (see ``online.lease``)."""
        self.events.wait_for_gaps_below(number, self.classifier.position)
        since = time.monotonic()
        self.replay.catch_up()
        self.lease.wait_for_replicas(number, since)

    def append_label(self, review_id, text, label, previous, predicted=None):
        """Check a label against the guard (call ``sync`` first), log it (see
        ``EventLog.append_label``) and publish it; return its position in the log. A label
        the guard refuses is counted in the log's counter."""
        try:
            self.guard.check(text, label)
        except LabelRefused:
            self.events.count_refused()
            raise
        number = self.events.append_label(review_id, text, label, previous, predicted)
        self.publish(number)
        return number

    def close(self):
        """Stop following the log (the model still answers) and finish saving checkpoints."""
        self.follower.close()
        self.checkpoints.wait()
