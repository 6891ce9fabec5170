"""History cursors: where the last page ended, and the window the next one starts with, as an
opaque URL-safe string."""

import base64
import binascii
from datetime import UTC, datetime

from bson import ObjectId

from db.history import FIRST_WINDOW, MAX_HINT, MILLISECOND
from db.ids import InvalidReviewId, parse_id

BEFORE_ANY_ID = ObjectId("0" * 24)  # in a cursor: "everything created before this time"


class InvalidCursor(ValueError):
    """The pagination cursor was not made by this repository."""


def encode_cursor(document, window=None):
    """The last review of a page, and the history window to start the next page with."""
    millis = int(document["created_at"].replace(tzinfo=UTC).timestamp() * 1000)
    raw = f"{millis}:{document['_id']}"
    if window is not None:
        raw += f":{max(1, int(window / MILLISECOND))}"
    raw = raw.encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor):
    """``((created_at, _id), window)`` from a cursor; ``InvalidCursor`` if it is not ours."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        millis, review_id, *hint = raw.split(":")
        created_at = datetime.fromtimestamp(int(millis) / 1000, UTC)
        window = FIRST_WINDOW
        if hint:
            (window_ms,) = hint
            window = min(MILLISECOND * max(int(window_ms), 1), MAX_HINT)
        return (created_at, parse_id(review_id)), window
    except (
        ValueError,
        OverflowError,
        binascii.Error,
        UnicodeDecodeError,
        InvalidReviewId,
    ) as error:
        raise InvalidCursor(cursor) from error
