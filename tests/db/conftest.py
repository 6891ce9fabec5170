"""Fixtures of the repository tests: the repository, reading history either way, and a history
of reviews to search."""

import random
from datetime import timedelta

import pytest

import db.reviews
from db import ReviewRepository, ensure_schema
from tests.db.search_cases import WORDS


@pytest.fixture(params=["windows", "keyset"])
def repository(database, request):
    """The repository, reading history either way (``db.history``): both give the same pages."""
    ensure_schema(database)
    return ReviewRepository(database, history_reads=request.param)


@pytest.fixture
def stored(repository, monkeypatch):
    """80 reviews over two weeks (some in bursts), some labelled, some unsure."""
    rng = random.Random(5)
    start = db.reviews.now() - timedelta(days=14)
    reviews = []
    for i in range(80):
        at = start + timedelta(minutes=rng.choice([0, 1, 30, 600]) * i)
        monkeypatch.setattr(db.reviews, "now", lambda at=at: at)
        text = " ".join(rng.sample(WORDS, 3)) + f" review {i}"
        sentiment = rng.choice(["positive", "negative"])
        prediction = {
            "sentiment": sentiment,
            "probability": rng.choice([0.55, 0.6, 0.9, 0.99]),
            "model_version": "m",
        }
        review = repository.create(text, prediction)
        if i % 3 == 0:
            label = rng.choice(["positive", "negative"])
            repository.record_feedback(review["_id"], label, event=i + 1, prediction=prediction)
        reviews.append(repository.get(review["_id"]))
    monkeypatch.undo()
    return reviews
