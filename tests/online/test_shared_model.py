"""One model for many processes: two apps on one database stand for two processes."""

import gc
import threading

import pytest

from db import connect
from db.events import EventLog
from server import close_app, create_app, prepare_to_serve
from tests.conftest import operator_client, uri_for
from tests.helpers import AUTH, TEST_SETTINGS, assert_error, eventually

TEXTS = [
    "A quiet film about a lighthouse keeper and his dog.",
    "The second act drags but the ending is something.",
    "I watched it on a plane, twice.",
    "Not what I expected from this director.",
]


@pytest.fixture
def make_client(make_app):
    def make(anonymous=False, **config):
        app = make_app(**config)
        if anonymous:
            return app.test_client()
        return operator_client(app)

    return make


def submit(client, text):
    return client.post("/api/reviews", json={"text": text}).get_json()["_id"]


def train(client, review_id, label):
    response = client.post(f"/train_review?_id={review_id}", json={"label": label})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def predict(client, texts=TEXTS):
    return client.post("/api/predict", json={"texts": texts}).get_json()


def test_a_label_taught_through_one_process_is_served_by_another(make_client):
    one, other = make_client(), make_client()
    before = predict(other)
    review_id = submit(one, TEXTS[0])
    result = train(one, review_id, "positive")
    after = predict(other)
    assert after["model_version"] == result["model_version"] != before["model_version"]
    assert after == predict(one)
    classified = other.get(f"/classify_review?_id={review_id}").get_json()
    assert classified["probability"] == pytest.approx(result["after"]["probability"], abs=1e-12)


def test_the_same_label_twice_counts_once(make_client, database):
    client = make_client()
    review_id = submit(client, TEXTS[1])
    first = train(client, review_id, "positive")
    second = train(client, review_id, "positive")
    assert second["model_version"] == first["model_version"]
    assert second["after"] == first["after"]
    assert database.label_events.count_documents({"kind": "label"}) == 1


def test_a_correction_is_logged_and_the_review_keeps_the_last_label(make_client, database):
    client = make_client()
    review_id = submit(client, TEXTS[2])
    train(client, review_id, "positive")
    corrected = train(client, review_id, "negative")
    assert corrected["model_version"].endswith("+2")
    assert corrected["after"]["sentiment"] == "negative"
    review = client.get(f"/api/reviews/{review_id}").get_json()
    assert review["feedback"]["label"] == "negative"
    labels = [e["label"] for e in EventLog(database).labels_of(review_id)]
    assert labels == ["positive", "negative"]
    info = client.get("/api/model").get_json()
    assert info["log"] == {"labels": 2, "rollbacks": 0, "reviews": 1}


def test_the_same_labels_in_the_same_order_give_the_same_model(database_server):
    results = []
    for name in ("determinism_a", "determinism_b"):
        uri = uri_for(database_server, name)
        app = create_app({"MONGODB_URI": uri, **TEST_SETTINGS})
        client = operator_client(app)
        labels = ["positive", "negative", "positive", "negative"]
        for text, label in zip(TEXTS, labels, strict=True):
            train(client, submit(client, text), label)
        results.append(predict(client))
        close_app(app)
        with connect(database_server.uri) as mongo:
            mongo.drop_database(name)
    first, second = results
    assert first["model_version"] == second["model_version"]
    for a, b in zip(first["predictions"], second["predictions"], strict=True):
        assert a["probability"] == pytest.approx(b["probability"], abs=1e-9)


def taught(make_client, labels):
    """Log ``labels`` labels through a process saving a checkpoint every 3 (saved on return);
    return its predictions after them."""
    client = make_client(CHECKPOINT_EVERY=3)
    for i in range(labels):
        train(client, submit(client, f"{TEXTS[i % 4]} Take {i}."), ["positive", "negative"][i % 2])
    expected = predict(client)
    client.application.extensions["runtime"].shared_model.checkpoints.wait()
    return expected


def test_a_new_process_starts_from_the_newest_checkpoint(make_client, database):
    expected = taught(make_client, 7)
    fresh = make_client(CHECKPOINT_EVERY=3)
    info = fresh.get("/api/model").get_json()
    assert info["position"] == 7 and info["online_updates"] == 7
    assert {c["_id"] for c in database.checkpoints.find()} >= {3, 6}
    assert info["latest_checkpoint"]["position"] == 6
    assert predict(fresh) == expected


def test_a_process_prepared_to_serve_holds_the_end_of_the_log_before_any_request(
    make_client, caplog
):
    expected = taught(make_client, 4)
    fresh = make_client(CHECKPOINT_EVERY=3)
    shared = fresh.application.extensions["runtime"].shared_model
    assert shared.classifier.position == 0
    try:
        prepare_to_serve(fresh.application)
        frozen = gc.get_freeze_count()
    finally:
        gc.unfreeze()
    assert frozen > 0
    assert shared.classifier.position == 4 and shared.online_updates == 4
    assert "ready at position 4" in caplog.text
    assert shared.lease.registered is False  # no lease taken for requests that may not come
    assert predict(fresh) == expected


