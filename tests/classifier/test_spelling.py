from classifier.spelling import Speller

SPELLER = Speller().fit({"great": 500, "movie": 300, "grate": 20, "gate": 5, "rare": 2})


def test_a_swap_of_neighbours_is_preferred_to_other_edits():
    # "gerat" is one swap from "great" and one replacement from "grate"
    assert SPELLER.correct("gerat") == "great"


def test_the_commonest_known_word_wins():
    assert SPELLER.correct("grat") == "great"
    assert SPELLER.correct("moovie") == "movie"


def test_known_short_odd_and_unmatched_words_stay():
    assert SPELLER.correct("grate") == "grate"
    assert SPELLER.correct("gat") == "gat"  # too short to guess
    assert SPELLER.correct("r2d2") == "r2d2"
    assert SPELLER.correct("zorblax") == "zorblax"
    assert SPELLER.correct("rarr") == "rarr"  # "rare" is seen too seldom to count as known
