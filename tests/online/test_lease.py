"""The lease on the label log: busy processes serve without a look at the log per request, and a
label is answered only once every leaseholder has it. Two apps on one database stand for two
processes; each follows the log in its own thread, as a gunicorn worker does."""

import threading
import time

from pymongo.errors import AutoReconnect

from db import ReplicaRegistry
from online import follower as follower_module
from online.follower import LogFollower
from online.lease import IDLE_S, POLL_S, QUIET_POLL_S, LogLease
from tests.conftest import operator_client
from tests.online.test_shared_model import submit, train

TEXTS = ["A quiet film about a lighthouse keeper.", "The second act drags, the end does not."]


def wait_until(condition, timeout=10.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def hold_lease(app):
    """Ask until the app's process holds its lease (as a busy worker does)."""
    client, shared = app.test_client(), app.extensions["runtime"].shared_model

    def holds():
        client.post("/api/predict", json={"texts": TEXTS})
        return shared.lease.holds()

    wait_until(holds)
    return client


def count_log_looks_by_requests(shared, monkeypatch):
    """A list that grows by one each time a thread other than the lease's looks at the log."""
    looks, has_after = [], shared.events.has_after

    def counted(position):
        if threading.current_thread().name != "log-lease":
            looks.append(position)
        return has_after(position)

    monkeypatch.setattr(shared.events, "has_after", counted)
    return looks


def test_requests_on_a_lease_do_not_look_at_the_log_and_without_one_they_do(make_app, monkeypatch):
    leased, unleased = make_app(), make_app(MODEL_LEASE_S=0)
    client = hold_lease(leased)
    looks = count_log_looks_by_requests(leased.extensions["runtime"].shared_model, monkeypatch)
    for _ in range(20):
        assert client.post("/api/predict", json={"texts": TEXTS}).status_code == 200
    assert looks == []

    other = unleased.test_client()
    other.get("/api/model")  # the first request loads the model
    looks = count_log_looks_by_requests(unleased.extensions["runtime"].shared_model, monkeypatch)
    for _ in range(20):
        assert other.post("/api/predict", json={"texts": TEXTS}).status_code == 200
    assert len(looks) == 20
    assert not unleased.extensions["runtime"].shared_model.lease.holds()


def test_a_label_is_answered_only_once_every_leaseholder_has_applied_it(make_app):
    writer, reader = make_app(), make_app()
    hold_lease(reader)
    reader_model = reader.extensions["runtime"].shared_model
    client = operator_client(writer)
    for i, label in enumerate(["positive", "negative", "positive", "negative", "positive"]):
        answer = train(client, submit(client, f"{TEXTS[i % 2]} Take {i}."), label)
        # no request to the reader since: its own thread applied the label before the answer
        assert reader_model.classifier.version == answer["model_version"]
        assert reader_model.lease.holds()


def test_a_silent_registration_costs_one_lease_of_waiting_and_is_then_removed(make_app, database):
    registry = ReplicaRegistry(database)
    registry.register("silent-process", 0, 0.5)  # registered, then never heard of again
    client = operator_client(make_app())
    review_id = submit(client, TEXTS[0])
    started = time.monotonic()
    train(client, review_id, "positive")
    assert time.monotonic() - started >= 0.5  # its lease, had it one, must have ended
    assert database.model_replicas.count_documents({"_id": "silent-process"}) == 0
    started = time.monotonic()
    train(client, review_id, "negative")
    assert time.monotonic() - started < 0.5


def test_a_registration_written_meanwhile_is_not_removed(make_app, database):
    registry = ReplicaRegistry(database)
    registry.register("slow-process", 0, 0.5)
    stop = threading.Event()

    def beat_slowly():  # writes, but never reaches the label: it is slow, not gone
        while not stop.wait(0.1):
            registry.beat("slow-process", 0, 0.5)

    beating = threading.Thread(target=beat_slowly)
    beating.start()
    try:
        client = operator_client(make_app())
        started = time.monotonic()
        train(client, submit(client, TEXTS[1]), "negative")
        assert time.monotonic() - started >= 0.5
        assert database.model_replicas.count_documents({"_id": "slow-process"}) == 1
    finally:
        stop.set()
        beating.join()


def test_a_lease_is_taken_only_after_a_look_that_began_registered(database):
    lease = LogLease(ReplicaRegistry(database), lease_s=1.0)

    def round_at(position):
        lease.record(position, time.monotonic())

    round_at(0)
    assert not lease.holds()  # registered; the look of that round began before
    assert database.model_replicas.find_one({"_id": lease.replica})["position"] == 0
    round_at(0)
    assert lease.holds()

    round_at(7)
    assert database.model_replicas.find_one({"_id": lease.replica})["position"] == 7

    lease.registry.remove(lease.replica)  # as a writer removes one it took for silent
    time.sleep(0.3)  # over a quarter lease: the next round writes
    round_at(7)
    assert not lease.holds()
    round_at(7)
    assert not lease.holds()  # registered again, no lease yet
    assert database.model_replicas.count_documents({"_id": lease.replica}) == 1
    round_at(7)
    assert lease.holds()


def test_a_database_error_ends_the_lease_at_once(database):
    class Replay:
        position, failing = 0, False

        def catch_up(self):
            if self.failing:
                raise AutoReconnect("connection lost")
            return self.position

    replay, lease = Replay(), LogLease(ReplicaRegistry(database), lease_s=5.0)
    follower = LogFollower(replay, lease)
    follower.follow_once()
    follower.follow_once()
    assert lease.holds()
    replay.failing = True
    follower.follow_once()
    assert not lease.holds()


def test_a_follower_looks_often_while_events_come_and_less_once_they_stop(database, monkeypatch):
    class Replay:
        position = 0

        def catch_up(self):
            return self.position

    monkeypatch.setattr(follower_module, "QUIET_AFTER_S", 0.3)
    replay = Replay()
    follower = LogFollower(replay, LogLease(ReplicaRegistry(database), lease_s=5.0))
    follower.follow_once()  # registers
    follower.follow_once()
    assert follower.interval() == QUIET_POLL_S
    replay.position = 1
    follower.follow_once()
    assert follower.interval() == POLL_S
    follower.follow_once()  # nothing new, but an event came within QUIET_AFTER_S
    assert follower.interval() == POLL_S
    time.sleep(0.3)
    assert follower.interval() == QUIET_POLL_S


def test_an_idle_process_gives_its_lease_up_and_leaves_the_registry(make_app, database):
    app = make_app()
    hold_lease(app)
    lease = app.extensions["runtime"].shared_model.lease
    assert database.model_replicas.count_documents({"_id": lease.replica}) == 1
    time.sleep(IDLE_S)
    wait_until(lambda: database.model_replicas.count_documents({"_id": lease.replica}) == 0)
    assert not lease.holds()
