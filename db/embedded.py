"""Start and stop the embedded default database: a SecantusDB daemon in its own process.

SecantusDB speaks the MongoDB wire protocol, so the rest of the app sees an ordinary MongoDB
server at ``EmbeddedDatabase.uri``. It is GPL-licensed and holds a WiredTiger lock on its storage
directory, so it always runs as a separate process (its console script), one per directory,
shared by every worker of the app.
"""

import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pymongo import MongoClient
from pymongo.errors import PyMongoError

START_TIMEOUT_S = 20.0
STOP_TIMEOUT_S = 15.0


class EmbeddedDatabaseError(RuntimeError):
    """The embedded database could not be started; the message says why in words."""


def free_port():
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _port_in_use(host, port):
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex((host, port)) == 0


def _daemon_command():
    script = shutil.which("secantusd-py", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "secantus"]


class EmbeddedDatabase:
    """A SecantusDB daemon listening on ``host:port`` with its data under ``storage_path``.

    Every commit is synced to disk (``--sync-on-commit``): without it a SIGKILL of the daemon
    loses the last acknowledged writes. It runs as a standalone server (``--standalone``): as
    the one-node replica set it advertises by default it also writes every change to an oplog
    (for change streams, which the app does not use), and once that holds its cap of 100,000
    entries, every write first walks the entries pruned before it: a store of 100,000 reviews
    slowed to a crawl halfway. Use as a context manager, or call ``start``/``stop``.
    """

    def __init__(self, storage_path, port=None, host="127.0.0.1", log_path=None, options=()):
        self.storage_path = storage_path
        self.options = list(options)  # more of the daemon's options (the tests' failpoints)
        self.host = host
        self.port = port or free_port()
        # The daemon's output goes to a file, never to a pipe that nobody drains.
        self.log_path = log_path or Path(tempfile.mkstemp(prefix="secantusdb-", suffix=".log")[1])
        self.process = None

    @property
    def uri(self):
        """The connection string for this daemon.

        Retryable writes are off: SecantusDB keeps a retry record per write, and with them on its
        insert rate falls tenfold after ~10,000 writes. A real MongoDB keeps them on.
        """
        return f"mongodb://{self.host}:{self.port}/?retryWrites=false"

    def start(self):
        """Start the daemon and return once it answers ``ping``."""
        if self.storage_path != ":memory:":
            Path(self.storage_path).mkdir(parents=True, exist_ok=True)
        if _port_in_use(self.host, self.port):
            raise EmbeddedDatabaseError(
                f"port {self.port} on {self.host} is already in use; "
                "stop what listens there or choose another port"
            )
        command = _daemon_command() + [
            "--host", self.host,
            "--port", str(self.port),
            "--storage-path", str(self.storage_path),
            "--sync-on-commit",
            "--standalone",
            "--log-level", "WARNING",
            *self.options,
        ]  # fmt: skip
        Path(self.log_path).parent.mkdir(parents=True, exist_ok=True)
        with open(self.log_path, "ab") as log:
            # Its own session: a Ctrl-C meant for the app must not reach the daemon first.
            self.process = subprocess.Popen(
                command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        self._wait_until_ready()
        return self

    def _wait_until_ready(self):
        deadline = time.monotonic() + START_TIMEOUT_S
        with MongoClient(self.uri, serverSelectionTimeoutMS=250, connect=False) as client:
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    raise EmbeddedDatabaseError(self._explain_exit())
                try:
                    client.admin.command("ping")
                    return
                except PyMongoError:
                    time.sleep(0.1)
        self.stop()
        raise EmbeddedDatabaseError(f"SecantusDB did not answer within {START_TIMEOUT_S:.0f} s")

    def _explain_exit(self):
        stderr = Path(self.log_path).read_text(errors="replace")[-4000:]
        if "lock" in stderr.lower() or "resource busy" in stderr.lower():
            return (
                f"the storage directory {self.storage_path} is in use by another SecantusDB "
                "daemon; stop it (or set DATA_DIR to another directory) and try again"
            )
        if "address already in use" in stderr.lower():
            return f"port {self.port} on {self.host} is already in use"
        last_line = stderr.strip().splitlines()[-1] if stderr.strip() else "no output"
        return f"SecantusDB exited with code {self.process.returncode}: {last_line}"

    def stop(self):
        """Stop the daemon with SIGTERM (it flushes and exits), then SIGKILL if it hangs."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def kill(self):
        """Kill the daemon with SIGKILL, as a crash would (for fault tests)."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()
