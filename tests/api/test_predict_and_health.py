"""POST /api/predict, /health, /ready, the page and the OpenAPI document."""

import pytest

from tests.helpers import assert_error


def test_predict_classifies_in_order_without_storing(client, review_count):
    texts = ["Superb and moving.", "Dull, awful, boring.", "Superb and moving."]
    response = client.post("/api/predict", json={"texts": texts})
    assert response.status_code == 200
    body = response.get_json()
    sentiments = [p["sentiment"] for p in body["predictions"]]
    assert sentiments == ["positive", "negative", "positive"]
    assert body["predictions"][0] == body["predictions"][2]
    assert all(p["model_version"] == body["model_version"] for p in body["predictions"])
    assert review_count() == 0


def test_predict_takes_ten_thousand_texts(client):
    response = client.post("/api/predict", json={"texts": ["a fine film"] * 10_000})
    assert response.status_code == 200
    assert len(response.get_json()["predictions"]) == 10_000


@pytest.mark.parametrize(
    "body",
    [{}, {"texts": []}, {"texts": "one text"}, {"texts": [1]}, {"texts": ["ok", ""]},
     {"texts": ["ok", "  "]}, {"texts": ["x" * 20_001]}, {"texts": ["ok"] * 10_001}],
)  # fmt: skip
def test_predict_refuses_bad_batches(client, body):
    assert_error(client.post("/api/predict", json=body), 422, "validation_error")


def test_health_and_ready(client, app):
    assert client.get("/health").get_json() == {"status": "ok"}
    ready = client.get("/ready")
    assert ready.status_code == 200
    body = ready.get_json()
    assert body["status"] == "ready"
    assert body["model_version"] == app.extensions["runtime"].shared_model.classifier.version


def test_ready_is_503_when_the_database_is_unreachable(make_app):
    app = make_app(MONGODB_URI="mongodb://127.0.0.1:9/x?serverSelectionTimeoutMS=200")
    client = app.test_client()
    assert client.get("/health").status_code == 200
    ready = client.get("/ready")
    assert ready.status_code == 503
    assert ready.get_json()["checks"]["database"] == "unreachable"
    response = client.post("/api/reviews", json={"text": "fine"})
    assert_error(response, 503, "database_unavailable")
    assert response.headers["Retry-After"]


def test_the_page_is_served(client):
    page = client.get("/")
    assert page.status_code == 200
    assert b'<script type="module" src="/static/js/main.js">' in page.data
    assert client.get("/static/js/main.js").status_code == 200
    assert client.get("/static/css/app.css").status_code == 200
    # Only the page's scripts and styles: not its npm packages, its lock file or the docs page.
    for path in ("/static/node_modules/redoc/package.json", "/static/package.json",
                 "/static/index.html", "/static/js/../package.json"):  # fmt: skip
        assert client.get(path).status_code == 404, path


def test_the_api_docs_page_is_served_from_this_origin(client):
    page = client.get("/apidoc/redoc/")
    assert page.status_code == 200
    assert b'<script src="/apidoc/redoc.standalone.js">' in page.data
    assert b"http" not in page.data  # nothing from elsewhere
    script = client.get("/apidoc/redoc.standalone.js")
    assert script.status_code == 200 and len(script.data) > 100_000
    policy = page.headers["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "default-src 'self'" in policy


def test_the_openapi_document_lists_every_endpoint(client):
    document = client.get("/apidoc/openapi.json").get_json()
    assert {"/api/reviews", "/api/reviews/{review_id}", "/api/predict", "/classify_review",
            "/train_review"} <= set(document["paths"])  # fmt: skip


def test_the_openapi_document_shows_what_each_endpoint_validates(client):
    paths = client.get("/apidoc/openapi.json").get_json()["paths"]

    def body_schema(operation):
        return operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]

    def parameters(operation):
        return {parameter["name"] for parameter in operation["parameters"]}

    assert "PredictIn" in body_schema(paths["/api/predict"]["post"])
    assert "ReviewIn" in body_schema(paths["/api/reviews"]["post"])
    assert parameters(paths["/classify_review"]["get"]) == {"_id"}
    assert parameters(paths["/train_review"]["post"]) == {"_id"}
    assert "TrainIn" in body_schema(paths["/train_review"]["post"])
    assert {"limit", "cursor", "sentiment"} <= parameters(paths["/api/reviews"]["get"])


def test_responses_forbid_inline_script_and_sniffing(client):
    for response in (client.get("/"), client.get("/api/reviews"), client.get("/api/nothing")):
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        policy = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy


def test_a_prediction_under_two_thirds_is_marked_unsure(client):
    texts = ["A wonderful, moving film with a superb cast.", "I watched it on Tuesday."]
    response = client.post("/api/predict", json={"texts": texts})
    sure, unsure = response.get_json()["predictions"]
    assert sure["probability"] >= 2 / 3 and sure["unsure"] is False
    assert unsure["probability"] < 2 / 3 and unsure["unsure"] is True
    assert {sure["sentiment"], unsure["sentiment"]} <= {"positive", "negative"}
