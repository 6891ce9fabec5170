"""Shared fixtures: a real SecantusDB daemon over TCP, a fresh database per test, the app."""

import uuid

import pytest

from db import connect
from db.embedded import EmbeddedDatabase
from online import SharedModel
from server import create_app
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


def record_shared_models(monkeypatch):
    """The list of every ``SharedModel`` made from now until the end of the test."""
    made, init = [], SharedModel.__init__

    def record(self, *args, **kwargs):
        init(self, *args, **kwargs)
        made.append(self)

    monkeypatch.setattr(SharedModel, "__init__", record)
    return made


@pytest.fixture
def database_uri(database_server, monkeypatch):
    """A URI naming a fresh, empty database; the database is dropped after the test."""
    name = f"test_{uuid.uuid4().hex[:12]}"
    shared_models = record_shared_models(monkeypatch)
    yield uri_for(database_server, name)
    for shared_model in shared_models:  # first: a lease renewal would make the database again
        shared_model.close()
    with connect(database_server.uri) as client:
        client.drop_database(name)


@pytest.fixture
def database(database_uri):
    """A pymongo ``Database`` for the fresh database."""
    with connect(database_uri) as client:
        yield client.get_default_database()


@pytest.fixture
def app(database_uri):
    """The app against a fresh database, with the shipped model."""
    return create_app({"MONGODB_URI": database_uri, "TESTING": True, **TEST_SETTINGS})


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
