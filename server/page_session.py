"""Sessions of the app's own page, so that a person using the page may train the model.

``POST /api/session`` sets an HttpOnly, SameSite=Strict cookie holding a signed random token
and returns the same token in the body. The page sends it back in the ``X-Page-Session``
header. A request counts as coming from the page only if the cookie's signature is good, it is
younger than ``MAX_AGE_S``, and the header matches it: another site's page can neither make the
browser send the cookie (SameSite) nor read the token (no CORS for it), so it cannot train
through a visitor's browser.

This says a request came through the page, not who sent it: a script can open a session just as
the page does. Rate limits and the guard set bound what such a client can do.
"""

import hmac
import secrets

from flask import current_app, request
from itsdangerous import BadSignature, URLSafeTimedSerializer

from db import SecretStore
from server.api import runtime, settings

COOKIE = "page_session"
HEADER = "X-Page-Session"
MAX_AGE_S = 12 * 3600


def _signing_key():
    configured = settings().secret_key
    if configured:
        return configured
    cache = current_app.extensions.setdefault("page_session_key", [])
    if not cache:  # one read per process: every process gets the same key from the database
        database = runtime().database.database
        cache.append(SecretStore(database).get_or_create("page_session"))
    return cache[0]


def _serializer():
    return URLSafeTimedSerializer(_signing_key(), salt="page-session")


def new_token():
    """A fresh random session token."""
    return secrets.token_urlsafe(32)


def set_cookie(response, token):
    """Set the session cookie for ``token`` on ``response``."""
    response.set_cookie(
        COOKIE,
        _serializer().dumps(token),
        max_age=MAX_AGE_S,
        secure=request.is_secure,
        httponly=True,
        samesite="Strict",
    )


def is_from_page():
    """Whether the request carries a valid page session and its matching header."""
    cookie, header = request.cookies.get(COOKIE), request.headers.get(HEADER)
    if not cookie or not header:
        return False
    try:
        token = _serializer().loads(cookie, max_age=MAX_AGE_S)
    except BadSignature:  # includes an expired signature
        return False
    return isinstance(token, str) and hmac.compare_digest(token.encode(), header.encode())