def test_a_long_warm_up_goes_on_while_the_process_serves(make_client, monkeypatch, caplog):
    expected = taught(make_client, 4)
    fresh = make_client(CHECKPOINT_EVERY=3)
    replay = fresh.application.extensions["runtime"].shared_model.replay
    replaying, release, replay_the_log = threading.Event(), threading.Event(), replay.catch_up

    def long_replay():
        replaying.set()
        release.wait(60)
        return replay_the_log()

    monkeypatch.setattr(replay, "catch_up", long_replay)
    try:
        prepare_to_serve(fresh.application, wait_s=0.1)  # returns with the replay under way
    finally:
        gc.unfreeze()
    assert replaying.is_set() and replay.position == 0
    release.set()
    assert predict(fresh) == expected  # the request saw every label
    assert eventually(lambda: "ready at position 4" in caplog.text)


def test_a_warm_up_that_fails_leaves_the_process_serving(make_client, caplog, monkeypatch):
    client = make_client()
    classifier = client.application.extensions["runtime"].shared_model.classifier

    def broken(text):
        raise RuntimeError("a bug in the classification")

    monkeypatch.setattr(classifier, "classify", broken)
    try:
        prepare_to_serve(client.application)
    finally:
        gc.unfreeze()
    assert "warm-up failed" in caplog.text and "a bug in the classification" in caplog.text
    monkeypatch.undo()
    assert client.post("/api/predict", json={"texts": TEXTS}).status_code == 200


def test_a_tampered_checkpoint_is_refused_and_the_log_rebuilds_the_model(
    make_client, database, caplog
):
    expected = taught(make_client, 7)
    newest = database.checkpoints.find_one({"_id": 6})
    chunk = database["checkpoint_files.chunks"].find_one({"files_id": newest["file_id"], "n": 0})
    tampered = bytes([chunk["data"][0] ^ 0xFF]) + chunk["data"][1:]
    database["checkpoint_files.chunks"].update_one(
        {"_id": chunk["_id"]}, {"$set": {"data": tampered}}
    )

    fresh = make_client(CHECKPOINT_EVERY=3)
    response = fresh.get("/api/model")
    assert response.status_code == 200
    assert response.get_json()["position"] == 7
    assert predict(fresh) == expected
    assert "checkpoint at position 6 refused" in caplog.text


def test_rollback_needs_the_operator_token(make_client):
    unset = make_client(TRAIN_TOKEN=None)
    assert_error(unset.post("/api/model/rollback", json={"version": "x"}), 403, "forbidden")
    client = make_client(anonymous=True)
    response = client.post("/api/model/rollback", json={"version": "x"})
    assert_error(response, 401, "unauthorized")
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    wrong = {"Authorization": "Bearer nope"}
    assert_error(client.post("/api/model/rollback", json={"version": "x"}, headers=wrong), 401)


def test_rollback_serves_an_earlier_version_everywhere(make_client):
    one = make_client()
    other = make_client()
    for i, label in enumerate(["positive", "negative", "positive"]):
        train(one, submit(one, TEXTS[i]), label)
        if i == 0:
            at_one = predict(one)
    headers = AUTH
    target = at_one["model_version"]
    versions = one.get("/api/model/versions").get_json()
    assert versions["position"] == 3
    response = one.post("/api/model/rollback", json={"version": target}, headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["position"] == 4
    served = predict(other)
    assert served["model_version"].endswith("+4")
    for a, b in zip(served["predictions"], at_one["predictions"], strict=True):
        assert a["probability"] == pytest.approx(b["probability"], abs=1e-12)
    bad = one.post("/api/model/rollback", json={"version": "other+1"}, headers=headers)
    assert_error(bad, 422, "invalid_version")
    future = one.post("/api/model/rollback", json={"version": f"{target[:-2]}+99"}, headers=headers)
    assert_error(future, 422, "invalid_version")


def test_a_number_taken_but_never_written_is_voided(make_client, database, monkeypatch):
    monkeypatch.setattr("db.events.GAP_TIMEOUT_S", 0.2)
    client = make_client()
    database.counters.update_one({"_id": "label_events"}, {"$inc": {"seq": 1}}, upsert=True)
    result = train(client, submit(client, TEXTS[3]), "negative")
    assert result["model_version"].endswith("+2")
    assert database.label_events.find_one({"_id": 1})["kind"] == "void"


def test_the_operator_cli_lists_versions_and_rolls_back(
    make_client, database_uri, database, capsys, monkeypatch
):
    from server.admin import main

    client = make_client()
    first = train(client, submit(client, TEXTS[0]), "positive")["model_version"]
    train(client, submit(client, TEXTS[1]), "negative")
    monkeypatch.setenv("MONGODB_URI", database_uri)
    monkeypatch.setenv("CHECKPOINT_EVERY", "3")  # the rollback lands on a checkpoint's position
    assert main(["versions"]) == 0
    assert "serving" in capsys.readouterr().out
    assert main(["rollback", first]) == 0
    assert "+3" in capsys.readouterr().out
    assert "file_id" in database.checkpoints.find_one({"_id": 3})  # saved before it exited
    assert main(["rollback", "nonsense"]) == 2
    assert predict(client)["model_version"].endswith("+3")
