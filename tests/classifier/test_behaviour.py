"""The behavioural suite's machinery, on cases built in the test."""

import numpy as np

from classifier.evaluation import perturb
from classifier.evaluation.behaviour import SuiteTest, band, build_suite, failures, run_suite

SENTENCES = [
    ("I loved this movie, and my friend John did too.", 1),
    ("It isn't worth 2 hours of anybody's time.", 0),
    ("The plot was dull but the music was great.", 1),
] * 5


def test_bands_split_at_one_third_and_two_thirds():
    assert band([0.1, 0.34, 0.5, 0.66, 0.7]).tolist() == [-1, 0, 0, 0, 1]


def test_each_kind_of_case_fails_as_described():
    p = {"good": 0.8, "bad": 0.6, "meh": 0.5, "meh!": 0.7, "fine": 0.52, "fine.": 0.4}
    mft = SuiteTest("m", "vocabulary", "MFT", [("good", "positive"), ("bad", "negative"),
                                          ("meh", "neutral"), ("bad", "not positive")])  # fmt: skip
    assert failures(mft, p).tolist() == [False, True, False, False]
    inv = SuiteTest("i", "robustness", "INV", [("meh", "fine"), ("meh", "meh!")])
    assert failures(inv, p).tolist() == [False, True]
    dir_ = SuiteTest("d", "directional", "DIR", [("fine", "fine.", 1), ("fine", "fine.", -1)])
    assert failures(dir_, p).tolist() == [True, False]


def test_perturbations_keep_the_meaning_and_say_when_they_do_not_apply():
    import random

    rng = random.Random(0)
    assert perturb.expand("It isn't good", rng) == "It is not good"
    assert perturb.contract("This is not good", rng) == "This isn't good"
    assert perturb.drop_final_punctuation("Fine!!", rng) == "Fine"
    assert perturb.add_final_period("Fine", rng) == "Fine."
    assert perturb.change_number("no numbers", rng) is None
    assert perturb.change_number("rated 7/10 after 12 tries", rng) in {
        f"rated 7/10 after {n} tries" for n in (10, 11, 13, 14)
    }
    typo = perturb.typo("wonderful", rng)
    assert sorted(typo) == sorted("wonderful") and typo != "wonderful"


def test_the_suite_covers_every_capability_and_scores_a_model():
    suite = build_suite(SENTENCES, size=20)
    assert {test.capability for test in suite} == {
        "vocabulary", "negation", "robustness", "fairness", "holder, temporal, yes/no",
        "directional",
    }  # fmt: skip
    assert all(0 < len(test.cases) <= 20 for test in suite)
    constant = run_suite(lambda texts: np.full(len(texts), 0.5), suite)
    # a model that always says 0.5 passes every invariance, neutral and "not" case
    assert constant["capabilities"]["fairness"] == 0.0
    assert constant["capabilities"]["robustness"] == 0.0
    by_name = {row["name"]: row for row in constant["tests"]}
    assert by_name["neutral statements"]["failure_rate"] == 0.0
    assert by_name["positive and negative adjectives"]["failure_rate"] == 1.0


def test_the_suite_is_the_same_every_time():
    first, second = build_suite(SENTENCES, size=20), build_suite(SENTENCES, size=20)
    assert [t.cases for t in first] == [t.cases for t in second]
