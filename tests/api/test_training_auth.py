"""Who may teach the model: the operator token, or a session of the app's own page."""

import pytest

from server.page_session import COOKIE, HEADER
from tests.helpers import AUTH, assert_error


@pytest.fixture
def review_id(client):
    return client.post("/api/reviews", json={"text": "A fine, warm film."}).get_json()["_id"]


def train(client, review_id, headers=None):
    return client.post(
        f"/train_review?_id={review_id}", json={"label": "negative"}, headers=headers
    )


def start_session(client):
    response = client.post("/api/session", json={})
    assert response.status_code == 201, response.get_data(as_text=True)
    return response


def assert_untrained(database):
    assert database.label_events.count_documents({"kind": "label"}) == 0
    assert "feedback" not in database.reviews.find_one()


def test_an_anonymous_client_cannot_train(client, review_id, database):
    response = train(client, review_id)
    assert_error(response, 401, "unauthorized")
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert_untrained(database)


@pytest.mark.parametrize("token", ["nope", "", AUTH["Authorization"][len("Bearer ") :] + "x"])
def test_a_wrong_bearer_token_is_refused(client, review_id, database, token):
    assert_error(train(client, review_id, {"Authorization": f"Bearer {token}"}), 401)
    assert_untrained(database)


def test_the_operator_token_trains(client, review_id):
    assert train(client, review_id, AUTH).status_code == 200


def test_without_a_train_token_anonymous_and_bearer_clients_are_still_refused(make_app, database):
    client = make_app(TRAIN_TOKEN=None)
    client = client.test_client()
    review_id = client.post("/api/reviews", json={"text": "Plain."}).get_json()["_id"]
    assert_error(train(client, review_id), 401)
    assert_error(train(client, review_id, {"Authorization": "Bearer "}), 401)
    assert_error(train(client, review_id, {"Authorization": "Bearer None"}), 401)
    assert_untrained(database)


def test_a_page_session_trains(client, review_id):
    response = start_session(client)
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith(f"{COOKIE}=")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    token = response.get_json()["token"]
    assert train(client, review_id, {HEADER: token}).status_code == 200


def test_a_session_needs_both_its_cookie_and_its_header(app, client, review_id, database):
    token = start_session(client).get_json()["token"]
    assert_error(train(client, review_id), 401)  # cookie, no header
    assert_error(train(client, review_id, {HEADER: token + "x"}), 401)  # header does not match
    stranger = app.test_client()  # header, no cookie: another site cannot send the cookie
    assert_error(train(stranger, review_id, {HEADER: token}), 401)
    assert_untrained(database)


def test_a_forged_or_foreign_cookie_is_refused(app, make_app, client, review_id, database):
    forged = app.test_client()
    forged.set_cookie(COOKIE, "anything.at.all")
    assert_error(train(forged, review_id, {HEADER: "anything"}), 401)

    other = make_app(SECRET_KEY="other")
    elsewhere = other.test_client()
    token = start_session(elsewhere).get_json()["token"]
    cookie = elsewhere.get_cookie(COOKIE).value
    client.set_cookie(COOKIE, cookie)
    assert_error(train(client, review_id, {HEADER: token}), 401)
    assert_untrained(database)


def test_a_session_from_one_process_is_good_in_another(app, make_app, review_id):
    first = app.test_client()
    token = start_session(first).get_json()["token"]
    second = make_app().test_client()
    second.set_cookie(COOKIE, first.get_cookie(COOKIE).value)
    assert train(second, review_id, {HEADER: token}).status_code == 200


def test_a_page_session_cannot_administer_the_model(client):
    token = start_session(client).get_json()["token"]
    response = client.post("/api/model/confirm", json={}, headers={HEADER: token})
    assert_error(response, 401)
    response = client.post("/api/model/rollback", json={"version": "x"}, headers={HEADER: token})
    assert_error(response, 401)


def test_refused_before_the_request_is_read(client, review_id):
    # An unauthorised client learns nothing about what a valid request would be.
    response = client.post(f"/train_review?_id={review_id}", json={"label": "meh"})
    assert_error(response, 401)
