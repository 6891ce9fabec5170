"""Persisted models: a joblib file plus a JSON manifest that vouches for it.

A joblib file is code (unpickling runs it), so a model is loaded only when the file's sha256
matches the manifest written beside it when we trained it.
"""

import hashlib
import io
import json
import platform
from datetime import UTC, datetime
from pathlib import Path

import joblib

ARTIFACT_NAME = "model.joblib"
MANIFEST_NAME = "manifest.json"
GUARD_NAME = "guard.npz"
DEFAULT_MODEL_DIR = Path(__file__).parent / "models" / "default"


class ArtifactIntegrityError(RuntimeError):
    """The artifact does not match its manifest; it was not loaded."""


def sha256_of(path):
    """Hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def library_versions():
    """Versions of the libraries whose behaviour the artifact depends on."""
    import nltk
    import numpy
    import scipy
    import sklearn

    return {
        "python": platform.python_version(),
        "scikit-learn": sklearn.__version__,
        "numpy": numpy.__version__,
        "scipy": scipy.__version__,
        "nltk": nltk.__version__,
        "joblib": joblib.__version__,
    }


def save_artifact(
    model, directory, *, version, training_data, metrics, parameters=None, guard=None
):
    """Write ``model``, its ``guard`` set (``classifier.guard.GuardSet``) if given, and their
    manifest into ``directory``; return the manifest."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    artifact = directory / ARTIFACT_NAME
    joblib.dump(model, artifact, compress=3)
    manifest = {
        "version": version,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "artifact": ARTIFACT_NAME,
        "sha256": sha256_of(artifact),
        "size_bytes": artifact.stat().st_size,
        "training_data": training_data,
        "parameters": parameters or model.get_params(),
        "validation": metrics,
        "libraries": library_versions(),
    }
    if guard is not None:
        manifest["guard"] = {
            "file": GUARD_NAME,
            "sha256": guard.save(directory / GUARD_NAME),
            "n": len(guard),
            "accuracy": guard.accuracy(model),
        }
    text = json.dumps(manifest, indent=2, sort_keys=True)
    (directory / MANIFEST_NAME).write_text(text + "\n")
    return json.loads(text)


def read_manifest(directory):
    """The manifest of the artifact in ``directory``."""
    return json.loads((Path(directory) / MANIFEST_NAME).read_text())


def load_artifact(directory):
    """Return ``(model, manifest)`` from ``directory``, refusing a hash mismatch."""
    directory = Path(directory)
    manifest = read_manifest(directory)
    artifact = directory / manifest["artifact"]
    actual = sha256_of(artifact)
    if actual != manifest["sha256"]:
        raise ArtifactIntegrityError(
            f"refusing to load {artifact}: its sha256 is {actual}, "
            f"but {directory / MANIFEST_NAME} expects {manifest['sha256']}"
        )
    return joblib.load(artifact), manifest


def model_to_bytes(model):
    """``(blob, sha256)``: the model serialised as a joblib file's bytes, and their hash."""
    buffer = io.BytesIO()
    joblib.dump(model, buffer, compress=3)
    blob = buffer.getvalue()
    return blob, hashlib.sha256(blob).hexdigest()


def model_from_bytes(blob, expected_sha256):
    """The model in ``blob``, refused unless its sha256 is ``expected_sha256``."""
    actual = hashlib.sha256(blob).hexdigest()
    if actual != expected_sha256:
        raise ArtifactIntegrityError(
            f"refusing to load a model whose sha256 is {actual}; its record expects "
            f"{expected_sha256}"
        )
    return joblib.load(io.BytesIO(blob))
