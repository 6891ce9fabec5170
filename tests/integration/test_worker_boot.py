"""A gunicorn worker takes connections only once it is ready to answer them.

Each worker listens on a socket of its own (``reuse_port``) and the kernel spreads new
connections over the sockets listening: one opened before the worker had warmed up would hold
its share of them unanswered until it had (``server.gunicorn_worker``).
"""

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


def test_connections_go_to_the_ready_worker_while_another_warms_up(database_server, tmp_path):
    release = tmp_path / "release"
    with (
        fresh_database(database_server, "held") as uri,
        GunicornServer(
            uri,
            tmp_path / "gunicorn.log",
            workers=2,
            app=HELD_APP,
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

        def both_workers_answer():
            return len({served_by_on_a_new_connection(server) for _ in range(20)}) == 2

        assert eventually(both_workers_answer, seconds=60), server.logs()
