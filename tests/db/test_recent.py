from db.recent import Recent


def test_keeps_the_entries_used_last_up_to_its_size():
    recent = Recent(size=2)
    recent["a"], recent["b"] = 1, 2
    assert recent.get("a") == 1  # now "b" is the least recently used
    recent["c"] = 3
    assert (recent.get("a"), recent.get("b"), recent.get("c")) == (1, None, 3)
    assert len(recent) == 2
    assert recent.get("b", "missing") == "missing"
