"""``MovieClassifier``: the persisted model behind a small, thread-safe classify/train interface."""

import copy
import functools
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.special import expit

from classifier.artifact import DEFAULT_MODEL_DIR, load_artifact
from classifier.data import parse_label
from classifier.explain import explain, top_phrases
from classifier.guard import load_guard
from classifier.summary import summary_spans

LABEL_NAMES = ("negative", "positive")
# Below this probability of its label, a prediction is read as mixed or unsure: a probability of
# positive between 1/3 and 2/3.
SURE_FROM = 2 / 3


@dataclass(frozen=True)
class Prediction:
    """A predicted label, the model's probability for that label, and the model that said so."""

    label: str
    probability: float
    model_version: str

    @property
    def unsure(self):
        """Whether the text reads as mixed, or the model cannot tell (probability under 2/3)."""
        return self.probability < SURE_FROM


class MovieClassifier:
    """Classify movie reviews and learn from corrected labels, online.

    ``MovieClassifier()`` loads the shipped default model; ``MovieClassifier(path)`` loads the
    artifact directory at ``path``. Both refuse an artifact whose sha256 does not match its
    manifest.

    The model has a ``position``: how many labels (or, in a shared log, which log position) it
    reflects. ``version`` names the artifact and the position.

    Reads never see a half-updated model: updates apply to a copy that is swapped in whole, so
    concurrent ``classify`` calls use either the old model or the new one, never a mix. A model
    once swapped in is never changed again, so ``current()`` may hand it out.
    """

    def __init__(self, model_dir=DEFAULT_MODEL_DIR):
        directory = Path(model_dir).resolve()
        model, self.manifest, guard = _load(directory, _files_stamp(directory))
        self.initial_model = model
        # Labelled reviews to check online updates against (None if the artifact has none).
        self.guard = guard
        # (model, position), replaced as one reference so readers always see a matching pair.
        self._state = (model, 0)
        self._write_lock = threading.Lock()

    @property
    def base_version(self):
        """Version of the loaded artifact."""
        return self.manifest["version"]

    @property
    def position(self):
        """How many labels (or which log position) the serving model reflects."""
        return self._state[1]

    @property
    def version(self):
        """Version of the model now serving."""
        return self.version_at(self._state[1])  # read for every request's log line

    def version_at(self, position):
        """The version name of this artifact's model at ``position``."""
        base = self.manifest["version"]
        return base if position == 0 else f"{base}+{position}"

    def position_of(self, version):
        """The position a version name of this artifact stands for; ``ValueError`` if none."""
        if version == self.base_version:
            return 0
        base, plus, position = version.rpartition("+")
        if base != self.base_version or not plus or not position.isdigit():
            raise ValueError(f"{version!r} is not a version of {self.base_version}")
        return int(position)

    def current(self):
        """``(model, position)`` now serving; the model is never modified afterwards."""
        return self._state

    def classify(self, text):
        """Return the ``Prediction`` for one review text."""
        return self.classify_many([text])[0]

    def classify_many(self, texts):
        """Return one ``Prediction`` per text, computed in one vectorized call."""
        if not texts:
            return []
        model, position = self._state
        version = self.version_at(position)
        # predict_proba's column of positives, without the column of negatives beside it
        positives = expit(model.decision_function(list(texts)))
        return [_prediction(p, version) for p in positives]

    def explain(self, text, top=10):
        """The ``Prediction`` for ``text`` and the ``top`` phrases that pushed it hardest.

        Returns ``(prediction, explanation)``; the explanation's phrases are the strongest
        ``top`` only, its ``logit`` and ``bias`` are exact (see ``classifier.explain``).
        """
        model, position = self._state
        full = explain(model, text)
        # the logit is the model's own, computed once; in float32, as ``classify`` has it
        prediction = _prediction(expit(np.float32(full.logit)), self.version_at(position))
        return prediction, type(full)(top_phrases(full, top), full.bias, full.logit)

    def summarize(self, text):
        """The sentences of ``text`` that carry the current model's verdict, in order, as
        ``[{"text", "start", "end"}]`` (``classifier.summary``); empty for one or two sentences."""
        model, _ = self._state
        return [
            {"text": text[start:end], "start": start, "end": end}
            for start, end in summary_spans(text, explain(model, text))
        ]

    def train(self, text, label):
        """Learn that ``text`` has ``label`` ("positive"/"negative" or 1/0); return the version."""
        with self._write_lock:
            return self.learn([(text, label)], self.position + 1)

    def learn(self, examples, position):
        """Apply labelled ``examples`` in order, swapped in as one; the result is at ``position``.

        Returns the new version.
        """
        self._state = (self.learned(self._state[0], examples), position)
        return self.version_at(position)

    @staticmethod
    def learned(model, examples):
        """A new model: ``model`` (left unchanged) updated with ``examples``, one at a time."""
        if not examples:
            return model
        labels = [parse_label(label) for _, label in examples]
        updated = copy.copy(model)
        updated.classifier_ = copy.deepcopy(model.classifier_)
        # one at a time, in order: the order is part of the model
        return updated.update([text for text, _ in examples], np.array(labels))

    def guard_accuracy(self, model=None):
        """Accuracy of ``model`` (default: the one serving) on the guard set; None without one."""
        if self.guard is None:
            return None
        return self.guard.accuracy(self._state[0] if model is None else model)

    def restore(self, model, position):
        """Serve ``model`` (not to be modified afterwards) as the state at ``position``."""
        self._state = (model, position)


def _files_stamp(directory):
    """What tells that the files of ``directory`` changed: their names, sizes and times."""
    return tuple(
        (path.name, stat.st_size, stat.st_mtime_ns, stat.st_ino)
        for path in sorted(directory.iterdir())
        for stat in [path.stat()]
    )


@functools.lru_cache(maxsize=2)
def _load(directory, files_stamp):
    """``(model, manifest, guard)`` of the artifact in ``directory``, ready to classify.

    Loaded once per process while its files stay as they are (``files_stamp``): the model is
    never changed once loaded (updates apply to copies, ``MovieClassifier.learned``), so every
    ``MovieClassifier`` of a process on one artifact can start from the same one. A process
    that builds several apps, as the tests do (one per test), saves about 0.4 s of CPU on each."""
    model, manifest = load_artifact(directory)
    guard = load_guard(directory, manifest, model)
    # The first call of the compiled loops (classifier.vectorizer) loads them: half a second,
    # here rather than in a first request that every thread of the process would wait on.
    model.load_compiled()
    return model, manifest, guard


def _prediction(positive, version):
    """The ``Prediction`` for a probability of positive (float32, as the model gives it)."""
    return Prediction(
        LABEL_NAMES[int(positive > 0.5)],
        float(positive if positive > 0.5 else 1 - positive),
        version,
    )
