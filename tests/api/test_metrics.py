"""GET /metrics in one process (the gunicorn case, across workers: tests/integration)."""

from prometheus_client.parser import text_string_to_metric_families

from tests.helpers import AUTH, assert_error


def test_absent_while_no_metrics_token_is_set(client):
    assert_error(client.get("/metrics"), 404, "not_found")
    assert_error(client.get("/metrics", headers=AUTH), 404, "not_found")


def test_answers_the_scraper_with_prometheus_text(make_app):
    client = make_app(TESTING=True, METRICS_TOKEN="scrape-me").test_client()
    assert_error(client.get("/metrics"), 401, "unauthorized")
    client.get("/health")
    response = client.get("/metrics", headers={"Authorization": "Bearer scrape-me"})
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    text = response.get_data(as_text=True)
    health = 'sentiment_http_requests_total{endpoint="health.health",method="GET",status="200"}'
    assert health in text
    assert "sentiment_model_position 0.0" in text


def test_a_method_no_client_should_send_is_counted_as_other(make_app):
    client = make_app(TESTING=True, METRICS_TOKEN="scrape-me").test_client()
    for method in ("BREW", "WHEN"):
        assert client.open("/health", method=method).status_code == 405
    text = client.get("/metrics", headers={"Authorization": "Bearer scrape-me"}).get_data(True)
    assert 'method="other",status="405"' in text
    assert "BREW" not in text and "WHEN" not in text


def test_predictions_are_counted_by_verdict(make_app):
    client = make_app(TESTING=True, METRICS_TOKEN="scrape-me").test_client()

    def counted():
        text = client.get("/metrics", headers={"Authorization": "Bearer scrape-me"}).text
        samples = {
            sample.labels["label"]: sample.value
            for family in text_string_to_metric_families(text)
            if family.name == "sentiment_predictions"
            for sample in family.samples
            if sample.name == "sentiment_predictions_total"
        }
        return samples.get("positive", 0), samples.get("negative", 0)

    before = counted()
    texts = ["A wonderful, moving film.", "Dull and lifeless. Avoid it.", "Superb, I loved it."]
    assert client.post("/api/predict", json={"texts": texts}).status_code == 200
    assert client.post("/api/predict", json={"texts": texts[:1]}).status_code == 200
    positive, negative = counted()
    assert (positive - before[0], negative - before[1]) == (3, 1)
