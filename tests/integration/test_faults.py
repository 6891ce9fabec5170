"""Faults under the real stack: the database down or killed, workers killed, mid-load."""

import gc
import os
import signal
import threading
import time
import warnings

import pytest
import requests
from bson import ObjectId

from db import connect
from db.embedded import EmbeddedDatabase, free_port
from server import close_app, create_app, prepare_to_serve
from tests.daemons import restart_if_stuck
from tests.helpers import AUTH, TEST_SETTINGS
from tests.servers import GunicornServer


def wait_for(predicate, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def is_ready(server):
    try:
        return requests.get(f"{server.url}/ready", timeout=10).status_code == 200
    except requests.RequestException:
        return False


def accepts_a_review(server, text):
    try:
        response = requests.post(f"{server.url}/api/reviews", json={"text": text}, timeout=30)
    except requests.RequestException:
        return False
    assert response.status_code in (201, 503), response.text
    return response.status_code == 201


def assert_unavailable(response):
    assert response.status_code == 503, response.text
    assert int(response.headers["Retry-After"]) > 0
    assert response.json()["error"]["code"] == "database_unavailable"


def test_the_app_starts_without_its_database_and_recovers_by_itself(tmp_path):
    daemon = EmbeddedDatabase(tmp_path / "db", port=free_port(), log_path=tmp_path / "db.log")
    # the app's requests give up on the missing server after 0.5 s instead of 3 s
    uri = daemon.uri.replace("/?", "/faults?serverSelectionTimeoutMS=500&")
    with GunicornServer(uri, tmp_path / "app.log", workers=2) as app:
        ready = requests.get(f"{app.url}/ready", timeout=10)
        assert ready.status_code == 503
        assert ready.json()["checks"]["database"] == "unreachable"
        assert requests.get(f"{app.url}/", timeout=10).status_code == 200  # the page still loads
        for _ in range(4):  # whichever worker answers
            assert_unavailable(requests.post(f"{app.url}/api/reviews", json={"text": "Hi."}))
            assert_unavailable(requests.get(f"{app.url}/api/reviews", timeout=10))

        daemon.start()
        try:
            assert wait_for(lambda: is_ready(app)), app.logs()
            assert wait_for(lambda: accepts_a_review(app, "Back again.")), app.logs()

            daemon.stop()  # down again under the running app
            assert_unavailable(requests.get(f"{app.url}/api/reviews", timeout=30))
            assert requests.get(f"{app.url}/ready", timeout=30).status_code == 503
            daemon.start()
            assert wait_for(lambda: is_ready(app)), app.logs()
            assert wait_for(lambda: accepts_a_review(app, "And again.")), app.logs()
            for _ in range(4):  # every worker serves again
                history = requests.get(f"{app.url}/api/reviews", timeout=30)
                assert history.status_code == 200, history.text
                texts = [item["text"] for item in history.json()["items"]]
            assert texts == ["And again.", "Back again."]
        finally:
            daemon.stop()


def test_a_process_whose_database_stops_before_it_is_ready_serves_once_it_is_back(tmp_path, caplog):
    daemon = EmbeddedDatabase(tmp_path / "db", port=free_port(), log_path=tmp_path / "db.log")
    uri = daemon.uri.replace("/?", "/faults?serverSelectionTimeoutMS=500&")
    daemon.start()
    app = create_app({"MONGODB_URI": uri, **TEST_SETTINGS})
    try:
        daemon.stop()
        try:
            prepare_to_serve(app)
        finally:
            gc.unfreeze()
        assert "label log not read before serving: ServerSelectionTimeoutError" in caplog.text
        daemon.start()
        answer = app.test_client().post("/api/predict", json={"texts": ["Back, and fine."]})
        assert answer.status_code == 200, answer.get_data(as_text=True)
    finally:
        close_app(app)
        daemon.stop()


def test_kill_9_of_a_worker_and_of_the_database_under_load_loses_nothing_acknowledged(tmp_path):
    daemon = EmbeddedDatabase(tmp_path / "db", log_path=tmp_path / "db.log").start()
    uri = daemon.uri.replace("/?", "/kill9?")
    reviews, labels, workers, lock = {}, {}, set(), threading.Lock()
    stop = threading.Event()

    def load(client_number):
        session = requests.Session()
        i = 0
        while not stop.is_set():
            i += 1
            text = f"Client {client_number}, review {i}: a warm, funny film."
            try:
                created = session.post(f"{app.url}/api/reviews", json={"text": text}, timeout=30)
                if created.status_code != 201:
                    continue
                review_id = created.json()["_id"]
                with lock:
                    reviews[review_id] = text
                    workers.add(int(created.headers["X-Served-By"]))
                label = ["positive", "negative"][i % 2]
                trained = session.post(
                    f"{app.url}/train_review", params={"_id": review_id},
                    json={"label": label}, headers=AUTH, timeout=30,
                )  # fmt: skip
                if trained.status_code == 200:
                    with lock:
                        labels[review_id] = label
            except requests.RequestException:  # the connection died with its worker: not acked
                pass

    try:
        with GunicornServer(uri, tmp_path / "app.log", workers=2) as app:
            threads = [threading.Thread(target=load, args=(n,)) for n in range(4)]
            for thread in threads:
                thread.start()
            time.sleep(3)
            with lock:
                victim = next(iter(workers))
            os.kill(victim, signal.SIGKILL)
            time.sleep(3)
            daemon.kill()
            time.sleep(1)
            daemon.start()
            time.sleep(4)
            stop.set()
            for thread in threads:
                thread.join()
            acknowledged_after_restart = requests.post(
                f"{app.url}/api/reviews", json={"text": "After it all."}, timeout=30
            )
            assert acknowledged_after_restart.status_code == 201, app.logs()
        assert len(reviews) > 20 and len(labels) > 10, (len(reviews), len(labels))

        with connect(uri) as client:
            database = client.get_default_database()
            for review_id, text in reviews.items():
                stored = database.reviews.find_one({"_id": ObjectId(review_id)})
                assert stored is not None, f"acknowledged review {review_id} is lost"
                assert stored["text"] == text
            for review_id, label in labels.items():
                stored = database.reviews.find_one({"_id": ObjectId(review_id)})
                assert stored["feedback"]["label"] == label
                event = database.label_events.find_one(
                    {"_id": stored["feedback"]["event"], "kind": "label"}
                )
                assert event["review_id"] == ObjectId(review_id) and event["label"] == label
    finally:
        daemon.stop()


def daemon_with_failpoints(tmp_path):
    return EmbeddedDatabase(
        tmp_path / "db", log_path=tmp_path / "db.log", options=["--enable-test-commands"]
    )


def hold_next_listing(client, milliseconds):
    """Make the daemon hold its next listing of collections for ``milliseconds``."""
    client.admin.command(
        "configureFailPoint",
        "failCommand",
        mode={"times": 1},
        data={
            "failCommands": ["listCollections"],
            "blockConnection": True,
            "blockTimeMS": milliseconds,
        },
    )


def test_a_worker_stuck_while_booting_tells_where_it_is(tmp_path):
    """A database that answers the handshake but holds a command holds a booting worker; the
    worker writes its stacks on SIGUSR2 all the same, and the start's report shows them."""
    daemon = daemon_with_failpoints(tmp_path)
    with daemon, connect(daemon.uri) as client:
        hold_next_listing(client, 12_000)  # past the start's timeout, with room for a slow boot
        app = GunicornServer(daemon.uri.replace("/?", "/stuck?"), tmp_path / "app.log", workers=1)
        with pytest.raises(RuntimeError) as stuck:
            app.start(timeout=8)
    report = str(stuck.value)
    assert "did not answer" in report and "the database answered a ping" in report
    assert "Thread 0x" in report and "in ensure_schema" in report, report


def test_the_tests_restart_a_database_that_stopped_answering(tmp_path):
    """The suite's own SecantusDB, if it stops answering, is restarted before the next test's
    database is made, with a warning; what it had acknowledged is still there."""
    daemon = daemon_with_failpoints(tmp_path)
    with daemon:
        with connect(daemon.uri.replace("/?", "/kept?")) as client:
            client.get_default_database().notes.insert_one({"_id": 1})
            hold_next_listing(client, 20_000)
        first = daemon.process.pid
        with pytest.warns(UserWarning, match="did not list collections"):
            restart_if_stuck(daemon, timeout_s=1)
        assert daemon.process.pid != first
        with connect(daemon.uri.replace("/?", "/kept?")) as client:
            client.admin.command("ping")
            assert client.get_default_database().notes.find_one({"_id": 1}) == {"_id": 1}
        restarted = daemon.process.pid
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            restart_if_stuck(daemon, timeout_s=1)  # answering: left running, nothing said
        assert daemon.process.pid == restarted
