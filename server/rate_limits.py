"""Rate limits per client address on the endpoints that write (flask-limiter)."""

from flask import request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from werkzeug.middleware.proxy_fix import ProxyFix

WRITE_ENDPOINTS = [
    "reviews.create_review",
    "reviews.classify_review",
    "reviews.train_review",
    "session.start_session",
    "model.rollback",
    "model.confirm",
]


def limit_writes(app):
    """Share one ``RATE_LIMIT_WRITES`` budget per client among the write endpoints; a client
    over it gets 429 with ``Retry-After``. Call after the blueprints are registered."""
    if app.config["TRUSTED_PROXIES"]:
        proxies = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)
    limiter = Limiter(
        get_remote_address,
        app=app,
        storage_uri=app.config["RATE_LIMIT_STORAGE_URI"],
        headers_enabled=True,
        strategy="fixed-window",
    )
    # The limiter's hook runs before every request; without this filter it resolves the limits
    # of endpoints that have none, predict and /health included, on each of them.
    write_endpoints = frozenset(WRITE_ENDPOINTS)
    limiter.request_filter(lambda: request.endpoint not in write_endpoints)
    writes = limiter.shared_limit(app.config["RATE_LIMIT_WRITES"], scope="writes")
    for endpoint in WRITE_ENDPOINTS:
        app.view_functions[endpoint] = writes(app.view_functions[endpoint])
    app.extensions["rate_limiter"] = limiter
    return limiter
