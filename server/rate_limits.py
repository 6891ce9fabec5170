"""Rate limits per client address on the endpoints that write (flask-limiter)."""

from flask import request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from werkzeug.middleware.proxy_fix import ProxyFix

WRITE_ENDPOINTS = [
    "reviews.create_review",
    "reviews.classify_review",
    "reviews.train_review",
    "reviews.delete_review",
    "imports.create_import",
    "imports.upload_import_file",
    "session.start_session",
    "model.rollback",
    "model.confirm",
]
# Asking for the next review to label claims one: a budget of its own, so that labelling from
# the queue spends the writes budget on the labels alone.
QUEUE_ENDPOINTS = ["label_queue.next_review"]


def limit_writes(app, settings):
    """Share one ``RATE_LIMIT_WRITES`` budget per client among the write endpoints; a client
    over it gets 429 with ``Retry-After``. Call after the blueprints are registered."""
    if settings.trusted_proxies:
        proxies = settings.trusted_proxies
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)
    limiter = Limiter(
        get_remote_address,
        app=app,
        storage_uri=settings.rate_limit_storage_uri,
        headers_enabled=True,
        strategy="fixed-window",
    )
    # The limiter's hook runs before every request; without this filter it resolves the limits
    # of endpoints that have none, predict and /health included, on each of them.
    limited = frozenset(WRITE_ENDPOINTS + QUEUE_ENDPOINTS)
    limiter.request_filter(lambda: request.endpoint not in limited)
    for scope, endpoints in (("writes", WRITE_ENDPOINTS), ("queue", QUEUE_ENDPOINTS)):
        budget = limiter.shared_limit(settings.rate_limit_writes, scope=scope)
        for endpoint in endpoints:
            app.view_functions[endpoint] = budget(app.view_functions[endpoint])
    app.extensions["rate_limiter"] = limiter
    return limiter
