"""Secrets (the database password, the operator token) never appear in logs or in answers."""

import logging

from db.embedded import free_port

PASSWORD = "Pa55-word-that-must-not-leak"
TOKEN = "token-that-must-not-leak"


def test_no_secret_in_logs_or_error_bodies_while_the_database_is_down(make_app, caplog):
    caplog.set_level(logging.DEBUG)
    port = free_port()
    uri = f"mongodb://reviewer:{PASSWORD}@127.0.0.1:{port}/reviews?authSource=admin&serverSelectionTimeoutMS=300"
    app = make_app(MONGODB_URI=uri, TRAIN_TOKEN=TOKEN)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    client = app.test_client()
    bodies = [
        client.post("/api/reviews", json={"text": "Fine."}),
        client.get("/api/reviews"),
        client.get("/ready"),
        client.post(
            "/train_review?_id=0123456789abcdef01234567",
            json={"label": "positive"},
            headers={"Authorization": f"Bearer {TOKEN}"},
        ),
        client.post(
            "/train_review?_id=0123456789abcdef01234567",
            json={"label": "positive"},
            headers={"Authorization": f"Bearer {TOKEN}x"},
        ),
        client.post(
            "/api/model/rollback",
            json={"version": "x"},
            headers={"Authorization": f"Bearer {TOKEN[:-1]}"},
        ),
    ]
    assert {response.status_code for response in bodies} <= {401, 503}
    assert any(response.status_code == 503 for response in bodies)
    for response in bodies:
        text = response.get_data(as_text=True)
        assert PASSWORD not in text and TOKEN not in text
    assert caplog.records, "nothing was logged: the test would prove nothing"
    assert PASSWORD not in caplog.text
    assert TOKEN not in caplog.text
