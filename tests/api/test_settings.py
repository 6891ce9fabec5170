"""One typed settings object: the environment parsed once, and configured limits honoured."""

import pytest
from pydantic import ValidationError

from server.settings import Settings, load
from tests.helpers import assert_error


def test_the_environment_is_parsed_into_types(monkeypatch):
    monkeypatch.setenv("CORS_ORIGINS", "https://a.example, https://b.example,")
    monkeypatch.setenv("GUARD_MARGIN", "off")
    monkeypatch.setenv("MODEL_LEASE_S", "0.5")
    monkeypatch.setenv("TRAIN_TOKEN", "")  # empty means unset
    settings = Settings()
    assert settings.cors_origins == ["https://a.example", "https://b.example"]
    assert settings.guard_margin is None
    assert settings.model_lease_s == 0.5
    assert settings.train_token is None


def test_overrides_win_and_other_names_are_returned_apart(monkeypatch):
    monkeypatch.setenv("CHECKPOINT_EVERY", "10")
    settings, rest = load({"CHECKPOINT_EVERY": 3, "TESTING": True})
    assert settings.checkpoint_every == 3
    assert rest == {"TESTING": True}


@pytest.mark.parametrize(
    "name, value",
    [("MODEL_LEASE_S", "11"), ("CHECKPOINT_EVERY", "0"), ("PORT", "http"), ("GUARD_MARGIN", "-1")],
)
def test_a_value_out_of_range_stops_with_its_name(monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError, match=name.lower()):
        Settings()


def test_configured_limits_are_honoured(make_app):
    client = make_app(MAX_REVIEW_CHARS=40, MAX_BATCH_TEXTS=3, MAX_PAGE_SIZE=5).test_client()
    long = "A fine film, " * 4
    error = assert_error(client.post("/api/reviews", json={"text": long}), 422)
    assert "at most 40 characters" in str(error)
    assert client.post("/api/reviews", json={"text": long[:40]}).status_code == 201
    texts = ["Good.", "Bad.", "Fine."]
    assert client.post("/api/predict", json={"texts": texts}).status_code == 200
    error = assert_error(client.post("/api/predict", json={"texts": [*texts, "More."]}), 422)
    assert "at most 3 items" in str(error)
    error = assert_error(client.post("/api/predict", json={"texts": ["Good.", long]}), 422)
    assert "texts[1]" in str(error)
    assert client.get("/api/reviews?limit=5").status_code == 200
    assert_error(client.get("/api/reviews?limit=6"), 400)


def test_a_larger_limit_than_the_default_is_honoured(make_app):
    client = make_app(MAX_REVIEW_CHARS=30_000).test_client()
    response = client.post("/api/reviews", json={"text": "A fine film. " * 2_000})
    assert response.status_code == 201, response.get_data(as_text=True)
