"""Who may change the model: operators (bearer ``TRAIN_TOKEN``) and, for training, the page."""

import hmac
from functools import wraps

from flask import request

from server import page_session
from server.api import settings
from server.errors import ApiError

_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="sentiment"'}


def _bearer():
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    return given.strip() if scheme.lower() == "bearer" else None


def _is_operator(token, given):
    return bool(token) and hmac.compare_digest(given.encode(), token.encode())


def bears(token):
    """Whether the request carries ``Authorization: Bearer <token>`` (``token`` set)."""
    given = _bearer()
    return given is not None and _is_operator(token, given)


def require_operator():
    """Refuse the request unless it carries ``Authorization: Bearer <TRAIN_TOKEN>``."""
    token, given = settings().train_token, _bearer()
    if not token:
        raise ApiError(403, "forbidden", "Model administration is disabled: set TRAIN_TOKEN.")
    if given is None or not _is_operator(token, given):
        raise ApiError(
            401,
            "unauthorized",
            "Send the operator token as 'Authorization: Bearer <token>'.",
            headers=_CHALLENGE,
        )


def require_trainer():
    """Refuse the request unless it is an operator's or comes from a session of the app's page.

    A bearer token that is given must be right: a wrong one is refused even with a session.
    """
    given = _bearer()
    if given is not None:
        if _is_operator(settings().train_token, given):
            return
        raise ApiError(401, "unauthorized", "The bearer token is not valid.", headers=_CHALLENGE)
    if not page_session.is_from_page():
        raise ApiError(
            401,
            "unauthorized",
            "Training needs the operator token ('Authorization: Bearer <token>') or a session "
            f"of this app's page (POST /api/session, then the {page_session.HEADER} header).",
            headers=_CHALLENGE,
        )


def _checked_first(check):
    def decorator(view):
        @wraps(view)  # keeps spectree's attributes, so the view stays in the OpenAPI document
        def checked(*args, **kwargs):
            check()
            return view(*args, **kwargs)

        return checked

    return decorator


# Decorators that check before the request is validated: an unauthorised client learns nothing.
operators_only = _checked_first(require_operator)
trainers_only = _checked_first(require_trainer)
