"""Secrets the app makes for itself and keeps in the database, shared by every process."""

import secrets
from contextlib import suppress

from pymongo.errors import DuplicateKeyError

from db.conventions import DURABLE


class SecretStore:
    """Named random secrets: made once, by whichever process asks first, then read by all."""

    def __init__(self, database):
        self._secrets = database.get_collection("secrets", write_concern=DURABLE)

    def get_or_create(self, name, nbytes=32):
        """The secret called ``name``, made now (``nbytes`` random bytes, hex) if there is none."""
        record = self._secrets.find_one({"_id": name})
        if record is None:
            with suppress(DuplicateKeyError):  # another process made it first: use theirs
                self._secrets.insert_one({"_id": name, "value": secrets.token_hex(nbytes)})
            record = self._secrets.find_one({"_id": name})
        return record["value"]
