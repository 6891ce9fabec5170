"""One model across gunicorn workers, two app instances, SIGKILL and restarts.

Real processes only: gunicorn with 3 workers and a second gunicorn instance on another port,
both on the same database: the tests' server (``MONGODB_URI``'s, or SecantusDB), or, for the test
that kills it, a SecantusDB daemon of this module's own.
"""

import threading

import pytest
import requests

from classifier import MovieClassifier
from db import ReviewRepository, connect, ensure_schema
from db.events import EventLog
from tests.conftest import fresh_database, start_daemon
from tests.helpers import AUTH
from tests.servers import GunicornServer

PROBES = [
    "A quiet film about a lighthouse keeper and his dog.",
    "The second act drags but the ending is something.",
    "Not what I expected from this director, to be honest.",
]


@pytest.fixture(scope="module")
def database_daemon(tmp_path_factory):
    """A daemon of this module's own, so that a test may kill it."""
    daemon = start_daemon(tmp_path_factory.mktemp("workers-db"))
    yield daemon
    daemon.stop()


@pytest.fixture
def cluster(database_server, tmp_path, request):
    """Two app instances on one fresh database: 3 workers on one, 1 on the other."""
    killable = "database_daemon" in request.fixturenames
    server = request.getfixturevalue("database_daemon") if killable else database_server
    # The guard is off: these tests count labels, and the guard would refuse some of them.
    settings = {"CHECKPOINT_EVERY": 100, "GUARD_MARGIN": "off"}
    with fresh_database(server, "workers") as uri:
        first = GunicornServer(uri, tmp_path / "a.log", workers=3, **settings).start()
        second = GunicornServer(uri, tmp_path / "b.log", workers=1, **settings).start()
        yield uri, first, second
        failed = getattr(request.node, "failed_call", False)
        for instance in (first, second):
            if failed:  # what a worker that stopped answering was doing
                instance.dump_stacks()
            instance.stop()
            # shown only if the test failed (pytest shows a failed test's captured output)
            shown = 30_000 if failed else 3000
            print(f"--- the end of {instance.log_path.name}:\n{instance.logs()[-shown:]}")


def submit(server, text):
    response = requests.post(f"{server.url}/api/reviews", json={"text": text}, timeout=30)
    response.raise_for_status()
    return response.json()["_id"]


def train(server, review_id, label):
    response = requests.post(
        f"{server.url}/train_review",
        params={"_id": review_id},
        json={"label": label},
        headers=AUTH,
        timeout=60,
    )
    assert response.status_code == 200, response.text
    return response.json()


def answers_from_every_worker(servers, review_id, workers=4, attempts=400):
    """``{pid: (classify answer, predict answer)}`` until ``workers`` processes have answered."""
    seen = {}
    for attempt in range(attempts):
        server = servers[attempt % len(servers)]
        # A new connection each time, so gunicorn spreads them over its workers.
        classified = requests.get(
            f"{server.url}/classify_review", params={"_id": review_id}, timeout=30
        )
        predicted = requests.post(f"{server.url}/api/predict", json={"texts": PROBES}, timeout=30)
        seen.setdefault(classified.headers["X-Served-By"], []).append(classified.json())
        seen.setdefault(predicted.headers["X-Served-By"], []).append(predicted.json())
        if len(seen) >= workers and attempt > 20:
            return seen
    raise AssertionError(f"only {len(seen)} processes answered in {attempts} attempts")


def assert_all_the_same(seen, version):
    classified = [a for answers in seen.values() for a in answers if "_id" in a]
    predicted = [a for answers in seen.values() for a in answers if "predictions" in a]
    assert {a["model_version"] for a in classified + predicted} == {version}
    assert len({a["probability"] for a in classified}) == 1
    assert len({tuple(p["probability"] for p in a["predictions"]) for a in predicted}) == 1
    return predicted[0]


def test_after_training_every_worker_of_both_instances_serves_the_update(cluster):
    _, first, second = cluster
    review_id = submit(first, "An odd little film, I keep thinking about it.")
    before = answers_from_every_worker([first, second], review_id)
    assert_all_the_same(before, before[next(iter(before))][0]["model_version"])
    result = train(first, review_id, "positive")
    after = answers_from_every_worker([first, second], review_id)
    assert_all_the_same(after, result["model_version"])
    assert result["model_version"].endswith("+1")


