"""Checkpoint records and their GridFS files: claimed once, saved, found by artifact, position."""

import pytest

from db import CheckpointStore, ensure_schema


@pytest.fixture
def store(database):
    ensure_schema(database)
    return CheckpointStore(database)


def test_a_position_is_claimed_once(store):
    assert store.claim(10, "artifact-a")
    assert not store.claim(10, "artifact-a")
    assert store.newest("artifact-a") is None  # claimed, not saved: not a checkpoint yet


def test_saved_checkpoints_are_found_newest_first_per_artifact(store):
    for position, base in ((10, "artifact-a"), (20, "artifact-a"), (30, "artifact-b")):
        store.claim(position, base)
        store.save(position, f"model {position}".encode(), f"sha-{position}", position, 0.9)
    newest = store.newest("artifact-a")
    assert newest["_id"] == 20 and newest["sha256"] == "sha-20"
    assert newest["online_updates"] == 20 and newest["guard_baseline"] == 0.9
    assert store.read(newest) == b"model 20"
    assert store.newest("artifact-a", at_most=19)["_id"] == 10
    assert store.newest("artifact-a", at_most=9) is None
    assert [r["_id"] for r in store.list("artifact-a")] == [20, 10]
    assert "file_id" not in store.list("artifact-a")[0]
