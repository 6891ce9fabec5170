"""The lease registry: one document per serving process, written at each beat."""

import pytest

from db import ReplicaRegistry


@pytest.fixture
def registry(database):
    return ReplicaRegistry(database)


def test_registered_processes_are_listed_to_the_others(registry):
    registry.register("a", 3, 1.0)
    registry.register("b", 5, 0.5)
    others = registry.others("a")
    assert list(others) == ["b"]
    position, beat, lease_s = others["b"]
    assert (position, lease_s) == (5, 0.5)


def test_a_beat_moves_the_position_and_changes_the_beat(registry):
    registry.register("a", 3, 1.0)
    first = registry.others("x")["a"][1]
    assert registry.beat("a", 7, 1.0)
    position, beat, _ = registry.others("x")["a"]
    assert position == 7 and beat != first


def test_a_removed_process_must_register_again(registry):
    registry.register("a", 3, 1.0)
    assert registry.remove("a")
    assert not registry.beat("a", 4, 1.0)
    assert registry.others("x") == {}


def test_removing_by_beat_spares_a_process_written_since(registry):
    registry.register("a", 3, 1.0)
    seen = registry.others("x")["a"][1]
    registry.beat("a", 4, 1.0)
    assert not registry.remove("a", seen)
    assert "a" in registry.others("x")
