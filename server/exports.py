"""Reviews as CSV or JSON Lines, written a review at a time (an export is never held whole).

A CSV cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is one a
spreadsheet may run as a formula (OWASP, "CSV Injection"); such cells get a leading ``'``,
which spreadsheets show as text. JSON Lines keeps every text as it is.
"""

import csv
import io
import json

COLUMNS = [
    "_id",
    "created_at",
    "text",
    "sentiment",
    "probability",
    "model_version",
    "classified_at",
    "label",
    "labelled_at",
]
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson"}
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def row_of(review):
    """A stored review as the export's flat record (times in ISO 8601, UTC)."""
    feedback = review.get("feedback") or {}
    classified = review.get("classified_at")
    return {
        "_id": review["_id"],
        "created_at": review["created_at"].isoformat(),
        "text": review["text"],
        "sentiment": review["sentiment"],
        "probability": review["probability"],
        "model_version": review["model_version"],
        "classified_at": classified.isoformat() if classified else None,
        "label": feedback.get("label"),
        "labelled_at": feedback["at"].isoformat() if feedback else None,
    }


def spreadsheet_safe(value):
    """``value`` for a CSV cell that no spreadsheet runs as a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def csv_lines(reviews):
    """The header row, then one CSV record per review."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(values):
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(values)
        return buffer.getvalue()

    yield line(COLUMNS)
    for review in reviews:
        row = row_of(review)
        yield line([spreadsheet_safe(row[c]) for c in COLUMNS])


def jsonl_lines(reviews):
    """One JSON object per review and line."""
    for review in reviews:
        yield json.dumps(row_of(review), ensure_ascii=False) + "\n"


WRITERS = {"csv": csv_lines, "jsonl": jsonl_lines}
