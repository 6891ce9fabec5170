"""Shared fixtures: a real database server over TCP, a fresh database per test, the app.

The server is a SecantusDB daemon started for the session, or, with ``MONGODB_URI`` set, the
MongoDB server (or replica set) it names: each test then gets its own database on it, dropped
after the test. Tests that stop or kill the database start their own SecantusDB either way.
"""

import os
import uuid
from contextlib import contextmanager

import pytest

from db import connect
from db.embedded import EmbeddedDatabase
from server import close_app, create_app
from tests.daemons import restart_if_stuck
from tests.helpers import AUTH, TEST_SETTINGS

# SecantusDB 0.7.0b3 can deadlock once WiredTiger's cache is under pressure: a connection thread
# holding the storage lock is made to help evict and waits for the cache to drain, while the other
# connection threads, some of them waiting to release their read snapshots, wait for that lock
# (gdb: one thread in ``__wt_cache_eviction_worker``, the eviction threads idle, no CPU used). A
# daemon serves all of a pytest worker's tests, and with the default 1 GB cache most runs of the
# suite came to that point while a test saved model checkpoints (13 MB each).
DAEMON_CACHE = "2G"


def start_daemon(base):
    """A SecantusDB daemon on a free port with its data and log under ``base``."""
    return EmbeddedDatabase(
        base / "data", log_path=base / "secantusdb.log", options=["--cache-size", DAEMON_CACHE]
    ).start()


class ExternalServer:
    """The MongoDB server that ``MONGODB_URI`` names (the tests neither start nor stop it)."""

    def __init__(self, uri):
        self.uri = uri


@pytest.fixture(scope="session")
def database_server(tmp_path_factory):
    """The tests' database server: ``MONGODB_URI``'s, or a SecantusDB daemon for the session on
    a free port with its data in a temporary directory."""
    if os.environ.get("MONGODB_URI"):
        yield ExternalServer(os.environ["MONGODB_URI"])
        return
    server = start_daemon(tmp_path_factory.mktemp("secantusdb"))
    yield server
    server.stop()


def uri_for(server, database_name):
    """The server's URI with ``database_name`` as the default database (credentials keep
    authenticating where they did: against the URI's database, or admin)."""
    head, _, options = server.uri.partition("?")
    scheme, _, rest = head.partition("://")
    hosts, _, given = rest.partition("/")
    options = [option for option in options.split("&") if option]
    if "@" in hosts and not any(o.lower().startswith("authsource=") for o in options):
        options.append(f"authSource={given or 'admin'}")
    return f"{scheme}://{hosts}/{database_name}?{'&'.join(options)}"


@contextmanager
def fresh_database(server, prefix="test"):
    """A URI on ``server`` naming a new database, dropped on exit from a server the tests did
    not start. The tests' own SecantusDB goes with its temporary directory instead: dropping a
    database there deletes every index entry one by one (28 s for 1,000 reviews' words)."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    if isinstance(server, EmbeddedDatabase):
        restart_if_stuck(server)
    yield uri_for(server, name)
    if isinstance(server, ExternalServer):
        with connect(server.uri) as client:
            client.drop_database(name)


@pytest.fixture
def database_uri(database_server):
    """A URI naming a fresh, empty database; the database is dropped after the test."""
    with fresh_database(database_server) as uri:
        yield uri


@pytest.fixture
def make_app(database_uri):
    """``make_app(**settings)``: an app on the test's database, closed after the test (before
    the database is dropped: a lease renewal would make it again)."""
    made = []

    def make(**settings):
        app = create_app({"MONGODB_URI": database_uri, **TEST_SETTINGS, **settings})
        made.append(app)
        return app

    yield make
    for app in made:
        close_app(app)


@pytest.fixture
def database(database_uri):
    """A pymongo ``Database`` for the fresh database."""
    with connect(database_uri) as client:
        yield client.get_default_database()


@pytest.fixture
def app(make_app):
    """The app against a fresh database, with the shipped model."""
    return make_app(TESTING=True)


@pytest.fixture
def client(app):
    """A test client of the app, anonymous."""
    return app.test_client()


def operator_client(app):
    """A test client of ``app`` that sends the operator token."""
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = AUTH["Authorization"]
    return client


@pytest.fixture
def operator(app):
    """A test client of the app that sends the operator token."""
    return operator_client(app)
