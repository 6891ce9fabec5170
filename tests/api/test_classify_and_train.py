"""GET /classify_review and POST /train_review, keyed by the review's _id."""

import pytest

from tests.helpers import assert_error

UNKNOWN_ID = "0123456789abcdef01234567"


def test_classify_review_classifies_and_stores(client, stored):
    review = stored()
    response = client.get(f"/classify_review?_id={review['_id']}")
    assert response.status_code == 200
    body = response.get_json()
    assert body == {
        "_id": review["_id"],
        "sentiment": review["sentiment"],
        "probability": pytest.approx(review["probability"]),
        "model_version": review["model_version"],
        "unsure": review["unsure"],
    }


def test_train_review_stores_the_label_trains_and_reports_before_and_after(
    client, operator, stored
):
    review = stored("A gripping, beautiful film with a superb cast.")
    response = operator.post(f"/train_review?_id={review['_id']}", json={"label": "negative"})
    assert response.status_code == 200
    body = response.get_json()
    assert body["_id"] == review["_id"] and body["label"] == "negative"
    assert body["before"]["probability"] == pytest.approx(review["probability"])
    assert body["before"]["model_version"] == review["model_version"]
    assert body["model_version"] == body["after"]["model_version"] == f"{review['model_version']}+1"
    assert body["after"]["sentiment"] == "negative" or (
        body["after"]["probability"] < body["before"]["probability"]
    )

    stored_review = client.get(f"/api/reviews/{review['_id']}").get_json()
    assert stored_review["feedback"]["label"] == "negative"
    assert stored_review["model_version"] == body["model_version"]
    assert stored_review["probability"] == pytest.approx(body["after"]["probability"])


def test_training_changes_what_every_later_request_sees(client, operator, stored):
    review = stored("An odd, quiet film about a lighthouse keeper.")
    other = stored("Another odd, quiet film about a lighthouse keeper.")
    operator.post(f"/train_review?_id={review['_id']}", json={"label": "positive"})
    classified = client.get(f"/classify_review?_id={other['_id']}").get_json()
    predicted = client.post("/api/predict", json={"texts": [other["text"]]}).get_json()
    assert classified["model_version"] == predicted["model_version"]
    assert classified["model_version"].endswith("+1")
    assert classified["probability"] == pytest.approx(predicted["predictions"][0]["probability"])


@pytest.mark.parametrize(
    ("method", "path"), [("get", "/classify_review"), ("post", "/train_review")]
)
def test_id_errors(operator, method, path):
    call = getattr(operator, method)
    kwargs = {"json": {"label": "positive"}} if method == "post" else {}
    assert_error(call(path, **kwargs), 400, "invalid_parameter")
    assert_error(call(f"{path}?_id=", **kwargs), 400, "invalid_id")
    assert_error(call(f"{path}?_id=abc", **kwargs), 400, "invalid_id")
    assert_error(call(f"{path}?_id[$ne]=1", **kwargs), 400, "invalid_parameter")
    assert_error(call(f"{path}?_id={UNKNOWN_ID}", **kwargs), 404, "review_not_found")


@pytest.mark.parametrize(
    "body",
    [{}, {"label": "neutral"}, {"label": 1}, {"label": None}, {"label": "Positive"},
     {"label": "positive", "weight": 100}],
)  # fmt: skip
def test_bad_labels_are_refused_and_nothing_changes(client, operator, stored, database, body):
    review = stored()
    response = operator.post(f"/train_review?_id={review['_id']}", json=body)
    assert_error(response, 422, "validation_error")
    assert "feedback" not in database.reviews.find_one()
    assert client.get("/ready").get_json()["model_version"] == review["model_version"]


def test_train_needs_a_json_body(operator, stored):
    review = stored()
    response = operator.post(f"/train_review?_id={review['_id']}", data="label=positive")
    assert_error(response, 415, "unsupported_media_type")


def test_classify_review_recomputes_only_when_the_model_has_changed(
    client, operator, stored, database
):
    review = stored("An odd, quiet film about a lighthouse keeper.")
    first = database.reviews.find_one()
    client.get(f"/classify_review?_id={review['_id']}")
    assert database.reviews.find_one({"_id": first["_id"]}) == first  # same version: no write

    other = stored("Something else entirely.")
    operator.post(f"/train_review?_id={other['_id']}", json={"label": "positive"})
    fresh = client.get(f"/classify_review?_id={review['_id']}").get_json()
    assert fresh["model_version"] == f"{review['model_version']}+1"
    expected = client.post("/api/predict", json={"texts": [review["text"]]}).get_json()
    assert fresh["probability"] == pytest.approx(expected["predictions"][0]["probability"])
    stored_now = database.reviews.find_one({"_id": first["_id"]})
    assert stored_now["model_version"] == fresh["model_version"]
    assert stored_now["probability"] == pytest.approx(fresh["probability"])
