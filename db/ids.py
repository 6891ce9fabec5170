"""Review ids: 24 hexadecimal digits outside, ``ObjectId`` inside."""

from bson import ObjectId
from bson.errors import InvalidId


class InvalidReviewId(ValueError):
    """The id is not a 24-hex-digit MongoDB ObjectId string."""


def parse_id(review_id):
    """Return ``review_id`` as an ``ObjectId``; raise ``InvalidReviewId`` for anything else."""
    if not isinstance(review_id, str) or len(review_id) != 24:
        raise InvalidReviewId(review_id)
    try:
        return ObjectId(review_id)
    except InvalidId as error:
        raise InvalidReviewId(review_id) from error
