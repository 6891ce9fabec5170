"""``MovieClassifier``: the persisted model behind a small, thread-safe classify/train interface."""

import copy
import threading
from dataclasses import dataclass

import numpy as np

from classifier.artifact import DEFAULT_MODEL_DIR, load_artifact
from classifier.data import parse_label
from classifier.explain import explain, top_phrases

LABEL_NAMES = ("negative", "positive")


@dataclass(frozen=True)
class Prediction:
    """A predicted label, the model's probability for that label, and the model that said so."""

    label: str
    probability: float
    model_version: str


class MovieClassifier:
    """Classify movie reviews and learn from corrected labels, online.

    ``MovieClassifier()`` loads the shipped default model; ``MovieClassifier(path)`` loads the
    artifact directory at ``path``. Both refuse an artifact whose sha256 does not match its
    manifest.

    Reads never see a half-updated model: ``train`` updates a copy and swaps it in whole, so
    concurrent ``classify`` calls use either the old model or the new one.
    """

    def __init__(self, model_dir=DEFAULT_MODEL_DIR):
        model, self.manifest = load_artifact(model_dir)
        # (model, number of online updates), replaced as one reference so readers see a pair.
        self._state = (model, 0)
        self._write_lock = threading.Lock()

    @property
    def base_version(self):
        """Version of the loaded artifact."""
        return self.manifest["version"]

    @property
    def updates(self):
        """Number of online updates applied since the artifact was loaded."""
        return self._state[1]

    @property
    def version(self):
        """Version of the model now serving."""
        return self._version(self.updates)

    def _version(self, updates):
        # The artifact's version, plus the number of online updates applied on top of it.
        return self.base_version if updates == 0 else f"{self.base_version}+{updates}"

    def classify(self, text):
        """Return the ``Prediction`` for one review text."""
        return self.classify_many([text])[0]

    def classify_many(self, texts):
        """Return one ``Prediction`` per text, computed in one vectorized call."""
        if not texts:
            return []
        model, updates = self._state
        version = self._version(updates)
        return [
            Prediction(LABEL_NAMES[int(p > 0.5)], float(p if p > 0.5 else 1 - p), version)
            for p in model.predict_proba(list(texts))[:, 1]
        ]

    def explain(self, text, top=10):
        """The ``Prediction`` for ``text`` and the ``top`` phrases that pushed it hardest.

        Returns ``(prediction, explanation)``; the explanation's phrases are the strongest
        ``top`` only, its ``logit`` and ``bias`` are exact (see ``classifier.explain``).
        """
        model, updates = self._state
        full = explain(model, text)
        positive = float(model.predict_proba([text])[0, 1])
        prediction = Prediction(
            LABEL_NAMES[int(positive > 0.5)],
            positive if positive > 0.5 else 1 - positive,
            self._version(updates),
        )
        return prediction, type(full)(top_phrases(full, top), full.bias, full.logit)

    def train(self, text, label):
        """Learn that ``text`` has ``label`` ("positive"/"negative" or 1/0); return the version."""
        y = np.array([parse_label(label)])
        with self._write_lock:
            model, updates = self._state
            updated = copy.copy(model)
            updated.classifier_ = copy.deepcopy(model.classifier_)
            updated.partial_fit([text], y)
            self._state = (updated, updates + 1)
            return self._version(updates + 1)
