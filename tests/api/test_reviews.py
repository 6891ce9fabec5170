"""POST/GET /api/reviews through the real app against a real database server."""

from datetime import datetime

import pytest

from tests.helpers import assert_error

UNKNOWN_ID = "0123456789abcdef01234567"


def test_submit_stores_and_returns_the_classified_review(client, review_count):
    response = client.post("/api/reviews", json={"text": "What a wonderful, moving film!"})
    assert response.status_code == 201
    review = response.get_json()
    assert set(review) >= {"_id", "text", "sentiment", "probability", "model_version", "created_at"}
    assert len(review["_id"]) == 24 and int(review["_id"], 16) >= 0
    assert review["sentiment"] == "positive"
    assert 0.5 < review["probability"] <= 1
    datetime.fromisoformat(review["created_at"])
    assert response.headers["Location"] == f"/api/reviews/{review['_id']}"
    assert review_count() == 1


def test_text_is_stored_exactly_as_given(client, stored):
    text = "  Émotion 🎬 <b>bold</b>\n\tand\u0007control  "
    review = stored(text)
    assert client.get(f"/api/reviews/{review['_id']}").get_json()["text"] == text


def test_get_one_review(client, stored):
    review = stored()
    response = client.get(f"/api/reviews/{review['_id']}")
    assert response.status_code == 200
    assert response.get_json() == review


def test_get_malformed_and_unknown_ids(client):
    assert_error(client.get("/api/reviews/not-an-id"), 400, "invalid_id")
    assert_error(client.get(f"/api/reviews/{UNKNOWN_ID}"), 404, "review_not_found")


def test_history_is_newest_first_with_total_and_cursor(client, stored):
    ids = [stored(f"Review number {i}, a fine film.")["_id"] for i in range(5)]
    first = client.get("/api/reviews?limit=2").get_json()
    assert first["total"] == 5 and first["limit"] == 2 and first["page"] == 1
    assert [r["_id"] for r in first["items"]] == ids[::-1][:2]
    second = client.get(f"/api/reviews?limit=2&cursor={first['next_cursor']}").get_json()
    assert [r["_id"] for r in second["items"]] == ids[::-1][2:4]
    third = client.get("/api/reviews?limit=2&page=3").get_json()
    assert [r["_id"] for r in third["items"]] == ids[:1]
    assert third["next_cursor"] is None


def test_history_filters_by_sentiment(client, stored):
    stored("Superb, wonderful, a masterpiece.")
    stored("Awful, boring, a waste of time.")
    page = client.get("/api/reviews?sentiment=negative").get_json()
    assert page["total"] == 1 and page["items"][0]["sentiment"] == "negative"


def test_an_empty_history_searched_and_filtered(client):
    for query in ("q=dune", "labelled=true&q=dune", "since=2000-01-01T00:00:00Z&unsure=true"):
        page = client.get(f"/api/reviews?{query}").get_json()
        assert (page["items"], page["total"]) == ([], 0), query


def test_empty_history(client):
    assert client.get("/api/reviews").get_json() == {
        "items": [], "total": 0, "total_is_exact": True, "page": 1, "limit": 20,
        "next_cursor": None, "searched_back_to": None,
    }  # fmt: skip


@pytest.mark.parametrize(
    "query",
    [
        "limit=0",
        "limit=101",
        "limit=ten",
        "page=0",
        "page=-1",
        "page=101",
        "sentiment=neutral",
        "cursor=zzz",
    ],  # fmt: skip
)
def test_bad_history_parameters_are_400(client, query):
    response = client.get(f"/api/reviews?{query}")
    assert_error(response, 400)


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({}, 422, "validation_error"),
        ({"text": ""}, 422, "validation_error"),
        ({"text": "   \n\t"}, 422, "validation_error"),
        ({"text": 42}, 422, "validation_error"),
        ({"text": ["a"]}, 422, "validation_error"),
        ({"text": None}, 422, "validation_error"),
        ({"text": {"$gt": ""}}, 422, "validation_error"),
        ({"text": "fine", "extra": 1}, 422, "validation_error"),
        ({"text": "x" * 20_001}, 422, "validation_error"),
        ([{"text": "fine"}], 422, "validation_error"),
        ("just a string", 422, "validation_error"),
    ],
)
def test_invalid_reviews_are_refused_and_nothing_is_stored(
    client, review_count, body, status, code
):
    assert_error(client.post("/api/reviews", json=body), status, code)
    assert review_count() == 0


