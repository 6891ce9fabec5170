"""CORS: only the configured origins may call the API from a page of theirs."""

import pytest

ALLOWED = "https://reviews.example.com"
REFUSED = "https://evil.example.net"


@pytest.fixture
def cors_client(make_app):
    return make_app(CORS_ORIGINS=[ALLOWED]).test_client()


def preflight(client, origin, path="/api/reviews"):
    return client.options(
        path,
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "Content-Type",
        },
    )


def test_a_configured_origin_is_allowed_without_credentials(cors_client):
    response = preflight(cors_client, ALLOWED)
    assert response.headers["Access-Control-Allow-Origin"] == ALLOWED
    assert "Access-Control-Allow-Credentials" not in response.headers
    simple = cors_client.get("/api/reviews", headers={"Origin": ALLOWED})
    assert simple.headers["Access-Control-Allow-Origin"] == ALLOWED


def test_any_other_origin_gets_no_cors_headers(cors_client):
    for response in (
        preflight(cors_client, REFUSED),
        preflight(cors_client, REFUSED, "/train_review"),
        cors_client.get("/api/reviews", headers={"Origin": REFUSED}),
    ):
        assert "Access-Control-Allow-Origin" not in response.headers
        assert "Access-Control-Allow-Credentials" not in response.headers


def test_by_default_no_origin_is_allowed(client):
    for origin in (ALLOWED, REFUSED, "null"):
        response = preflight(client, origin)
        assert "Access-Control-Allow-Origin" not in response.headers
