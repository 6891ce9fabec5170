"""The connection: our fail-fast defaults, unless the URI says otherwise."""

from db import connect


def test_timeouts_default_to_fail_fast_and_the_uri_overrides_them():
    with connect("mongodb://127.0.0.1:9/x") as client:
        assert client.options.server_selection_timeout == 3
    uri = "mongodb://127.0.0.1:9/x?serverSelectionTimeoutMS=200&connectTimeoutMS=100"
    with connect(uri) as client:
        assert client.options.server_selection_timeout == 0.2
        assert client.options.pool_options.connect_timeout == 0.1
