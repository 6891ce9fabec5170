"""What gunicorn and the app answer to requests malformed at the HTTP level, over a real socket."""

import json
import socket

import pytest

from tests.conftest import fresh_database
from tests.servers import GunicornServer


@pytest.fixture(scope="module")
def server(database_server, tmp_path_factory):
    log_path = tmp_path_factory.mktemp("edges") / "gunicorn.log"
    with fresh_database(database_server, "edges") as uri, GunicornServer(uri, log_path) as server:
        yield server


def exchange(server, raw, timeout=10):
    """Send ``raw`` bytes, return ``(status, headers, body)`` of the answer."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=timeout) as connection:
        connection.sendall(raw)
        answer = b""
        while b"\r\n\r\n" not in answer or len(answer.partition(b"\r\n\r\n")[2]) < _length(answer):
            chunk = connection.recv(65536)
            if not chunk:
                break
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    lines = head.decode("latin1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:])
    return int(lines[0].split()[1]), headers, body


def _length(answer):
    for line in answer.partition(b"\r\n\r\n")[0].split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            return int(line.split(b":")[1])
    return 0


def assert_json_error(status, headers, body, expected_status, code):
    assert status == expected_status, body
    assert headers["Content-Type"].startswith("application/json")
    assert json.loads(body)["error"]["code"] == code


def test_a_request_line_too_long_is_414_in_json(server):
    raw = f"GET /api/reviews?cursor={'a' * 5000} HTTP/1.1\r\nHost: x\r\n\r\n".encode()
    assert_json_error(*exchange(server, raw), 414, "uri_too_long")


def test_headers_too_large_are_431_in_json(server):
    headers = "".join(f"X-Filler-{i}: {'b' * 100}\r\n" for i in range(200))
    raw = f"GET /health HTTP/1.1\r\nHost: x\r\n{headers}\r\n".encode()
    assert_json_error(*exchange(server, raw), 431, "request_header_fields_too_large")


def test_a_malformed_request_line_is_400_in_json(server):
    assert_json_error(*exchange(server, b"BLAH\r\n\r\n"), 400, "bad_request")


def test_an_oversized_body_is_refused_before_it_is_sent(server):
    # Headers announce 100 MiB; not one byte of the body follows, yet the answer comes.
    raw = (
        "POST /api/reviews HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        f"Content-Length: {100 * 1024 * 1024}\r\n\r\n"
    ).encode()
    assert_json_error(*exchange(server, raw), 413, "payload_too_large")
