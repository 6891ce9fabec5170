"""Sessions of the app's own page (see ``server.page_session``)."""

from flask import Blueprint
from spectree import Response

from server import page_session
from server.api import json_response, require_database, require_json_body
from server.openapi import validate
from server.schemas import EmptyIn, ErrorOut, SessionOut

bp = Blueprint("session", __name__)
bp.before_request(require_database)
bp.before_request(require_json_body)


@bp.post("/api/session")
@validate(json=EmptyIn, resp=Response(HTTP_201=SessionOut, HTTP_503=ErrorOut))
def start_session():
    """Start a page session: an HttpOnly, SameSite=Strict cookie, and the token that the page
    sends back in the `X-Page-Session` header when it trains the model."""
    token = page_session.new_token()
    response = json_response(
        SessionOut, {"token": token, "expires_in": page_session.MAX_AGE_S}, 201
    )
    page_session.set_cookie(response, token)
    return response
