"""A guard set: labelled reviews shipped beside the model, to catch online updates that hurt it.

Online learning takes labels from people, and some will be false. Before a label is accepted,
the server measures the model that would result on the guard set and refuses the label if its
accuracy would fall more than a set margin below the accuracy last validated (see
``online.guard``). The guard set holds hashed n-gram counts, not texts, in an ``.npz``
file (plain arrays, loaded without pickle) whose sha256 the manifest records.
"""

import hashlib
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from classifier.artifact import ArtifactIntegrityError


def load_guard(directory, manifest, model):
    """The guard set the manifest in ``directory`` lists, or None if it lists none."""
    record = manifest.get("guard")
    if record is None:
        return None
    return GuardSet.load(Path(directory) / record["file"], record["sha256"], model)


class GuardSet:
    """Counts and 0/1 labels of held reviews; ``accuracy(model)`` for any version of a model
    whose feature weights are those of ``model`` at construction."""

    def __init__(self, counts, labels, model):
        self.counts = sp.csr_matrix(counts)
        self.labels = np.asarray(labels, dtype=np.int8)
        # The feature weights are fixed for a model's whole online life, so transform once.
        self._features = model.transform(self.counts)

    def __len__(self):
        return len(self.labels)

    def accuracy(self, model):
        """Share of the guard reviews that ``model`` labels correctly."""
        predicted = model.classifier_.decision_function(self._features) > 0
        return float(np.mean(predicted == self.labels))

    def save(self, path):
        """Write the set to ``path`` (.npz); return the file's sha256."""
        with open(path, "wb") as handle:
            np.savez_compressed(
                handle,
                data=self.counts.data.astype(np.float32),
                indices=self.counts.indices.astype(np.int32),
                indptr=self.counts.indptr.astype(np.int64),
                shape=np.array(self.counts.shape),
                labels=self.labels,
            )
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()

    @classmethod
    def load(cls, path, expected_sha256, model):
        """The set in ``path``, refused unless its sha256 is ``expected_sha256``."""
        blob = Path(path).read_bytes()
        actual = hashlib.sha256(blob).hexdigest()
        if actual != expected_sha256:
            raise ArtifactIntegrityError(
                f"refusing to load the guard set {path}: its sha256 is {actual}, "
                f"but the manifest expects {expected_sha256}"
            )
        with np.load(path, allow_pickle=False) as arrays:
            counts = sp.csr_matrix(
                (arrays["data"].astype(np.float32), arrays["indices"], arrays["indptr"]),
                shape=tuple(arrays["shape"]),
            )
            return cls(counts, arrays["labels"], model)
