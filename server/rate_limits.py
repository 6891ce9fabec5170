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
    # The limiter hooks into every request (a check before, headers after, a cleanup at the
    # end): about as long as all of /health takes. They run for the limited endpoints only.
    limited = frozenset(WRITE_ENDPOINTS + QUEUE_ENDPOINTS)
    _only_for(app, limited)
    for scope, endpoints in (("writes", WRITE_ENDPOINTS), ("queue", QUEUE_ENDPOINTS)):
        budget = limiter.shared_limit(settings.rate_limit_writes, scope=scope)
        for endpoint in endpoints:
            app.view_functions[endpoint] = budget(app.view_functions[endpoint])
    app.extensions["rate_limiter"] = limiter
    return limiter


def _only_for(app, endpoints):
    """Make the hooks the limiter just registered (the last before-request, after-request and
    teardown functions of ``app``) run for ``endpoints`` alone: moved to the blueprints those
    belong to (first among each one's hooks, as the app's ran before them), so that no other
    blueprint's request calls them, and gated there by endpoint."""
    blueprints = sorted({endpoint.partition(".")[0] for endpoint in endpoints})

    def gate(function, passthrough):
        def gated(*args):
            if request.endpoint in endpoints:
                return function(*args)
            return passthrough(*args)

        return gated

    for hooks, passthrough in (
        (app.before_request_funcs, lambda: None),
        (app.after_request_funcs, lambda response: response),
        (app.teardown_request_funcs, lambda error=None: None),
    ):
        gated = gate(hooks[None].pop(), passthrough)
        if not hooks[None]:
            del hooks[None]
        for blueprint in blueprints:
            hooks.setdefault(blueprint, []).insert(0, gated)
