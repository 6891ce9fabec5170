"""POST /api/predict: the fast path answers as the Flask view does, and leaves it the rest."""

import json

import pytest
from flask import Flask
from prometheus_client.parser import text_string_to_metric_families
from werkzeug.test import Client
from werkzeug.wrappers import Response

from server.predict_fast_path import ENDPOINT

# The headers ``server.request_log.RequestFrame`` adds around the app, fast path or not
FRAME_HEADERS = {"X-Request-ID", "X-Served-By", "X-Content-Type-Options", "Content-Security-Policy"}
ONE = {"texts": ["A gripping, beautiful film with a superb cast."]}
SEVERAL = {"texts": ["Dull and far too long.", "Un film très émouvant ✨", "Superb.\n\nMoving."]}


def flask_alone(app):
    """A client of ``app``'s Flask WSGI callable: no fast path, no frame around it."""
    return Client(lambda environ, start: Flask.wsgi_app(app, environ, start), Response)


def answer(response):
    headers = [(name, value) for name, value in response.headers if name not in FRAME_HEADERS]
    return response.status_code, headers, response.get_data()


def post(client, body, content_type="application/json"):
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    return client.post("/api/predict", data=data, content_type=content_type)


@pytest.fixture
def view_calls(app, monkeypatch):
    """The calls of the Flask view of predict (it still answers them)."""
    calls = []
    view = app.view_functions[ENDPOINT]

    def counted(*args, **kwargs):
        calls.append(1)
        return view(*args, **kwargs)

    monkeypatch.setitem(app.view_functions, ENDPOINT, counted)
    return calls


@pytest.mark.parametrize(
    ("body", "content_type"),
    [(ONE, "application/json"), (SEVERAL, "application/json"),
     (ONE, "Application/JSON; charset=utf-8")],
)  # fmt: skip
def test_a_well_formed_predict_is_answered_without_flask_as_flask_answers_it(
    app, client, view_calls, body, content_type
):
    expected = answer(post(flask_alone(app), body, content_type))
    assert len(view_calls) == 1
    response = post(client, body, content_type)
    assert answer(response) == expected
    assert expected[0] == 200
    assert len(view_calls) == 1  # the fast path answered
    assert set(response.headers.keys()) >= FRAME_HEADERS


def test_its_answers_are_counted_under_the_views_endpoint(make_app):
    client = make_app(TESTING=True, METRICS_TOKEN="scrape-me").test_client()
    scrape = {"Authorization": "Bearer scrape-me"}

    def answered():
        text = client.get("/metrics", headers=scrape).text
        return sum(
            sample.value
            for family in text_string_to_metric_families(text)
            for sample in family.samples
            if sample.name == "sentiment_http_requests_total"
            and sample.labels == {"endpoint": ENDPOINT, "method": "POST", "status": "200"}
        )

    before = answered()
    assert post(client, ONE).status_code == 200
    assert answered() == before + 1


@pytest.mark.parametrize(
    ("body", "content_type"),
    [(b'{"texts": ["ok"', "application/json"), (b"[" * 100_000, "application/json"),
     (b"\xff\xfe", "application/json"), ({}, "application/json"), ([], "application/json"),
     ({"texts": []}, "application/json"), ({"texts": ["ok"], "more": 1}, "application/json"),
     ({"texts": ["  "]}, "application/json"), ({"texts": ["x" * 20_001]}, "application/json"),
     (ONE, "text/plain"), (ONE, "application/merge-patch+json")],
)  # fmt: skip
def test_every_other_request_goes_on_to_flask_with_its_body(
    app, client, view_calls, body, content_type
):
    expected = answer(post(flask_alone(app), body, content_type))
    assert answer(post(client, body, content_type)) == expected
    assert 400 <= expected[0] < 500


def test_so_does_a_body_over_the_size_limit(make_app):
    app = make_app(MAX_CONTENT_LENGTH=1024)
    body = {"texts": ["a fine film " * 100]}
    expected = answer(post(flask_alone(app), body))
    assert expected[0] == 413
    assert answer(post(app.test_client(), body)) == expected


def test_an_exception_on_the_fast_path_leaves_the_request_to_flask(app, client, view_calls):
    service = app.extensions["runtime"].reviews
    predict, failures = service.predict, []

    def fails_once(texts):
        if not failures:
            failures.append(1)
            raise RuntimeError("once")
        return predict(texts)

    service.predict = fails_once
    try:
        response = post(client, SEVERAL)
    finally:
        del service.predict
    assert failures and len(view_calls) == 1  # the view read the body the fast path had read
    assert answer(response) == answer(post(flask_alone(app), SEVERAL))


def test_with_cors_every_predict_is_flasks(make_app):
    app = make_app(CORS_ORIGINS=["https://reviews.example.com"])
    response = post(app.test_client(), ONE)
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "https://reviews.example.com"
