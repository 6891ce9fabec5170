"""Shared fixtures: a real SecantusDB daemon over TCP, a fresh database per test, the app."""

import uuid

import pytest

from db import connect
from db.embedded import EmbeddedDatabase
from server import close_app, create_app
from tests.helpers import AUTH, TEST_SETTINGS


def start_daemon(base):
    """A SecantusDB daemon on a free port with its data and log under ``base``."""
    return EmbeddedDatabase(base / "data", log_path=base / "secantusdb.log").start()


@pytest.fixture(scope="session")
def database_server(tmp_path_factory):
    """One SecantusDB daemon for the test session, on a free port, data in a temporary directory."""
    server = start_daemon(tmp_path_factory.mktemp("secantusdb"))
    yield server
    server.stop()


def uri_for(server, database_name):
    """The server's URI with ``database_name`` as the default database."""
    return server.uri.replace("/?", f"/{database_name}?")


@pytest.fixture
def database_uri(database_server):
    """A URI naming a fresh, empty database; the database is dropped after the test."""
    name = f"test_{uuid.uuid4().hex[:12]}"
    yield uri_for(database_server, name)
    with connect(database_server.uri) as client:
        client.drop_database(name)


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
