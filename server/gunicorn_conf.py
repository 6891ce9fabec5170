"""Gunicorn settings for ``make run``.

Used as ``gunicorn -c server/gunicorn_conf.py 'server:create_app()'``.

Threads serve concurrent requests inside one worker; classification releases the GIL in numpy
and scipy for much of its work. ``WEB_CONCURRENCY`` sets the number of worker processes.
"""

import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '5000')}"
# Every worker serves the same model (see online/shared_model.py), so any number is safe.
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "server.gunicorn_worker.JSONErrorsThreadWorker"  # gthread, JSON errors
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# Each worker listens on its own SO_REUSEPORT socket and the kernel spreads new connections among
# them. On one shared socket a gthread worker accepts greedily: with a few keep-alive connections
# (a load balancer's pool, wrk's 8) one worker often held them all while the other idled
# (`python -m tests.bench.workers` counts them). GUNICORN_REUSE_PORT=0 shares one socket again.
reuse_port = os.environ.get("GUNICORN_REUSE_PORT", "1") != "0"
# Users put the app behind a load balancer, which keeps idle connections open (AWS's ALB: 60 s by
# default) and reuses them. If gunicorn closes one first (its default is 2 s), a request sent on it
# at that moment is reset: the balancer answers 502. So idle connections stay open longer than the
# balancer's; GUNICORN_KEEPALIVE sets it (1-5 s suits clients that connect directly).
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "75"))
# A batch of 10,000 reviews takes seconds to classify.
timeout = 120
graceful_timeout = 20
accesslog = "-"
# The model loads in each worker after the fork; a MongoClient must not cross a fork.
preload_app = False
# Gunicorn's control socket has one default path per user; several instances would collide.
control_socket_disable = True


def worker_exit(server, worker):
    """Leave the lease registry at once, so that no writer waits for this worker's lease."""
    app = getattr(worker, "wsgi", None)
    shared_model = getattr(app, "extensions", {}).get("shared_model")
    if shared_model is not None:
        shared_model.close()
