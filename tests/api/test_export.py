"""Export of the reviews a search matches, as CSV and JSON Lines."""

import csv
import io
import json

import pytest

from tests.helpers import assert_error

FORMULAS = ["=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)", "\tTab first"]


@pytest.fixture
def reviews(operator):
    texts = ["A dune of a film, superb.", "Dull dune sequel, awful.", *FORMULAS]
    stored = [operator.post("/api/reviews", json={"text": t}).get_json() for t in texts]
    operator.post(f"/train_review?_id={stored[1]['_id']}", json={"label": "negative"})
    return stored


def export(client, **params):
    response = client.get("/api/reviews/export", query_string=params)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response


def test_csv_has_every_review_newest_first_with_labels_and_times(client, reviews):
    response = export(client, format="csv")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [r["_id"] for r in rows] == [r["_id"] for r in reversed(reviews)]
    labelled = next(r for r in rows if r["_id"] == reviews[1]["_id"])
    assert labelled["label"] == "negative" and labelled["labelled_at"].startswith("20")
    unlabelled = next(r for r in rows if r["_id"] == reviews[0]["_id"])
    assert unlabelled["label"] == "" and unlabelled["text"] == "A dune of a film, superb."
    assert float(unlabelled["probability"]) >= 0.5 and unlabelled["model_version"]


def test_csv_cells_a_spreadsheet_would_run_start_with_a_quote(client, reviews):
    rows = csv.DictReader(io.StringIO(export(client, format="csv").get_data(as_text=True)))
    texts = {r["text"] for r in rows}
    assert {"'" + formula for formula in FORMULAS} <= texts
    assert not any(t.startswith(("=", "+", "-", "@", "\t")) for t in texts)


def test_jsonl_keeps_texts_as_they_are_and_follows_the_search(client, reviews):
    response = export(client, format="jsonl", q="dune", labelled="true")
    assert response.mimetype == "application/x-ndjson"
    lines = [json.loads(line) for line in response.get_data(as_text=True).splitlines()]
    assert [r["_id"] for r in lines] == [reviews[1]["_id"]]
    everything = export(client, format="jsonl").get_data(as_text=True).splitlines()
    assert set(FORMULAS) <= {json.loads(line)["text"] for line in everything}
    listed = client.get("/api/reviews", query_string={"q": "dune", "limit": 100}).get_json()
    exported = export(client, format="jsonl", q="dune").get_data(as_text=True).splitlines()
    assert [json.loads(line)["_id"] for line in exported] == [r["_id"] for r in listed["items"]]


def test_an_empty_export_is_a_header_or_nothing(client):
    assert export(client, format="csv").get_data(as_text=True).startswith("_id,created_at,text")
    assert export(client, format="jsonl").get_data(as_text=True) == ""


def test_bad_export_requests_are_refused(client):
    assert_error(client.get("/api/reviews/export?format=xlsx"), 400)
    assert_error(client.get("/api/reviews/export?since=2026-01-01"), 400)  # no time zone
