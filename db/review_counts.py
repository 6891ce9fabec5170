"""The totals document of the reviews: how many are stored, by verdict and by flags.

Beside the totals it keeps a count per cell: each combination of a review's sentiment and its
three flags (labelled, disagrees, unsure). Any filter of those four fields is a sum of cells, so
the history counts it exactly without reading a review (SecantusDB reads every match to count
them). The repository keeps the cells right by changing a review only from the state it read.
Its ``changes`` goes up with every change that can change what a search matches, so a search's
count and first page (which cost reads) hold until it moves (``KeptWhileUnchanged``). Under
``days`` it counts the reviews stored each day (UTC) by the verdict they were stored with, and
their probabilities of positive in ``BINS`` bins: what the model view draws, without reading a
review.
"""

from contextlib import suppress

from pymongo.errors import DuplicateKeyError

from db.conventions import DURABLE
from db.recent import Recent

STATS_ID = "reviews"
CELL_FIELDS = ("sentiment", "labelled", "disagrees", "unsure")
FLAGS = CELL_FIELDS[1:]
BINS = 10  # of the probability of positive, each 0.1 wide


def cell_of(document):
    """The cell of a stored review, e.g. ``"positive_100"``: labelled, agreeing, sure."""
    return document["sentiment"] + "_" + "".join("1" if document.get(f) else "0" for f in FLAGS)


def _in_cell(cell, conditions):
    sentiment, bits = cell.split("_")
    values = {"sentiment": sentiment, **{f: bit == "1" for f, bit in zip(FLAGS, bits, strict=True)}}
    return all(values[field] == value for field, value in conditions.items())


def state_of(document):
    """The fields a review's cell depends on, as a query that matches them as they were read
    (a missing field as ``None``)."""
    return {field: document.get(field) for field in CELL_FIELDS}


class ReviewCounts:
    """Read and change the totals document (in ``counters``, beside the label log's counter)."""

    def __init__(self, database):
        self._counters = database.get_collection("counters", write_concern=DURABLE)

    def read(self):
        """``{"total", "positive", "negative", "cells", "changes", "oldest", "newest"}`` as
        stored."""
        found = self._counters.find_one({"_id": STATS_ID}, {"days": 0})
        return found or {"total": 0, "oldest": None}

    def by_day(self, days=30):
        """The last ``days`` days with reviews stored, oldest first, each ``{"day", "reviews",
        "positive", "bins"}`` (``bins``: how many had each tenth of probability of positive)."""
        found = self._counters.find_one({"_id": STATS_ID}, {"days": 1}) or {}
        stored = found.get("days", {})
        return [
            {
                "day": day,
                "reviews": stored[day].get("reviews", 0),
                "positive": stored[day].get("positive", 0),
                "bins": [stored[day].get("bins", {}).get(str(k), 0) for k in range(BINS)],
            }
            for day in sorted(stored)[-days:]
        ]

    def add(self, documents, created_at, sign=1):
        """Count ``documents`` (stored reviews) in, or out with ``sign`` -1."""
        increments = {}
        for document in documents:
            keys = ["total", document["sentiment"], f"cells.{cell_of(document)}"]
            if sign > 0 and created_at is not None:
                keys += _day_keys(document, created_at)
            for key in keys:
                increments[key] = increments.get(key, 0) + sign
        if not increments:
            return
        update = {"$inc": {**increments, "changes": 1}}
        if created_at is not None:
            update["$min"] = {"oldest": created_at}
            update["$max"] = {"newest": created_at}
        self._counters.update_one({"_id": STATS_ID}, update)

    def move(self, before, after):
        """Move one review from the cell of ``before`` to that of ``after`` (its stored fields)."""
        old, new = cell_of(before), cell_of(after)
        if old == new:
            return
        increments = {f"cells.{old}": -1, f"cells.{new}": 1, "changes": 1}
        if before["sentiment"] != after["sentiment"]:
            increments.update({before["sentiment"]: -1, after["sentiment"]: 1})
        self._counters.update_one({"_id": STATS_ID}, {"$inc": increments})

    def changed(self):
        """Note a change to what searches match that moves no review between cells (words
        newly indexed)."""
        self._counters.update_one({"_id": STATS_ID}, {"$inc": {"changes": 1}})


def _day_keys(document, created_at):
    day = f"days.{created_at.date().isoformat()}"
    positive = document["sentiment"] == "positive"
    probability = document["probability"] if positive else 1 - document["probability"]
    keys = [f"{day}.reviews", f"{day}.bins.{min(int(probability * BINS), BINS - 1)}"]
    return keys + [f"{day}.positive"] if positive else keys


class KeptWhileUnchanged:
    """What the last searches read (their counts, their first pages), each kept with the
    totals' ``changes`` it was read at and given back while nothing has changed since. Per
    process: any process that stores a change moves ``changes`` for all of them."""

    def __init__(self, size=256):
        self._kept = Recent(size)

    def get(self, key, stats):
        """What was kept for ``key`` if read at the ``changes`` in ``stats``, or ``None``."""
        changes, value = self._kept.get(key, (None, None))
        return value if changes == stats.get("changes", 0) else None

    def keep(self, key, stats, value):
        """Keep ``value`` for ``key``, read after reading ``stats``."""
        self._kept[key] = (stats.get("changes", 0), value)


def count_matching(stats, conditions):
    """How many reviews match ``conditions`` (``{field: value}`` of ``CELL_FIELDS``), from the
    totals ``stats``; ``None`` if the totals cannot say."""
    if not conditions or set(conditions) == {"sentiment"}:
        return stats.get(conditions.get("sentiment", "total"), 0)
    if "cells" not in stats:
        return None
    return sum(n for cell, n in stats["cells"].items() if _in_cell(cell, conditions))


def count_existing(database):
    """Make the totals document from what is stored if it is missing, and its cells if they
    are (each once: a scan of the reviews)."""
    counters, reviews = database["counters"], database["reviews"]
    stats = counters.find_one({"_id": STATS_ID}, {"cells": 1})
    if stats is not None and "cells" in stats:
        return
    grouped = reviews.aggregate(
        [{"$group": {"_id": {f: f"${f}" for f in CELL_FIELDS}, "n": {"$sum": 1}}}]
    )
    cells = {cell_of(group["_id"]): group["n"] for group in grouped}
    if stats is not None:  # from before cells were counted
        missing = {"_id": STATS_ID, "cells": {"$exists": False}}
        counters.update_one(missing, {"$set": {"cells": cells}})
        return
    document = {"_id": STATS_ID, "total": sum(cells.values()), "cells": cells}
    for sentiment in ("positive", "negative"):
        document[sentiment] = sum(n for cell, n in cells.items() if cell.startswith(sentiment))
    oldest = reviews.find_one(sort=[("created_at", 1)], projection={"created_at": 1})
    if oldest:  # left out when empty: $min on a missing field sets it, on null it keeps null
        newest = reviews.find_one(sort=[("created_at", -1)], projection={"created_at": 1})
        document["oldest"] = oldest["created_at"]
        document["newest"] = newest["created_at"]
    with suppress(DuplicateKeyError):
        counters.insert_one(document)
