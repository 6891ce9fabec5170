"""Gunicorn settings for ``make run``.

Used as ``gunicorn -c server/gunicorn_conf.py 'server:create_app()'``.

Threads serve concurrent requests inside one worker: while one waits for the network or the
database another runs, and a batch's compiled loops let the others run (``classifier.vectorizer``).
``WEB_CONCURRENCY`` sets the number of worker processes.
"""

import os
import shutil
import tempfile
from pathlib import Path

# Prometheus counts of every worker, added up at a scrape: a directory of this start's own, set
# before anything imports prometheus_client (server.metrics), which reads it at import.
_metrics_dir = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
_own_metrics_dir = not _metrics_dir
if _own_metrics_dir:
    _metrics_dir = os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="metrics-")
for stale in Path(_metrics_dir).glob("*.db"):  # counts of an earlier start must not add up
    stale.unlink()

from prometheus_client import multiprocess  # noqa: E402

# What the model's artifact names (scikit-learn, SciPy, numba: 1.4-1.8 s of CPU to import),
# imported here, before the fork, rather than by each worker as it loads the model: a worker,
# and one that replaces it, starts that much sooner, and the workers share those pages.
import classifier.model  # noqa: E402, F401
from server import close_app, prepare_to_serve  # noqa: E402
from server.gunicorn_worker import CONNECTIONS  # noqa: E402
from server.settings import Settings  # noqa: E402
from server.worker_cpus import CpuShare, keep_to  # noqa: E402

settings = Settings()
bind = f"{settings.host}:{settings.port}"
# Every worker serves the same model (see online/shared_model.py), so any number is safe.
workers = settings.web_concurrency
worker_class = "server.gunicorn_worker.JSONErrorsThreadWorker"  # gthread, JSON errors
threads = settings.gunicorn_threads
# Kept-alive connections spread evenly over the workers, which share one socket
# (server/connection_balance.py).
# Users put the app behind a load balancer, which keeps idle connections open (AWS's ALB: 60 s by
# default) and reuses them. If gunicorn closes one first (its default is 2 s), a request sent on it
# at that moment is reset: the balancer answers 502. So idle connections stay open longer than the
# balancer's; GUNICORN_KEEPALIVE sets it (1-5 s suits clients that connect directly).
keepalive = settings.gunicorn_keepalive
# A batch of 10,000 reviews takes seconds to classify.
timeout = 120
graceful_timeout = 20
# One JSON line per request comes from the app (server/request_log.py), with its request id.
accesslog = None
# The model loads in each worker after the fork; a MongoClient must not cross a fork.
preload_app = False
# Gunicorn's control socket has one default path per user; several instances would collide.
control_socket_disable = True
CPUS = CpuShare()


def pre_fork(server, worker):
    pin = settings.gunicorn_pin_workers
    worker.cpu = CPUS.take(worker.slot, server.num_workers) if pin else None


def post_fork(server, worker):
    keep_to(worker.cpu)  # before the app loads and warms up


def post_worker_init(worker):
    """Ready the app before the worker takes requests (``server.prepare_to_serve``), within
    half the time gunicorn gives a worker to show it is alive."""
    app = getattr(worker, "wsgi", None)
    if "runtime" in getattr(app, "extensions", {}):
        prepare_to_serve(app, wait_s=timeout / 2)


def worker_exit(server, worker):
    """Leave the lease registry at once, so that no writer waits for this worker's lease, and
    finish saving any checkpoint this worker claimed."""
    app = getattr(worker, "wsgi", None)
    if "runtime" in getattr(app, "extensions", {}):
        close_app(app)


def child_exit(server, worker):
    CONNECTIONS.give_back(worker.slot)
    CPUS.give_back(worker.slot)
    multiprocess.mark_process_dead(worker.pid)


def on_exit(server):
    if _own_metrics_dir:
        shutil.rmtree(_metrics_dir, ignore_errors=True)
