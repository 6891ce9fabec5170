"""How gunicorn's workers share connections (``server.gunicorn_worker``) and CPUs.

The workers accept on one shared socket: a worker accepts from when it is ready until it begins
to stop, and only while no other worker holds fewer connections, so that kept-alive connections
spread evenly (``server.connection_balance``). Pinned, with as many workers as CPUs, each keeps
to a CPU of its own (``server.worker_cpus``).
"""

import collections
import os
import signal
import time

import pytest
import requests

from tests.conftest import fresh_database
from tests.helpers import eventually
from tests.servers import TWO_CPUS, GunicornServer, kept_connections

HELD_APP = "tests.integration.held_warm_up:create_held_app()"


def served_by_on_a_new_connection(server):
    with requests.Session() as session:
        response = session.get(f"{server.url}/health", timeout=10)
    assert response.status_code == 200
    return response.headers["X-Served-By"]


def both_workers_answer(server):
    return len({served_by_on_a_new_connection(server) for _ in range(20)}) == 2


def test_connections_go_to_the_ready_worker_while_another_warms_up(database_server, tmp_path):
    release = tmp_path / "release"
    with (
        fresh_database(database_server, "held") as uri,
        GunicornServer(
            uri,
            tmp_path / "gunicorn.log",
            workers=2,
            app=HELD_APP,
            every_worker=False,
            FIRST_WORKER_FLAG=tmp_path / "first",
            RELEASE_WARM_UP=release,
        ) as server,
    ):
        try:
            # a connection the held worker took would wait until the release: 10 s out
            served_by = {served_by_on_a_new_connection(server) for _ in range(20)}
            assert len(served_by) == 1
        finally:
            release.touch()
        assert eventually(lambda: both_workers_answer(server), seconds=60), server.logs()


@pytest.fixture
def two_workers(database_server, tmp_path):
    with (
        fresh_database(database_server, "connections") as uri,
        GunicornServer(uri, tmp_path / "gunicorn.log", workers=2) as server,
    ):
        yield server


def test_no_connection_is_reset_while_a_worker_stops(two_workers):
    assert eventually(lambda: both_workers_answer(two_workers), seconds=60), two_workers.logs()
    with requests.Session() as kept_alive:
        # an idle kept-alive connection holds its worker's graceful stop for 2 s
        stopping = kept_alive.get(f"{two_workers.url}/health", timeout=10).headers["X-Served-By"]
        os.kill(int(stopping), signal.SIGTERM)
        time.sleep(0.2)
        for _ in range(20):  # each answered 200: a connection reset or left waiting raises
            served_by_on_a_new_connection(two_workers)


def pooled_connections(server, count):
    """``kept_connections`` to ``/health``, opened as a pool opens them: not all in the same
    millisecond."""
    return kept_connections(f"{server.url}/health", count, pause_s=0.02)


def served_by(answers):
    return [answer.headers["X-Served-By"] for answer in answers]


def test_kept_alive_connections_spread_evenly_over_the_workers(two_workers):
    with pooled_connections(two_workers, 8) as answers:
        # a socket per worker, split by the kernel's hash, gives 4/4 about one time in four
        assert sorted(collections.Counter(served_by(answers)).values()) == [4, 4]


def test_a_stuck_worker_does_not_keep_the_others_from_accepting(two_workers):
    with pooled_connections(two_workers, 3) as answers:
        busier, stuck = (pid for pid, _ in collections.Counter(served_by(answers)).most_common())
        os.kill(int(stuck), signal.SIGSTOP)  # holds fewer connections, and cannot accept
        try:
            assert served_by_on_a_new_connection(two_workers) == busier
        finally:
            os.kill(int(stuck), signal.SIGCONT)


def cpus_of_workers(server):
    return {pid: os.sched_getaffinity(pid) for pid in server.worker_pids()}


@pytest.fixture
def two_pinned_workers(database_server, tmp_path):
    with (
        fresh_database(database_server, "pinned") as uri,
        GunicornServer(
            uri, tmp_path / "gunicorn.log", workers=2, cpus=TWO_CPUS, GUNICORN_PIN_WORKERS="true"
        ) as server,
    ):
        yield server


@pytest.mark.skipif(len(TWO_CPUS) < 2, reason="needs two CPUs")
def test_pinned_workers_keep_to_a_cpu_each_and_a_replacement_to_the_one_left(two_pinned_workers):
    server = two_pinned_workers
    workers = cpus_of_workers(server)
    assert sorted(map(sorted, workers.values())) == [[cpu] for cpu in sorted(TWO_CPUS)]
    killed = next(iter(workers))
    os.kill(killed, signal.SIGKILL)

    def replaced():
        now = cpus_of_workers(server)
        pinned = all(len(cpus) == 1 for cpus in now.values())  # not just forked
        return len(now) == 2 and killed not in now and pinned and now

    now = eventually(replaced, seconds=60)
    assert now, server.logs()
    (replacement,) = set(now) - set(workers)
    assert now[replacement] == workers[killed]
