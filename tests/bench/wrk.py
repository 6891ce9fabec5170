"""Drive load with wrk (Debian's package) and read back its numbers."""

import json
import subprocess
import tempfile
from pathlib import Path

# Printed by wrk's done() hook as one JSON line: throughput, latency percentiles, errors.
_SCRIPT = """
wrk.method = %(method)s
wrk.body = %(body)s
wrk.headers["Content-Type"] = %(content_type)s
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %%d, "seconds": %%.3f, "p50_ms": %%.2f, "p95_ms": %%.2f, "p99_ms": %%.2f, '
    .. '"errors": %%d, "non_2xx": %%d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3,
    latency:percentile(95) / 1e3, latency:percentile(99) / 1e3,
    e.connect + e.read + e.write + e.timeout, e.status))
end
"""


def _lua_string(value):
    return "nil" if value is None else json.dumps(value)


# With a list of paths, each request takes the next one; wrk thread k of n takes paths k, k+n, ...
_ROTATE = """
paths = %(paths)s
local started = 0
setup = function(thread)
  thread:set("first", started)
  started = started + 1
end
counter = 0
request = function()
  local index = (first + counter * %(threads)d) %% #paths + 1
  counter = counter + 1
  return wrk.format(nil, paths[index])
end
"""


def run(
    url, method="GET", body=None, connections=16, seconds=10, threads=2, paths=None,
    content_type="application/json",
):  # fmt: skip
    """Load ``url`` for ``seconds``; return requests/s, p50/p95/p99 (ms) and error counts.

    ``paths``: request these in turn instead of ``url``'s own path.
    """
    script = _SCRIPT % {
        "method": _lua_string(method),
        "body": _lua_string(body),
        "content_type": _lua_string(content_type),
    }
    if paths:
        lua_list = "{" + ", ".join(_lua_string(path) for path in paths) + "}"
        script += _ROTATE % {"paths": lua_list, "threads": threads}
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "bench.lua"
        path.write_text(script)
        output = subprocess.run(
            ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s",
             "--timeout", "10s", "-s", str(path), url],
            check=True, capture_output=True, text=True,
        ).stdout  # fmt: skip
    result = json.loads(output.strip().splitlines()[-1])
    result["rps"] = result["requests"] / result["seconds"]
    return result


def line(name, result, reference=None):
    """One printed row: throughput, latency, errors, and the ratio to ``reference``."""
    ratio = f"{result['rps'] / reference['rps']:6.1%}" if reference else "     -"
    return (
        f"{name:<34} {result['rps']:8.0f}/s  ratio {ratio}  p50 {result['p50_ms']:6.1f}  "
        f"p95 {result['p95_ms']:6.1f}  p99 {result['p99_ms']:6.1f} ms  "
        f"errors {result['errors'] + result['non_2xx']}"
    )
