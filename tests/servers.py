"""The app under gunicorn as a real subprocess, for browser, multi-process and fault tests."""

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests
from pymongo.errors import PyMongoError

from db import connect
from db.embedded import free_port
from server.settings import Settings
from tests.helpers import TEST_SETTINGS

ROOT = Path(__file__).resolve().parents[1]
# The first two CPUs this process may run on: where a server with two pinned workers is kept.
TWO_CPUS = set(sorted(os.sched_getaffinity(0))[:2])


@contextlib.contextmanager
def kept_connections(url, count, pause_s=0.0):
    """The answers to ``GET url`` on ``count`` connections opened one after another, ``pause_s``
    apart, which stay open until the block ends."""
    with contextlib.ExitStack() as stack:
        answers = []
        for _ in range(count):
            session = stack.enter_context(requests.Session())
            answers.append(session.get(url, timeout=10))
            time.sleep(pause_s)
        yield answers


def workers_answering(url, workers):
    """How many workers answer ``workers`` connections kept open together: each worker that
    accepts, since a worker accepts only while no other holds fewer connections
    (``server.connection_balance``) and only once it is ready."""
    with kept_connections(f"{url}/health", workers) as answers:
        return len({answer.headers["X-Served-By"] for answer in answers})


class GunicornServer:
    """``gunicorn -c server/gunicorn_conf.py APP`` on a free port (``app``, the app's own factory by
    default). Started, every worker accepts, unless ``every_worker`` is false."""

    def __init__(
        self,
        mongodb_uri,
        log_path,
        workers=None,
        root=ROOT,
        app="server:create_app()",
        every_worker=True,
        cpus=None,
        **environ,
    ):
        self.cpus = cpus  # the CPUs gunicorn may run on; by default the tests' own
        self.root = root  # the source tree to serve (another checkout, to compare two versions)
        self.app = app
        self.every_worker = every_worker
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = Path(log_path)
        self.environ = {
            **os.environ,
            "MONGODB_URI": mongodb_uri,
            "PORT": str(self.port),
            **{key: str(value) for key, value in {**TEST_SETTINGS, **environ}.items()},
        }
        if workers is not None:  # else the production setting (server/gunicorn_conf.py)
            self.environ["WEB_CONCURRENCY"] = str(workers)
        self.process = None

    def start(self, timeout=60):
        """Start gunicorn and return once it answers ``/health`` and, with ``every_worker``,
        every worker accepts (a worker accepts once it is ready, ``server.gunicorn_worker``)."""
        command = [sys.executable, "-m", "gunicorn", "-c", "server/gunicorn_conf.py"]
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                [*command, self.app],
                cwd=self.root,
                env=self.environ,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=None if self.cpus is None else self._keep_to_cpus,
            )
        workers = self._workers()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited early:\n{self.log_path.read_text()}")
            try:
                if requests.get(f"{self.url}/health", timeout=2).ok and (
                    not self.every_worker or workers_answering(self.url, workers) >= workers
                ):
                    return self
            except requests.RequestException:  # not listening yet, or a worker still booting
                pass
            time.sleep(0.1)
        self.dump_stacks()  # where the workers are stuck
        database = self._database_state()
        self.kill()  # a worker stuck while booting would hold a graceful stop for 20 s
        raise RuntimeError(
            f"gunicorn did not answer at {self.url} within {timeout} s; "
            f"the database {database}:\n{self.logs()}"
        )

    def _keep_to_cpus(self):
        os.sched_setaffinity(0, self.cpus)

    def _workers(self):
        fields = Settings.model_fields
        return int(self.environ.get("WEB_CONCURRENCY", fields["web_concurrency"].default))

    def _database_state(self):
        """Whether the database answers a ping and lists the collections of the app's database
        (a server can answer the one and not the other)."""
        try:
            with connect(self.environ["MONGODB_URI"], socketTimeoutMS=5000) as client:
                client.admin.command("ping")
                client.get_default_database().list_collection_names()
        except PyMongoError as error:
            return f"did not answer ({type(error).__name__}: {error})"
        return "answered a ping and listed its collections"

    def stop(self):
        """Stop gracefully (SIGTERM to the arbiter)."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.kill()

    def kill(self):
        """SIGKILL the arbiter and every worker at once, as a crash would."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def logs(self):
        return self.log_path.read_text(errors="replace")

    def dump_stacks(self):
        """Have every worker write its threads' stacks to the log, one worker at a time
        (``server.gunicorn_worker``)."""
        if not self.process or self.process.poll() is not None:
            return
        for pid in self.worker_pids():
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGUSR2)
            time.sleep(0.3)

    def worker_pids(self):
        master = self.process.pid
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        return [int(pid) for pid in children]

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()
