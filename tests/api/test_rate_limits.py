"""Per-client rate limits on the endpoints that write."""

import pytest

from tests.helpers import AUTH, assert_error


@pytest.fixture
def limited_app(make_app):
    def make(**config):
        return make_app(**{"RATE_LIMIT_WRITES": "3/minute", **config})

    return make


def submit(client, text="Fine.", address="10.0.0.1", headers=None):
    environ = {"REMOTE_ADDR": address}
    return client.post("/api/reviews", json={"text": text}, environ_base=environ, headers=headers)


def test_a_client_over_its_budget_gets_429_with_retry_after(limited_app, database):
    client = limited_app().test_client()
    for i in range(3):
        assert submit(client, f"Review {i}.").status_code == 201
    response = submit(client, "One too many.")
    error = assert_error(response, 429, "too_many_requests")
    assert 0 < int(response.headers["Retry-After"]) <= 60
    assert "3 per 1 minute" in error["message"] and "Retry-After" in error["message"]
    assert database.reviews.count_documents({}) == 3


def test_the_budget_is_shared_by_every_write_endpoint(limited_app):
    client = limited_app().test_client()
    review_id = submit(client).get_json()["_id"]
    environ = {"REMOTE_ADDR": "10.0.0.1"}
    assert client.get(f"/classify_review?_id={review_id}", environ_base=environ).status_code == 200
    trained = client.post(
        f"/train_review?_id={review_id}", json={"label": "positive"}, headers=AUTH,
        environ_base=environ,
    )  # fmt: skip
    assert trained.status_code == 200
    assert_error(client.post("/api/session", json={}, environ_base=environ), 429)


def test_reads_are_not_limited_and_other_clients_have_their_own_budget(limited_app):
    client = limited_app().test_client()
    for _ in range(3):
        submit(client)
    assert_error(submit(client), 429)
    environ = {"REMOTE_ADDR": "10.0.0.1"}
    for _ in range(5):
        assert client.get("/api/reviews", environ_base=environ).status_code == 200
        assert (
            client.post("/api/predict", json={"texts": ["ok"]}, environ_base=environ).status_code
            == 200
        )
    assert submit(client, address="10.0.0.2").status_code == 201


def test_behind_a_trusted_proxy_the_forwarded_address_is_the_client(limited_app):
    direct = limited_app().test_client()
    for i in range(4):  # without TRUSTED_PROXIES a forged header changes nothing
        response = submit(direct, headers={"X-Forwarded-For": f"192.0.2.{i}"})
    assert_error(response, 429)

    proxied = limited_app(TRUSTED_PROXIES=1).test_client()
    for i in range(4):
        assert submit(proxied, headers={"X-Forwarded-For": f"192.0.2.{i}"}).status_code == 201
