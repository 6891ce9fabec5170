import json
import shutil

import numpy as np
import pytest

from classifier.artifact import (
    MANIFEST_NAME,
    ArtifactIntegrityError,
    load_artifact,
    save_artifact,
)
from classifier.model import SentimentModel


@pytest.fixture
def saved(tmp_path, corpus, small_params):
    model = SentimentModel(**small_params).fit(*corpus)
    manifest = save_artifact(
        model, tmp_path, version="test-1", training_data={"file": "corpus"}, metrics={"n": 1}
    )
    return tmp_path, model, manifest


def test_round_trip_keeps_predictions_and_manifest(saved):
    directory, model, manifest = saved
    loaded, loaded_manifest = load_artifact(directory)
    texts = ["superb gripping film", "tedious plot"]
    np.testing.assert_allclose(loaded.predict_proba(texts), model.predict_proba(texts))
    assert loaded_manifest == manifest
    assert manifest["version"] == "test-1"
    assert len(manifest["sha256"]) == 64
    assert {"scikit-learn", "numpy", "python"} <= set(manifest["libraries"])


def test_a_tampered_artifact_is_refused(saved):
    directory, _, manifest = saved
    artifact = directory / manifest["artifact"]
    artifact.write_bytes(artifact.read_bytes() + b"tampered")
    with pytest.raises(ArtifactIntegrityError, match="refusing to load"):
        load_artifact(directory)


def test_a_manifest_naming_another_hash_is_refused(saved):
    directory, _, manifest = saved
    manifest["sha256"] = "0" * 64
    (directory / MANIFEST_NAME).write_text(json.dumps(manifest))
    with pytest.raises(ArtifactIntegrityError):
        load_artifact(directory)


def test_a_tampered_guard_set_is_refused(tmp_path):
    from classifier import MovieClassifier
    from classifier.artifact import DEFAULT_MODEL_DIR

    copy = tmp_path / "model"
    shutil.copytree(DEFAULT_MODEL_DIR, copy)
    guard = copy / "guard.npz"
    blob = bytearray(guard.read_bytes())
    blob[len(blob) // 2] ^= 0xFF
    guard.write_bytes(bytes(blob))
    with pytest.raises(ArtifactIntegrityError, match="refusing to load the guard set"):
        MovieClassifier(copy)
