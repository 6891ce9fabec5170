"""Settings and assertions shared by the tests."""

import time

TRAIN_TOKEN = "test-train-token"
AUTH = {"Authorization": f"Bearer {TRAIN_TOKEN}"}
# For every test not about rate limits: an operator token, and a budget no test reaches.
TEST_SETTINGS = {"TRAIN_TOKEN": TRAIN_TOKEN, "RATE_LIMIT_WRITES": "1000000/minute"}


def assert_error(response, status, code=None):
    """Assert that ``response`` is the one JSON error shape, with ``status`` and ``code``."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {"error"}
    error = body["error"]
    assert set(error) <= {"code", "message", "details"}
    assert isinstance(error["code"], str) and error["code"]
    assert isinstance(error["message"], str) and error["message"]
    if code is not None:
        assert error["code"] == code
    return error


def eventually(read, seconds=15):
    """``read()`` once it gives something, or its last answer after ``seconds``."""
    deadline = time.monotonic() + seconds
    while not (value := read()) and time.monotonic() < deadline:
        time.sleep(0.05)
    return value