def test_a_rollback_reaches_every_worker(cluster):
    _, first, second = cluster
    ids = [submit(first, f"{PROBES[i % 3]} Take {i}.") for i in range(4)]
    train(first, ids[0], "negative")
    target = requests.post(f"{first.url}/api/predict", json={"texts": PROBES}, timeout=30).json()
    for review_id in ids[1:]:
        train(second, review_id, "positive")
    response = requests.post(
        f"{second.url}/api/model/rollback",
        json={"version": target["model_version"]},
        headers=AUTH,
        timeout=60,
    )
    assert response.status_code == 200, response.text
    served = assert_all_the_same(
        answers_from_every_worker([first, second], ids[0]), response.json()["version"]
    )
    assert [p["probability"] for p in served["predictions"]] == pytest.approx(
        [p["probability"] for p in target["predictions"]], abs=1e-12
    )


def test_acknowledged_labels_survive_sigkill_of_everything(cluster, database_daemon, tmp_path):
    uri, first, second = cluster
    ids = [submit(first, f"{PROBES[i % 3]} Number {i}.") for i in range(12)]
    for i, review_id in enumerate(ids):
        train([first, second][i % 2], review_id, ["positive", "negative"][i % 3 == 0])
    expected = requests.post(f"{first.url}/api/predict", json={"texts": PROBES}, timeout=30).json()

    first.kill()
    second.kill()
    database_daemon.kill()
    database_daemon.start()
    with GunicornServer(uri, tmp_path / "restarted.log", workers=2) as restarted:
        again = requests.post(f"{restarted.url}/api/predict", json={"texts": PROBES}, timeout=30)
    assert again.json()["model_version"] == expected["model_version"]
    assert [p["probability"] for p in again.json()["predictions"]] == pytest.approx(
        [p["probability"] for p in expected["predictions"]], abs=1e-9
    )
    with connect(uri) as client:
        log = EventLog(client.get_default_database())
        assert log.count()["labels"] == 12


def test_concurrent_labels_from_many_clients_are_applied_exactly_once(cluster):
    uri, first, second = cluster
    clients, per_client = 8, 50  # across 4 checkpoints (CHECKPOINT_EVERY 100)
    with connect(uri) as client:
        database = client.get_default_database()
        ensure_schema(database)
        repository = ReviewRepository(database)
        prediction = {"sentiment": "positive", "probability": 0.5, "model_version": "seed"}
        reviews = [
            repository.create(f"Review {i}: {PROBES[i % 3]}", prediction)["_id"]
            for i in range(clients * per_client)
        ]
    sent, errors = {}, []

    def label_all(worker):
        session = requests.Session()
        for i in range(worker * per_client, (worker + 1) * per_client):
            label = ["positive", "negative"][(i * 7) % 3 == 0]
            server = [first, second][i % 2]
            try:
                response = session.post(
                    f"{server.url}/train_review",
                    params={"_id": reviews[i]},
                    json={"label": label},
                    headers=AUTH,
                    timeout=120,
                )
                assert response.status_code == 200, response.text
                sent[reviews[i]] = label
            except Exception as error:  # noqa: BLE001 - collected and reported below
                errors.append(error)

    threads = [threading.Thread(target=label_all, args=(w,)) for w in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []

    with connect(uri) as client:
        database = client.get_default_database()
        events = list(database.label_events.find({"kind": "label"}).sort("_id", 1))
        assert len(events) == clients * per_client
        assert {e["review_id"].__str__(): e["label"] for e in events} == sent
        for review in database.reviews.find({}, {"feedback": 1}):
            assert review["feedback"]["label"] == sent[str(review["_id"])]
        last = database.label_events.find_one(sort=[("_id", -1)])["_id"]

    replayed = MovieClassifier()
    replayed.learn([(e["text"], e["label"]) for e in events], last)
    expected = [p.probability for p in replayed.classify_many(PROBES)]
    seen = answers_from_every_worker([first, second], reviews[0])
    served = assert_all_the_same(seen, replayed.version)
    assert [p["probability"] for p in served["predictions"]] == pytest.approx(expected, abs=1e-9)
