"""A gunicorn worker listens only while it accepts: from when it is ready until it stops.

Each worker listens on a socket of its own (``reuse_port``) and the kernel spreads new
connections over the sockets listening: one opened before the worker had warmed up would hold
its share of them unanswered until it had, and one left open through a graceful stop would hold
them until it closed, then reset them (``server.gunicorn_worker``).
"""

import os
import signal
import time

import requests

from tests.conftest import fresh_database
from tests.helpers import eventually
from tests.servers import GunicornServer

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
            # on the held worker's socket, a connection would wait until the release: 10 s out
            served_by = {served_by_on_a_new_connection(server) for _ in range(20)}
            assert len(served_by) == 1
        finally:
            release.touch()
        assert eventually(lambda: both_workers_answer(server), seconds=60), server.logs()


def test_no_connection_is_reset_while_a_worker_stops(database_server, tmp_path):
    with (
        fresh_database(database_server, "stopping") as uri,
        GunicornServer(uri, tmp_path / "gunicorn.log", workers=2) as server,
    ):
        assert eventually(lambda: both_workers_answer(server), seconds=60), server.logs()
        with requests.Session() as kept_alive:
            # an idle kept-alive connection holds its worker's graceful stop for 2 s
            stopping = kept_alive.get(f"{server.url}/health", timeout=10).headers["X-Served-By"]
            os.kill(int(stopping), signal.SIGTERM)
            time.sleep(0.2)
            for _ in range(20):  # each answered 200: a connection reset or left waiting raises
                served_by_on_a_new_connection(server)