def test_the_longest_allowed_text_is_accepted(client):
    assert client.post("/api/reviews", json={"text": "good " * 4000}).status_code == 201


@pytest.mark.parametrize(
    ("data", "content_type", "status", "code"),
    [
        ("{not json", "application/json", 400, "invalid_json"),
        ("", "application/json", 400, "invalid_json"),
        (b'{"text": "\xff\xfe"}', "application/json", 400, "invalid_json"),
        ("[" * 50_000 + "]" * 50_000, "application/json", 400, "invalid_json"),
        ('{"text": "fine"}', "text/plain", 415, "unsupported_media_type"),
        ("text=fine", "application/x-www-form-urlencoded", 415, "unsupported_media_type"),
    ],
)
def test_malformed_bodies_are_refused(client, review_count, data, content_type, status, code):
    response = client.post("/api/reviews", data=data, content_type=content_type)
    assert_error(response, status, code)
    assert review_count() == 0


def test_a_body_over_the_limit_is_413(app, client, review_count):
    app.config["MAX_CONTENT_LENGTH"] = 1000
    response = client.post("/api/reviews", json={"text": "long " * 300})
    assert_error(response, 413, "payload_too_large")
    assert review_count() == 0


def test_unknown_routes_and_methods_answer_in_the_error_shape(client):
    assert_error(client.get("/api/nothing-here"), 404, "not_found")
    assert_error(client.delete("/api/reviews"), 405, "method_not_allowed")
    assert_error(client.put("/classify_review"), 405, "method_not_allowed")


def test_explain_returns_exact_signed_contributions_with_spans(client, stored):
    text = "Not good at all. A boring, clumsy mess, though the music is lovely."
    review = stored(text)
    body = client.get(f"/api/reviews/{review['_id']}?explain=true&top=5").get_json()
    explanation = body["explanation"]
    assert body["text"] == text
    assert 1 <= len(explanation["phrases"]) <= 5
    assert explanation["sentiment"] == "negative"
    assert explanation["model_version"] == review["model_version"]
    contributions = [p["contribution"] for p in explanation["phrases"]]
    assert contributions == sorted(contributions, key=abs, reverse=True)
    for phrase in explanation["phrases"]:
        for start, end in phrase["spans"]:
            words = phrase["feature"].replace("_NEG", "").split()
            assert text[start:end].lower().split() == words
    assert "explanation" not in client.get(f"/api/reviews/{review['_id']}").get_json()


def test_explain_parameters_are_checked(client, stored):
    review = stored()
    assert_error(client.get(f"/api/reviews/{review['_id']}?explain=perhaps"), 400)
    assert_error(client.get(f"/api/reviews/{review['_id']}?explain=1&top=0"), 400)


@pytest.mark.parametrize(
    "text",
    [
        "Great film \U0001f3ac\U0001f44d, loved it \u2764\ufe0f",
        "Tabs\tand\nnew lines\r\nand a bell \u0007 and a NUL \u0000 inside",
        "\u202eright-to-left override, zero\u200bwidth space",
        '<script>alert(1)</script> {"$gt": ""} \'; DROP TABLE reviews; --',
    ],
)
def test_control_characters_emoji_and_markup_are_stored_exactly(client, text):
    created = client.post("/api/reviews", json={"text": text})
    assert created.status_code == 201, created.get_data(as_text=True)
    assert client.get(f"/api/reviews/{created.get_json()['_id']}").get_json()["text"] == text


def test_a_lone_surrogate_is_refused_not_stored(client, review_count):
    # Valid JSON, but not a string that UTF-8 (or BSON) can hold.
    response = client.post(
        "/api/reviews", data='{"text": "half a pair \\ud800 here"}', content_type="application/json"
    )
    assert_error(response, 422)
    assert review_count() == 0


@pytest.mark.parametrize(
    "query",
    ['_id={"$ne": null}', '_id={"$gt": ""}', "_id[$gt]=", "_id=%00", "_id=" + "a" * 10_000],
)
def test_an_id_that_is_not_24_hex_digits_never_reaches_a_query(operator, query):
    for response in (
        operator.get(f"/classify_review?{query}"),
        operator.post(f"/train_review?{query}", json={"label": "positive"}),
    ):
        assert_error(response, 400)


