"""What operators see of a running app: Prometheus metrics added up across gunicorn workers, and
one JSON log line per request and per label, with no review text and no secrets."""

import json
import uuid

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families

from tests.conftest import fresh_database
from tests.helpers import AUTH, TRAIN_TOKEN, eventually
from tests.servers import GunicornServer

METRICS_TOKEN = "test-metrics-token"
SCRAPE = {"Authorization": f"Bearer {METRICS_TOKEN}"}
JSON_CONTENT = {"Content-Type": "application/json"}


@pytest.fixture(scope="module")
def server(database_server, tmp_path_factory):
    log_path = tmp_path_factory.mktemp("observed") / "gunicorn.log"
    with (
        fresh_database(database_server, "observed") as uri,
        GunicornServer(uri, log_path, workers=2, METRICS_TOKEN=METRICS_TOKEN) as server,
    ):
        yield server


def scrape(server):
    response = requests.get(f"{server.url}/metrics", headers=SCRAPE, timeout=30)
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].startswith("text/plain")
    samples = {}
    for family in text_string_to_metric_families(response.text):
        for sample in family.samples:
            key = (sample.name, tuple(sorted(sample.labels.items())))
            samples[key] = samples.get(key, 0) + sample.value
    return samples


def total(samples, name, **labels):
    """The sum of ``name``'s samples whose labels include ``labels``."""
    wanted = set(labels.items())
    return sum(value for (n, ls), value in samples.items() if n == name and wanted <= set(ls))


def fresh_connection_post(server, path, body, headers=None):
    """A request on a new connection: the kernel spreads new connections over the workers."""
    with requests.Session() as session:
        return session.post(f"{server.url}{path}", json=body, headers=headers, timeout=30)


def json_lines(server):
    return [json.loads(line) for line in server.logs().splitlines() if line.startswith("{")]


def test_each_worker_says_when_it_is_ready_to_serve(server):
    def ready_lines():
        lines = json_lines(server)
        ready = [line for line in lines if line["event"].startswith("ready at position 0 in ")]
        return ready if len(ready) == 2 else []

    assert eventually(ready_lines), server.logs()


def test_metrics_need_the_scraper_token(server):
    for headers in ({}, {"Authorization": "Bearer wrong"}, AUTH):
        response = requests.get(f"{server.url}/metrics", headers=headers, timeout=30)
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "unauthorized"


def test_counts_of_every_worker_add_up_in_one_scrape(server):
    before = scrape(server)
    served_by, request_ids = set(), set()
    for i in range(40):
        response = fresh_connection_post(server, "/api/predict", {"texts": [f"A fine film, {i}."]})
        assert response.status_code == 200
        served_by.add(response.headers["X-Served-By"])
        request_ids.add(response.headers["X-Request-ID"])
    assert len(served_by) == 2  # both workers answered some
    assert len(request_ids) == 40  # and no two requests got the same id
    after = scrape(server)

    def grew(name, **labels):
        return total(after, name, **labels) - total(before, name, **labels)

    assert grew("sentiment_http_requests_total", endpoint="predict.predict", status="200") == 40
    assert grew("sentiment_http_request_duration_seconds_count", endpoint="predict.predict") == 40
    assert grew("sentiment_predictions_total") == 40
    assert total(after, "sentiment_model_info", version=requests.get(
        f"{server.url}/api/model", timeout=30).json()["version"]) == 1  # fmt: skip
    assert total(after, "sentiment_import_jobs_running") == 0
    assert 0 < total(after, "sentiment_guard_accuracy") <= 1


def test_labels_are_counted_as_accepted_and_corrected(server):
    before = scrape(server)
    review = fresh_connection_post(server, "/api/reviews", {"text": "Lovely, warm and funny."})
    review_id = review.json()["_id"]
    for label in ("positive", "negative"):
        path = f"/train_review?_id={review_id}"
        assert fresh_connection_post(server, path, {"label": label}, AUTH).status_code == 200
    after = scrape(server)
    for outcome, grown in (("accepted", 2), ("corrected", 1)):
        name = "sentiment_labels_total"
        assert total(after, name, outcome=outcome) - total(before, name, outcome=outcome) == grown
    assert total(after, "sentiment_model_position") >= 2


def log_lines(server, request_ids):
    """The server's JSON log lines, once they include the lines of ``request_ids`` (request
    lines wait up to 0.1 s to be written, in batches)."""

    def read():
        lines = json_lines(server)
        logged = {line.get("request_id") for line in lines if line["event"] == "request"}
        return lines if set(request_ids) <= logged else []

    return eventually(read, seconds=10)


def test_one_json_line_per_request_with_its_id_and_no_text_or_secret(server):
    marker = f"zebracornflake{uuid.uuid4().hex}"
    given = "trace-" + uuid.uuid4().hex
    response = fresh_connection_post(
        server, "/api/reviews", {"text": f"{marker} was a joy."}, {"X-Request-ID": given}
    )
    assert response.headers["X-Request-ID"] == given
    review_id = response.json()["_id"]
    path = f"/train_review?_id={review_id}"
    labelled = fresh_connection_post(server, path, {"label": "positive"}, AUTH)
    assert labelled.status_code == 200
    searched = requests.get(f"{server.url}/api/reviews?q={marker}", timeout=30)
    assert searched.json()["total"] == 1
    odd = requests.get(f"{server.url}/health", headers={"X-Request-ID": 'a b"<c>'}, timeout=30)
    assert odd.headers["X-Request-ID"] != 'a b"<c>' and len(odd.headers["X-Request-ID"]) == 32
    requests.get(f"{server.url}/metrics", headers=SCRAPE, timeout=30)
    refused = requests.post(f"{server.url}/api/predict", data="{", headers=JSON_CONTENT, timeout=30)
    unknown = requests.get(f"{server.url}/nothing/h\u00e9re", timeout=30)

    answers = [response, labelled, searched, odd, refused, unknown]
    lines = log_lines(server, [answer.headers["X-Request-ID"] for answer in answers])
    requests_logged = {line["request_id"]: line for line in lines if line["event"] == "request"}
    line = requests_logged[given]
    assert (line["method"], line["path"], line["status"]) == ("POST", "/api/reviews", 201)
    assert line["duration_ms"] > 0 and line["model_version"]
    assert requests_logged[labelled.headers["X-Request-ID"]]["path"] == "/train_review"
    assert requests_logged[searched.headers["X-Request-ID"]]["path"] == "/api/reviews"
    assert odd.headers["X-Request-ID"] in requests_logged
    line = requests_logged[refused.headers["X-Request-ID"]]
    assert (line["endpoint"], line["status"]) == ("predict.predict", 400)
    line = requests_logged[unknown.headers["X-Request-ID"]]
    assert (line["endpoint"], line["status"], line["path"]) == (None, 404, "/nothing/h\u00e9re")
    (label,) = [
        line for line in lines if line["event"] == "label" and line["review_id"] == review_id
    ]
    assert label["label"] == "positive" and label["correction"] is False
    assert label["request_id"] == labelled.headers["X-Request-ID"]
    text = server.logs()
    assert marker not in text  # neither the review's text nor the search words
    assert TRAIN_TOKEN not in text and METRICS_TOKEN not in text
