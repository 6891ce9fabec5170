"""The log line's text: a request's line formatted directly is the one json_line writes."""

import json
import random
from datetime import UTC, datetime

from server.request_log import json_line, request_line, time_text

ODD_PATHS = ["/health", '/a"b\\c', "/tab\there", "/caf\u00e9", "/\u2028\x00\x1f", ""]


def test_time_text_is_isoformat_to_the_millisecond():
    rng = random.Random(7)
    moments = [rng.uniform(0, 4e9) for _ in range(20_000)]
    moments += [1764669979.265, 1764669979.9999996, 1764669979.0000004, 1764669980.0]
    for created in moments:
        expected = datetime.fromtimestamp(created, UTC).isoformat(timespec="milliseconds")
        assert time_text(created) == expected, created


def test_a_request_line_is_the_json_line_of_its_fields():
    for path in ODD_PATHS:
        for endpoint, status in (("predict.predict", 200), (None, 404)):
            fields = {
                "method": "GET",
                "path": path,
                "endpoint": endpoint,
                "status": status,
                "duration_ms": 0.1 + 0.2,
                "model_version": "nbsgd-e37c0394cc+3",
                "request_id": "cd7a5930fca241e80000000000000001",
            }
            line = request_line(1764669979.265, fields)
            assert line == json_line(1764669979.265, "info", "request", fields)
            assert json.loads(line)["path"] == path
