"""One MongoClient per process, and the database the app uses."""

from pymongo import MongoClient
from pymongo.uri_parser import parse_uri

DEFAULT_DATABASE = "moviereviews"


def connect(uri, **options):
    """Return a ``MongoClient`` for ``uri`` that fails fast when the server is unreachable.

    Call it after the WSGI server forks: a client must not cross a fork.
    """
    options.setdefault("serverSelectionTimeoutMS", 3000)
    options.setdefault("connectTimeoutMS", 3000)
    options.setdefault("tz_aware", True)
    return MongoClient(uri, **options)


def database_name(uri, default=DEFAULT_DATABASE):
    """The database named in the URI's path, else ``default``."""
    return parse_uri(uri).get("database") or default
