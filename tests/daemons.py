"""The tests' own SecantusDB daemon, restarted if it stops answering."""

import warnings

from pymongo import MongoClient
from pymongo.errors import PyMongoError


def restart_if_stuck(daemon, timeout_s=10):
    """Restart the tests' SecantusDB if it does not answer a ping within ``timeout_s``, and say
    so. SecantusDB 0.7.0b3 has hung in the suite: one of its threads blocked inside a WiredTiger
    read while holding the lock that every other command waits for, so that every later test of
    that pytest worker failed. As it stops it writes each connection thread's stack to its log."""
    limit_ms = int(timeout_s * 1000)
    options = {"serverSelectionTimeoutMS": limit_ms, "socketTimeoutMS": limit_ms}
    with MongoClient(daemon.uri, **options) as client:
        try:
            client.admin.command("ping")
            return
        except PyMongoError as error:
            reason = type(error).__name__
    daemon.stop()
    daemon.start()
    warnings.warn(
        f"the tests' SecantusDB did not answer a ping ({reason}) and was restarted; "
        f"its threads' stacks are in {daemon.log_path}",
        stacklevel=2,
    )