def test_a_review_with_its_summary(client):
    text = (
        "I went in with low hopes. The lead is wonderful and the score is gorgeous. "
        "The middle hour drags a little. Still, it is the most moving film I have seen this year. "
        "My friend fell asleep."
    )
    review_id = client.post("/api/reviews", json={"text": text}).get_json()["_id"]
    review = client.get(f"/api/reviews/{review_id}?summary=true").get_json()
    assert review["sentiment"] == "positive"
    summary = review["summary"]
    assert 1 <= len(summary) <= 2
    assert [s["start"] for s in summary] == sorted(s["start"] for s in summary)
    for sentence in summary:
        assert text[sentence["start"] : sentence["end"]] == sentence["text"]
    assert any("wonderful" in s["text"] or "moving" in s["text"] for s in summary)
    assert "summary" not in client.get(f"/api/reviews/{review_id}").get_json()
    short = client.post("/api/reviews", json={"text": "Great. Loved it."}).get_json()["_id"]
    assert client.get(f"/api/reviews/{short}?summary=true").get_json()["summary"] == []


def test_label_history_marks_corrections(client, operator):
    review_id = client.post("/api/reviews", json={"text": "A quiet film."}).get_json()["_id"]
    assert client.get(f"/api/reviews/{review_id}/labels").get_json()["labels"] == []
    for label in ("positive", "positive", "negative"):
        train = operator.post(f"/train_review?_id={review_id}", json={"label": label})
        assert train.status_code == 200
    labels = client.get(f"/api/reviews/{review_id}/labels").get_json()["labels"]
    assert [(e["label"], e["correction"]) for e in labels] == [
        ("positive", False),
        ("negative", True),
    ]
    assert labels[0]["event"] < labels[1]["event"]
    assert_error(client.get("/api/reviews/0123456789abcdef01234567/labels"), 404)
    assert_error(client.get("/api/reviews/nope/labels"), 400, "invalid_id")


def test_delete_needs_the_trainers_door_and_keeps_totals_right(client, operator, database):
    kept = client.post("/api/reviews", json={"text": "Lovely, warm, funny."}).get_json()
    gone = client.post("/api/reviews", json={"text": "Dull and far too long."}).get_json()
    operator.post(f"/train_review?_id={gone['_id']}", json={"label": "negative"})
    assert_error(client.delete(f"/api/reviews/{gone['_id']}"), 401)
    response = operator.delete(f"/api/reviews/{gone['_id']}")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json() == {"_id": gone["_id"], "deleted": True}
    assert_error(client.get(f"/api/reviews/{gone['_id']}"), 404, "review_not_found")
    assert_error(operator.delete(f"/api/reviews/{gone['_id']}"), 404, "review_not_found")
    history = client.get("/api/reviews").get_json()
    assert history["total"] == 1 and [r["_id"] for r in history["items"]] == [kept["_id"]]
    filtered = client.get(f"/api/reviews?sentiment={gone['sentiment']}").get_json()
    assert gone["_id"] not in [r["_id"] for r in filtered["items"]]
    assert filtered["total"] == (1 if kept["sentiment"] == gone["sentiment"] else 0)
    # the label it had stays in the log, so the model that learnt it is rebuilt the same
    assert database.label_events.count_documents({"kind": "label"}) == 1
    assert client.get("/api/model").get_json()["position"] == 1


def test_search_and_filters_through_the_api(client, operator):
    texts = ["Dune is a slow, gorgeous film.", "DUNE: the worms steal it.", "A film about bees."]
    ids = [client.post("/api/reviews", json={"text": t}).get_json()["_id"] for t in texts]
    operator.post(f"/train_review?_id={ids[2]}", json={"label": "negative"})
    found = client.get("/api/reviews?q=dune").get_json()
    assert [r["_id"] for r in found["items"]] == ids[1::-1]
    assert found["total"] == 2 and found["total_is_exact"] is True
    assert client.get("/api/reviews?q=dune%20worms").get_json()["total"] == 1
    labelled = client.get("/api/reviews?labelled=true").get_json()
    assert [r["_id"] for r in labelled["items"]] == [ids[2]]
    assert client.get("/api/reviews?labelled=false&q=film").get_json()["total"] == 1
    created = client.get(f"/api/reviews/{ids[1]}").get_json()["created_at"]
    since = client.get("/api/reviews", query_string={"since": created}).get_json()
    assert [r["_id"] for r in since["items"]] == ids[:0:-1]
    assert_error(client.get("/api/reviews?since=2026-01-01T00:00:00"), 400, "invalid_parameter")
    assert_error(client.get("/api/reviews?since=0001-01-01T00:00:00Z"), 400, "invalid_parameter")
    assert_error(client.get("/api/reviews?unsure=maybe"), 400, "invalid_parameter")
    assert_error(client.get("/api/reviews?q=" + "x" * 201), 400, "invalid_parameter")
