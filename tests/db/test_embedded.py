"""The launcher of the embedded SecantusDB daemon."""

import pytest

from db import connect
from db.embedded import EmbeddedDatabase, EmbeddedDatabaseError


def test_data_survives_a_restart(tmp_path):
    with EmbeddedDatabase(tmp_path / "db") as server, connect(server.uri) as client:
        client.app.things.insert_one({"_id": 1, "kept": True})
    with EmbeddedDatabase(tmp_path / "db") as server, connect(server.uri) as client:
        assert client.app.things.find_one({"_id": 1}) == {"_id": 1, "kept": True}
    assert server.process.returncode == 0


def test_a_locked_storage_directory_is_explained_in_words(tmp_path, database_server):
    with pytest.raises(EmbeddedDatabaseError, match="in use by another SecantusDB daemon"):
        EmbeddedDatabase(database_server.storage_path).start()


def test_a_port_in_use_is_explained_in_words(tmp_path, database_server):
    with pytest.raises(EmbeddedDatabaseError, match="already in use"):
        EmbeddedDatabase(tmp_path / "db", port=database_server.port).start()
