"""The guard: a label is logged only if the model it makes keeps its accuracy on the guard set.

The guard set is the artifact's own held-out reviews (``classifier.guard``). The baseline is the
guard accuracy measured at the artifact and again at every operator action (a confirm or a
rollback event, see ``online.operator``); being events in the log, they set the same baseline in
every process. A label is refused if the model it would make reads more than ``margin`` below
the baseline and lower than the model does now. Labels checked at the same moment by different
threads or processes are each checked against the model without the others, so the floor can be
overshot by at most the labels in flight at once; the next label sees the result.
"""


class LabelRefused(Exception):
    """Learning this label would take the guard accuracy below the floor; it was not logged."""

    def __init__(self, accuracy_after, guard):
        super().__init__(accuracy_after)
        self.accuracy_after = accuracy_after
        self.guard = guard


class Guard:
    """The baseline the serving model is held to, and the check of a label against it."""

    def __init__(self, classifier, margin):
        self.classifier = classifier
        self.margin = margin  # None: no guard
        self._measured = (None, None)  # (version, its guard accuracy): one model, one measure
        self.baseline = self.accuracy()

    def accuracy(self):
        """The guard accuracy of the serving model (measured once per version)."""
        version, accuracy = self._measured
        if version != self.classifier.version:
            model, position = self.classifier.current()
            accuracy = self.classifier.guard_accuracy(model)
            self._measured = (self.classifier.version_at(position), accuracy)
        return accuracy

    def rebase(self):
        """Take the serving model's guard accuracy as the baseline (an operator action)."""
        self.baseline = self.accuracy()

    def state(self):
        """Baseline, margin, floor, the serving model's accuracy and the set's size; ``None``
        without a guard."""
        if self.baseline is None or self.margin is None:
            return None
        return {
            "baseline": self.baseline,
            "margin": self.margin,
            "floor": self.baseline - self.margin,
            "accuracy": self.accuracy(),
            "size": len(self.classifier.guard),
        }

    def check(self, text, label):
        """Raise ``LabelRefused`` if learning ``label`` for ``text`` would take the guard
        accuracy below the floor and lower than it is now."""
        state = self.state()
        if state is None:
            return
        model = self.classifier.current()[0]
        after = self.classifier.guard_accuracy(self.classifier.learned(model, [(text, label)]))
        if after < state["floor"] and after < state["accuracy"]:
            raise LabelRefused(after, state)
