"""Reading labelled review files and carving a reproducible validation split."""

import csv
import gzip
import sys

import numpy as np

_LABELS = {
    "0": 0, "neg": 0, "negative": 0,
    "1": 1, "pos": 1, "positive": 1,
}  # fmt: skip


class DataFormatError(ValueError):
    """The file is not a CSV with ``text`` and ``label`` columns and known label values."""


def parse_label(value):
    """Map 0/1, neg/pos or negative/positive (any case) to 0 or 1."""
    try:
        return _LABELS[str(value).strip().lower()]
    except KeyError:
        message = f"unknown label {value!r}: use 0/1, neg/pos or negative/positive"
        raise DataFormatError(message) from None


def read_labelled_csv(path):
    """Return ``(texts, labels)`` from a CSV or gzipped CSV with ``text`` and ``label`` columns."""
    csv.field_size_limit(sys.maxsize)
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {"text", "label"} - set(reader.fieldnames or [])
        if missing:
            raise DataFormatError(f"{path} lacks the column(s) {', '.join(sorted(missing))}")
        texts, labels = [], []
        for line, row in enumerate(reader, start=2):
            try:
                labels.append(parse_label(row["label"]))
            except DataFormatError as error:
                raise DataFormatError(f"{path}, line {line}: {error}") from None
            texts.append(row["text"])
    return texts, np.array(labels, dtype=int)


def validation_split(n_samples, validation_size=5000, seed=42):
    """Return ``(train_indices, validation_indices)``: a fixed random split of ``n_samples``."""
    order = np.random.RandomState(seed).permutation(n_samples)
    return np.sort(order[validation_size:]), np.sort(order[:validation_size])
