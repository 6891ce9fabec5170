"""Configuration: built-in defaults, then the environment, then the caller's overrides."""

import os
from pathlib import Path

from classifier.artifact import DEFAULT_MODEL_DIR

MEGABYTE = 1024 * 1024

DEFAULTS = {
    "MONGODB_URI": None,
    "MODEL_DIR": str(DEFAULT_MODEL_DIR),
    "WEB_DIR": str(Path(__file__).resolve().parent.parent / "web"),
    # The page is served by this app, so it needs no CORS; list other origins that may call the API.
    "CORS_ORIGINS": [],
    # Bodies over this are refused with 413 before they are read in full.
    "MAX_CONTENT_LENGTH": 32 * MEGABYTE,
    "MAX_REVIEW_CHARS": 20_000,
    "MAX_BATCH_TEXTS": 10_000,
    "MAX_PAGE_SIZE": 100,
    # A model checkpoint is saved to GridFS every this many label-log positions.
    "CHECKPOINT_EVERY": 1000,
    # Bearer token for model administration (rollback); unset, administration is refused.
    "OPERATOR_TOKEN": None,
}


def _split_list(value):
    return [item.strip() for item in value.split(",") if item.strip()]


def from_environment(environ=os.environ):
    """The settings that the environment gives, converted to their types."""
    settings = {}
    if environ.get("MONGODB_URI"):
        settings["MONGODB_URI"] = environ["MONGODB_URI"]
    for key in ("MODEL_DIR", "WEB_DIR"):
        if environ.get(key):
            settings[key] = environ[key]
    if "CORS_ORIGINS" in environ:
        settings["CORS_ORIGINS"] = _split_list(environ["CORS_ORIGINS"])
    if environ.get("OPERATOR_TOKEN"):
        settings["OPERATOR_TOKEN"] = environ["OPERATOR_TOKEN"]
    for key in ("MAX_CONTENT_LENGTH", "MAX_REVIEW_CHARS", "MAX_BATCH_TEXTS", "CHECKPOINT_EVERY"):
        if environ.get(key):
            settings[key] = int(environ[key])
    return settings
