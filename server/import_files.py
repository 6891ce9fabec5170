"""Rows of an uploaded CSV or JSON Lines file, read from a stream of bytes a line at a time: a
file is never held whole, and a line is never held past ``max_line_bytes``.

Each row is a ``Row`` (its line, text, label and client id) or a ``Refusal`` (its line and why);
problems with the file itself (compressed, not UTF-8, no ``text`` column) raise ``BadFile``.
"""

import csv
import json
from dataclasses import dataclass

CHUNK_BYTES = 64 * 1024
# Magic numbers of compressed files: refused rather than inflated (no zip bombs).
COMPRESSED = {
    b"\x1f\x8b": "gzip",
    b"PK\x03\x04": "zip",
    b"BZh": "bzip2",
    b"\xfd7zXZ\x00": "xz",
    b"7z\xbc\xaf\x27\x1c": "7z",
    b"\x28\xb5\x2f\xfd": "zstd",
}
LABELS = {"positive": "positive", "negative": "negative", "1": "positive", "0": "negative"}
MAX_CLIENT_ID_CHARS = 200


class BadFile(ValueError):
    """The file cannot be read as a whole: ``message`` says why, ``line`` where (or ``None``)."""

    def __init__(self, message, line=None):
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class Row:
    line: int
    text: str
    label: str | None
    client_id: str | None


@dataclass(frozen=True)
class Refusal:
    line: int
    reason: str


class ByteLines:
    """The lines of a byte stream (without their line ends), each decoded as UTF-8; a line
    longer than ``max_line_bytes`` comes out as ``None`` and is skipped, not kept.

    ``bytes_read`` says how far into the stream the reading is.
    """

    def __init__(self, stream, max_line_bytes):
        self._stream = stream
        self.max_line_bytes = max_line_bytes
        self.bytes_read = 0
        self.line_number = 0

    def _chunks(self):
        first = True
        while chunk := self._stream.read(CHUNK_BYTES):
            self.bytes_read += len(chunk)
            if first:
                first = False
                for magic, name in COMPRESSED.items():
                    if chunk.startswith(magic):
                        raise BadFile(
                            f"This is a {name} file: upload the CSV or JSON Lines itself."
                        )
                if chunk.startswith(b"\xef\xbb\xbf"):  # a UTF-8 byte order mark
                    chunk = chunk[3:]
            yield chunk

    def __iter__(self):
        pending, too_long = b"", False
        for chunk in self._chunks():
            pieces = (pending + chunk).split(b"\n")
            pending = pieces.pop()
            for piece in pieces:
                yield self._line(piece, too_long)
                too_long = False
            if len(pending) > self.max_line_bytes:
                pending, too_long = b"", True
        if pending or too_long:
            yield self._line(pending, too_long)

    def _line(self, raw, too_long):
        self.line_number += 1
        if too_long or len(raw) > self.max_line_bytes:
            return None
        try:
            return raw.removesuffix(b"\r").decode("utf-8")
        except UnicodeDecodeError:
            raise BadFile(
                f"Line {self.line_number} is not UTF-8 text: save the file as UTF-8 and upload "
                "it again.",
                self.line_number,
            ) from None


def _label(value):
    if value is None or value == "":
        return None, None
    label = LABELS.get(str(value).strip().lower())
    if label is None:
        return None, f"the label {str(value)[:40]!r} is not positive, negative, 1 or 0"
    return label, None


def _row(line, text, label, client_id):
    if not isinstance(text, str) or not text.strip():
        return Refusal(line, "the text is empty")
    label, problem = _label(label)
    if problem:
        return Refusal(line, problem)
    if client_id is not None and not isinstance(client_id, str | int):
        return Refusal(line, "the id is not a string or a number")
    client_id = None if client_id in (None, "") else str(client_id)
    if client_id is not None and len(client_id) > MAX_CLIENT_ID_CHARS:
        return Refusal(line, f"the id is longer than {MAX_CLIENT_ID_CHARS} characters")
    return Row(line, text, label, client_id)


def _too_long(line, lines):
    return Refusal(line, f"the line is longer than {lines.max_line_bytes:,} bytes")


def csv_rows(lines):
    """Rows of a CSV file with a header row that names a ``text`` column (and optionally
    ``label`` and ``id``), in any order and case."""
    skipped = set()

    def strings():  # with their line ends: a quoted field may span lines
        for line in lines:
            if line is None:
                skipped.add(lines.line_number)
                yield "\n"
            else:
                yield line + "\n"

    reader = csv.reader(strings())
    try:
        header = [name.strip().lower() for name in next(reader)]
    except StopIteration:
        raise BadFile(
            "The file is empty: a CSV needs a header row naming a 'text' column."
        ) from None
    except csv.Error as error:
        raise BadFile(f"The header row is not CSV: {error}.", 1) from None
    if "text" not in header:
        raise BadFile("The header row has no 'text' column (columns: text, label, id).", 1)
    column = {name: header.index(name) for name in ("text", "label", "id") if name in header}
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield Refusal(reader.line_num, f"not CSV: {error}")
            continue
        line = reader.line_num
        if line in skipped:
            yield _too_long(line, lines)
            continue
        if not record:
            continue  # a blank line
        if len(record) > len(header):
            yield Refusal(line, f"{len(record)} fields where the header has {len(header)}")
            continue

        def field(name, record=record):
            index = column.get(name)
            return record[index] if index is not None and index < len(record) else None

        yield _row(line, field("text"), field("label"), field("id"))


def jsonl_rows(lines):
    """Rows of a JSON Lines file: one object per line with ``text`` (and optionally ``label``
    and ``id``)."""
    for line_text in lines:
        line = lines.line_number
        if line_text is None:
            yield _too_long(line, lines)
            continue
        if not line_text.strip():
            continue
        try:
            record = json.loads(line_text)
        except (json.JSONDecodeError, RecursionError):
            yield Refusal(line, "not a JSON object")
            continue
        if not isinstance(record, dict):
            yield Refusal(line, "not a JSON object")
            continue
        if "text" not in record:
            yield Refusal(line, "no 'text' field")
            continue
        yield _row(line, record.get("text"), record.get("label"), record.get("id"))


READERS = {"csv": csv_rows, "jsonl": jsonl_rows}
