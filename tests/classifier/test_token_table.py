import numpy as np

from classifier.token_table import MISSING, TokenTable


def code_units(text):
    return np.frombuffer(text.encode("utf-16-le"), np.uint16)


def spaced(words):
    """The code units of ``words`` joined by spaces, and each word's start and end."""
    bounds, at = [], 0
    for word in words:
        bounds += [at, at + len(word)]
        at += len(word) + 1
    return code_units(" ".join(words)), np.array(bounds, np.int64)


def test_a_token_added_is_found_by_its_code_units_and_others_are_missing():
    table = TokenTable()
    codes, bounds = spaced(["good", "bad", "good", "ugly"])
    ids, hashes, missing, negative = table.find(codes, bounds)
    assert ids.tolist() == [MISSING] * 4 and (missing, negative) == (4, 0)
    assert hashes[0] == hashes[2] != hashes[1]
    table.add(codes[0:4], hashes[0], 7)
    table.add(codes[5:8], hashes[1], -1)
    ids, _, missing, negative = table.find(codes, bounds)
    assert ids.tolist() == [7, -1, 7, MISSING] and (missing, negative) == (1, 1)


def test_a_token_under_another_tokens_hash_never_gives_its_id():
    table = TokenTable()
    codes, bounds = spaced(["abc", "abd", "ab"])
    _, hashes, _, _ = table.find(codes, bounds)
    table.add(codes[0:3], hashes[1], 1)  # "abc" as if it had "abd"'s hash: same length
    table.add(codes[8:10], hashes[1], 2)  # "ab" too: shorter
    ids, _, missing, _ = table.find(codes, bounds)
    assert ids.tolist() == [MISSING] * 3 and missing == 3


def test_adding_a_token_twice_keeps_one_entry():
    table = TokenTable()
    codes, bounds = spaced(["fine"])
    _, hashes, _, _ = table.find(codes, bounds)
    table.add(codes, hashes[0], 3)
    table.add(codes, hashes[0], 3)
    assert len(table) == 1


def test_the_table_grows_and_keeps_every_token():
    table = TokenTable(slots=16)
    words = [f"w{i}" * (1 + i % 7) for i in range(3000)]
    assert len(set(words)) == len(words)
    codes, bounds = spaced(words)
    _, hashes, _, _ = table.find(codes, bounds)
    for t in range(len(words)):
        table.add(codes[bounds[2 * t] : bounds[2 * t + 1]], hashes[t], t)
    ids, _, missing, _ = table.find(codes, bounds)
    assert ids.tolist() == list(range(len(words))) and missing == 0
    assert len(table) == len(words)
