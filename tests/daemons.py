"""The tests' own SecantusDB daemon, restarted if it stops answering."""

import warnings

from pymongo import MongoClient
from pymongo.errors import PyMongoError


def restart_if_stuck(daemon, timeout_s=10):
    """Restart the tests' SecantusDB if it does not list a database's collections within
    ``timeout_s``, and say so. SecantusDB 0.7.0b3 has hung in the suite: threads blocked inside
    WiredTiger reads, one of them holding the storage lock that every other command on data
    waits for, so that every later test of that pytest worker failed. A ping touches no
    storage and can be answered meanwhile; the listing takes that lock. As it stops it writes
    each connection thread's stack to its log."""
    limit_ms = int(timeout_s * 1000)
    # one attempt: pymongo would try a read that timed out once more
    options = {
        "serverSelectionTimeoutMS": limit_ms,
        "socketTimeoutMS": limit_ms,
        "retryReads": False,
    }
    with MongoClient(daemon.uri, **options) as client:
        try:
            client["probe"].list_collection_names()
            return
        except PyMongoError as error:
            reason = type(error).__name__
    daemon.stop()
    daemon.start()
    warnings.warn(
        f"the tests' SecantusDB did not list collections ({reason}) and was restarted; "
        f"its threads' stacks are in {daemon.log_path}",
        stacklevel=2,
    )
