"""The guard: a flood of false labels cannot drag the model's held-out accuracy below a bound."""

from pathlib import Path

import jsonschema_rs
import numpy as np
import pytest
from bson import ObjectId

from classifier import MovieClassifier
from classifier.data import read_labelled_csv
from tests.conftest import operator_client
from tests.helpers import assert_error

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "imdb_train.csv.gz"
FLIPPED = {0: "positive", 1: "negative"}


@pytest.fixture(scope="module")
def false_labels():
    """1,000 real reviews, each with the opposite of its true label."""
    texts, labels, _ = read_labelled_csv(DATA)
    order = np.random.RandomState(7).permutation(len(texts))
    chosen = [i for i in order if len(texts[i]) <= 20_000][:1000]
    return [(texts[i], FLIPPED[labels[i]]) for i in chosen]


def attack(app, client, examples):
    """Store the examples' reviews, then falsely label each; return the statuses and one
    refusal. The reviews are stored as an import stores a batch (classified in one call, one
    insert): the flood is of labels, and submitting each review first only added a request
    per label."""
    service = app.extensions["runtime"].reviews
    texts = [text for text, _ in examples]
    predictions = service.predict(texts)["predictions"]
    review_ids = service.repository.create_many(
        [(text, prediction, None) for text, prediction in zip(texts, predictions, strict=True)]
    )
    statuses, refusal = [], None
    for review_id, (_, label) in zip(review_ids, examples, strict=True):
        response = client.post(f"/train_review?_id={review_id}", json={"label": label})
        statuses.append(response.status_code)
        if response.status_code == 409:
            refusal = (review_id, response)
    return statuses, refusal


def test_without_the_guard_the_flood_would_do_real_damage(false_labels):
    classifier = MovieClassifier()
    damaged = classifier.learned(classifier.initial_model, false_labels)
    assert classifier.guard_accuracy(damaged) < classifier.guard_accuracy() - 0.10


def test_1000_false_labels_cannot_drag_guard_accuracy_below_the_bound(
    app, operator, database, make_app, false_labels
):
    guard = operator.get("/api/model").get_json()["guard"]
    assert (
        guard["baseline"]
        == app.extensions["runtime"].shared_model.classifier.manifest["guard"]["accuracy"]
    )
    assert guard["floor"] == pytest.approx(guard["baseline"] - 0.02)

    statuses, (refused_id, refusal) = attack(app, operator, false_labels)
    assert set(statuses) == {200, 409}
    error = assert_error(refusal, 409, "label_refused_by_guard")
    assert error["details"]["accuracy_after"] < guard["floor"]
    # the refusal is what the OpenAPI document says an error is
    document = operator.get("/apidoc/openapi.json").get_json()
    declared = document["paths"]["/train_review"]["post"]["responses"]["409"]
    schema = {**declared["content"]["application/json"]["schema"], **document}
    jsonschema_rs.validate(schema, refusal.get_json())
    assert "feedback" not in database.reviews.find_one({"_id": ObjectId(refused_id)})

    after = operator.get("/api/model").get_json()
    assert after["guard"]["accuracy"] >= guard["floor"]
    assert after["online_updates"] == statuses.count(200)
    assert database.label_events.count_documents({"kind": "label"}) == statuses.count(200)
    labels = operator.get("/api/model/dashboard").get_json()["labels"]
    assert (labels["accepted"], labels["refused"]) == (statuses.count(200), statuses.count(409))
    # Another process replays the same log to the same, bounded model.
    fresh = make_app().test_client()
    assert fresh.get("/api/model").get_json()["guard"]["accuracy"] == after["guard"]["accuracy"]


def test_an_operator_confirm_or_rollback_sets_a_new_baseline(make_app, false_labels):
    app = make_app(GUARD_MARGIN=0.002)
    client = operator_client(app)
    statuses, _ = attack(app, client, false_labels[:40])
    assert 409 in statuses
    held = client.get("/api/model").get_json()
    assert client.post("/api/model/confirm", json={}).status_code == 200
    confirmed = client.get("/api/model").get_json()["guard"]
    assert confirmed["baseline"] == held["guard"]["accuracy"]
    assert confirmed["floor"] == pytest.approx(confirmed["baseline"] - 0.002)
    # Every process agrees: the confirmation is an event in the log.
    other = make_app(GUARD_MARGIN=0.002)
    assert other.test_client().get("/api/model").get_json()["guard"] == confirmed

    base = held["base_version"]
    assert client.post("/api/model/rollback", json={"version": base}).status_code == 200
    rolled_back = client.get("/api/model").get_json()["guard"]
    assert (
        rolled_back["baseline"]
        == rolled_back["accuracy"]
        == app.extensions["runtime"].shared_model.classifier.manifest["guard"]["accuracy"]
    )


def test_with_the_guard_off_labels_are_not_checked(make_app, false_labels):
    app = make_app(GUARD_MARGIN=None)
    client = operator_client(app)
    assert client.get("/api/model").get_json()["guard"] is None
    statuses, _ = attack(app, client, false_labels[:40])
    assert set(statuses) == {200}
