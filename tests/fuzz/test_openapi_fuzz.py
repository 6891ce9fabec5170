"""Requests generated from the OpenAPI document (schemathesis), sent to the app under gunicorn.

Every answer must be below 500; every error must be in the one JSON error shape; and a request
that is refused must leave the database as it was. Cases are both valid ones and ones that break
the schema on purpose (negative), for every operation, with the operator token so that training
and administration are reached too.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from db import connect
from tests.conftest import fresh_database
from tests.helpers import AUTH
from tests.servers import GunicornServer

EXAMPLES = 150  # per operation and mode (hypothesis stops sooner where there are fewer)


@pytest.fixture(scope="module")
def fuzz_target(database_server, tmp_path_factory):
    log_path = tmp_path_factory.mktemp("fuzz") / "gunicorn.log"
    with (
        fresh_database(database_server, "fuzz") as uri,
        GunicornServer(uri, log_path) as server,
        connect(uri) as client,
    ):
        yield server, client.get_default_database()


def database_state(database):
    """What a refused request must leave as it was. Events are only ever appended and the
    counters count every review and label, so counts, the counters and the newest event tell
    (reading every document instead made each case slower as the database grew)."""
    counts = {
        name: database[name].count_documents({})
        for name in ("reviews", "label_events", "checkpoints", "secrets")
    }
    newest = database.label_events.find_one(sort=[("_id", -1)])
    return counts | {"counters": sorted(map(repr, database.counters.find())), "newest": newest}


def operations(server):
    schema = schemathesis.openapi.from_url(f"{server.url}/apidoc/openapi.json")
    return [result.ok() for result in schema.get_all_operations()]


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_no_generated_request_gets_a_5xx_or_changes_the_database_when_refused(fuzz_target, mode):
    server, database = fuzz_target
    calls, unsatisfiable = [], []
    last_state = [database_state(database)]  # as the previous case left it: nothing else writes

    for operation in operations(server):

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,  # the same cases every run: CI must not go red by luck
        )
        def check(case):
            response = case.call(base_url=server.url, headers=AUTH, timeout=60)
            calls.append(response.status_code)
            assert response.status_code < 500, (case.as_curl_command(), response.text)
            if response.status_code >= 400:
                body = response.json()
                assert set(body) == {"error"}, body
                assert {"code", "message"} <= set(body["error"]) <= {"code", "message", "details"}
            state = database_state(database)
            if response.status_code >= 400:
                assert state == last_state[0], case.as_curl_command()
            last_state[0] = state

        try:
            check()
        except Unsatisfiable:  # e.g. no way to break the schema of an operation without inputs
            unsatisfiable.append(operation.label)
    print(f"{len(calls)} {mode.value} cases; none possible for: {unsatisfiable}")
    assert len(calls) > 1500
