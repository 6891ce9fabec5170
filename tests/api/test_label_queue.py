"""The "needs a label" queue: least sure first by the current model, claims that keep two people
(on two replicas) off the same review, and refusals of bad requests."""

import threading
import time

import pytest
from bson import ObjectId

from tests.conftest import operator_client
from tests.helpers import assert_error

TEXTS = [
    "A masterpiece: moving, funny and beautifully acted from start to finish.",
    "Dreadful. The worst film I have seen this year, a waste of two hours.",
    "It was fine, I guess; some good scenes, some dull ones.",
    "The plot was weak but the actors were good.",
    "Not bad, not great.",
    "I loved the music and hated the script.",
    "Superb direction and a wonderful cast.",
    "Boring, predictable and far too long.",
    "An okay film with a terrible ending and a great first hour.",
    "Watchable once, if there is nothing else on.",
]


@pytest.fixture
def reviews(operator):
    stored = []
    for text in TEXTS:
        response = operator.post("/api/reviews", json={"text": text})
        assert response.status_code == 201
        stored.append(response.get_json())
    return stored


def next_review(client, claimer="claimer-one", skip=()):
    response = client.post("/api/queue/next", json={"claimer": claimer, "skip": list(skip)})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def least_sure_first(app, reviews, leave_out=()):
    """The ids of ``reviews`` by the current model's probability, least sure first."""
    classifier = app.extensions["runtime"].shared_model.classifier
    left = [r for r in reviews if r["_id"] not in leave_out]
    predictions = classifier.classify_many([r["text"] for r in left])
    pairs = sorted(
        zip(left, predictions, strict=True), key=lambda p: (p[1].probability, p[0]["_id"])
    )
    return [review["_id"] for review, _ in pairs]


def test_the_least_sure_unlabelled_review_comes_first_and_labelled_ones_leave(
    app, operator, reviews
):
    order = least_sure_first(app, reviews)
    first = next_review(operator)
    assert first["review"]["_id"] == order[0]
    assert first["review"]["probability"] < 2 / 3 and first["review"]["unsure"]
    assert first["unsure_left_is_exact"] and first["unsure_left"] >= 1

    response = operator.post(
        f"/train_review?_id={order[0]}", json={"label": first["review"]["sentiment"]}
    )
    assert response.status_code == 200
    # The model changed: the next one is the least sure by the new version, among the rest.
    following = next_review(operator)
    assert following["model_version"] == response.get_json()["model_version"]
    assert following["review"]["_id"] == least_sure_first(app, reviews, {order[0]})[0]
    assert following["review"]["model_version"] == following["model_version"]


def test_stale_stored_predictions_are_rescored_and_written_back(app, operator, reviews, database):
    sure = least_sure_first(app, reviews)[-1]  # the review the model is surest of
    database.reviews.update_one(
        {"_id": ObjectId(sure)}, {"$set": {"probability": 0.5, "model_version": "old"}}
    )
    offered = next_review(operator)["review"]
    assert offered["_id"] != sure  # stored as the least sure, but not by the current model
    stored = operator.get(f"/api/reviews/{sure}").get_json()
    assert stored["model_version"] != "old" and stored["probability"] > 0.5


def test_skipped_reviews_are_not_offered_again_and_the_queue_ends(operator, reviews):
    seen = []
    for _ in reviews:
        offered = next_review(operator, skip=seen)["review"]
        assert offered["_id"] not in seen
        seen.append(offered["_id"])
    assert sorted(seen) == sorted(r["_id"] for r in reviews)
    last = next_review(operator, skip=seen)
    assert last["review"] is None and last["claimed_until"] is None


def test_a_claimed_review_is_not_offered_to_another_until_the_claim_expires(make_app, reviews):
    app = make_app(QUEUE_CLAIM_S=1)
    client = operator_client(app)
    first = next_review(client, "person-aaaa")["review"]
    second = next_review(client, "person-bbbb")["review"]
    assert second["_id"] != first["_id"]
    # The same person asking again keeps their claim; another is offered the next one.
    assert next_review(client, "person-aaaa")["review"]["_id"] == first["_id"]
    time.sleep(1.2)
    assert next_review(client, "person-bbbb")["review"]["_id"] == first["_id"]


def test_two_people_on_two_replicas_never_get_the_same_review_at_once(make_app, reviews):
    replicas = [operator_client(make_app()), operator_client(make_app())]
    labelled = []

    def ask_and_label(i, offered):
        review = next_review(replicas[i], f"person-{i}-labelling")["review"]
        offered[i] = review
        url = f"/train_review?_id={review['_id']}"
        assert replicas[i].post(url, json={"label": review["sentiment"]}).status_code == 200

    for round_number in range(len(reviews) // 2):
        offered = [None, None]
        threads = [threading.Thread(target=ask_and_label, args=(i, offered)) for i in (0, 1)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert None not in offered, round_number
        assert offered[0]["_id"] != offered[1]["_id"], round_number
        labelled += [review["_id"] for review in offered]
    assert sorted(labelled) == sorted(r["_id"] for r in reviews)
    assert next_review(replicas[0], "person-0-labelling")["review"] is None


def test_the_queue_reads_its_candidates_through_an_index(app, reviews, database):
    band = {"$gte": 0.5, "$lt": 0.502}  # one band of probability (db/label_queue.py)
    plan = (
        database.reviews.find({"labelled": False, "probability": band})
        .sort([("labelled", 1), ("probability", 1), ("_id", 1)])
        .limit(50)
        .explain()
    )
    assert "IXSCAN" in str(plan["queryPlanner"]["winningPlan"])


def test_the_queue_needs_a_trainer_and_refuses_bad_requests(client, operator, reviews):
    assert_error(client.post("/api/queue/next", json={"claimer": "person-aaaa"}), 401)
    for body in (
        {"claimer": "short"},
        {"claimer": "has spaces in it"},
        {"claimer": "person-aaaa", "skip": ["not-an-id"]},
        {"claimer": "person-aaaa", "skip": ["ab" * 12] * 201},
        {"claimer": "person-aaaa", "extra": 1},
        {},
    ):
        assert_error(operator.post("/api/queue/next", json=body), 422)
