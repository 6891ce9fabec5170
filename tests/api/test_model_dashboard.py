"""The model view's numbers (GET /api/model/dashboard) against what was done to the app, and
the preview of a rollback."""

from datetime import UTC, datetime

import pytest

from server.model_view import psi
from tests.helpers import assert_error

GOOD = "A wonderful, moving film with a superb cast, number {}."
BAD = "A dull, tedious mess with a wooden cast, number {}."


def dashboard(client):
    response = client.get("/api/model/dashboard")
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def test_a_new_app_shows_the_artifact_and_nothing_learnt(client):
    shown = dashboard(client)
    assert shown["labels"] == {"accepted": 0, "refused": 0, "corrections": 0, "rollbacks": 0}
    assert shown["agreement"] == {"every": 50, "windows": []}
    assert [p["kind"] for p in shown["guard"]["points"]] == ["artifact", "now"]
    artifact, now = shown["guard"]["points"]
    assert artifact["accuracy"] == now["accuracy"] == shown["guard"]["accuracy"]
    assert shown["daily"]["days"] == []
    assert 0.4 < shown["daily"]["training_positive_share"] < 0.6
    drift = shown["drift"]
    assert drift["recent"]["reviews"] == 0 and drift["psi"] is None
    assert drift["reference"]["reviews"] == shown["guard"]["size"]
    assert sum(drift["reference"]["shares"]) == pytest.approx(1)


def test_labels_agreement_days_and_drift_add_up(operator):
    stored, said = [], []
    for i in range(60):
        text = (GOOD if i % 3 else BAD).format(i)
        review = operator.post("/api/reviews", json={"text": text}).get_json()
        stored.append(review)
    for i, review in enumerate(stored[:55]):
        label = "negative" if i % 4 == 0 else "positive"  # some against the model
        response = operator.post(f"/train_review?_id={review['_id']}", json={"label": label})
        assert response.status_code == 200, response.get_data(as_text=True)
        said.append(response.get_json()["before"]["sentiment"] == label)
    flipped = stored[1]["_id"]  # labelled positive above: a correction
    assert (
        operator.post(f"/train_review?_id={flipped}", json={"label": "negative"}).status_code == 200
    )
    assert operator.post("/api/model/confirm", json={}).status_code == 200

    shown = dashboard(operator)
    assert shown["labels"] == {"accepted": 56, "refused": 0, "corrections": 1, "rollbacks": 0}
    first, second = shown["agreement"]["windows"]
    assert (first["labels"], first["agreed"]) == (50, sum(said[:50]))
    assert second["labels"] == 6 and second["labels_so_far"] == 56
    assert first["share"] == pytest.approx(sum(said[:50]) / 50)
    kinds = [p["kind"] for p in shown["guard"]["points"]]
    assert kinds == ["artifact", "confirm", "now"]
    assert shown["guard"]["points"][1]["position"] == 57
    today = datetime.now(UTC).date().isoformat()
    (day,) = shown["daily"]["days"]
    positives = sum(r["sentiment"] == "positive" for r in stored)
    assert (day["day"], day["reviews"], day["positive"]) == (today, 60, positives)
    drift = shown["drift"]
    assert drift["recent"]["reviews"] == 60 and drift["recent"]["days"] == [today]
    assert sum(drift["recent"]["shares"]) == pytest.approx(1)
    expected = psi(drift["reference"]["shares"], drift["recent"]["shares"])
    assert drift["psi"] == pytest.approx(expected)
    assert drift["drifted"] == (drift["psi"] > drift["threshold"])


def test_psi_is_zero_for_the_same_shares_and_grows_with_a_shift():
    same = [0.1] * 10
    assert psi(same, same) == 0
    shifted = [0.0] * 5 + [0.2] * 5
    assert psi(same, shifted) > 0.25 > psi(same, [0.09] * 5 + [0.11] * 5)


def test_a_rollback_preview_says_what_it_would_undo(operator, client):
    review = operator.post("/api/reviews", json={"text": GOOD.format(1)}).get_json()
    for label in ("positive", "negative"):
        operator.post(f"/train_review?_id={review['_id']}", json={"label": label})
    model = operator.get("/api/model").get_json()
    path = f"/api/model/versions/{model['base_version']}/preview"
    assert_error(client.get(path), 401, "unauthorized")
    preview = operator.get(path).get_json()
    artifact = dashboard(operator)["guard"]["points"][0]["accuracy"]
    assert preview == {
        "version": model["base_version"],
        "position": 0,
        "guard_accuracy": artifact,
        "current_guard_accuracy": model["guard"]["accuracy"],
        "labels_undone": 2,
    }
    assert_error(operator.get(f"/api/model/versions/{model['version']}/preview"), 422)
    assert_error(operator.get("/api/model/versions/nonsense/preview"), 422, "invalid_version")
