"""What every collection here shares: how writes that must not be lost are acknowledged, and
the time as it is stored."""

from datetime import UTC, datetime

from pymongo import WriteConcern

# Reviews and labels are what people gave us: acknowledged only once journaled.
DURABLE = WriteConcern(w="majority", j=True)


def now():
    """The time as MongoDB stores it: aware UTC, whole milliseconds (so what is returned equals
    what a later read returns)."""
    moment = datetime.now(UTC)
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)
