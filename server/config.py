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
    # Bearer token of operators: for training (as does the app's own page session) and model
    # administration. Unset, only the page can train and administration is refused.
    "TRAIN_TOKEN": None,
    # Signs page sessions. Unset, a random key is made once and kept in the database, so every
    # worker and replica shares it.
    "SECRET_KEY": None,
    # Per client address, on endpoints that write (limits syntax: "60/minute;1000/hour").
    "RATE_LIMIT_WRITES": "60/minute",
    # Where the counts live. memory:// counts per process; give a redis:// or (real MongoDB)
    # mongodb:// URI to share them between workers and replicas.
    "RATE_LIMIT_STORAGE_URI": "memory://",
    # Reverse proxies in front of the app whose X-Forwarded-For is to be believed.
    "TRUSTED_PROXIES": 0,
    # A label is refused if the model it makes reads more than this below the accuracy last
    # confirmed on the artifact's guard set (None: no guard).
    "GUARD_MARGIN": 0.02,
    # A busy process serves on a lease of this many seconds instead of looking at the label log
    # before every request (online/lease.py); 0: look every time. At most MAX_LEASE_S.
    "MODEL_LEASE_S": 1.0,
}
MAX_LEASE_S = 10.0


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
    for key in ("TRAIN_TOKEN", "SECRET_KEY", "RATE_LIMIT_WRITES", "RATE_LIMIT_STORAGE_URI"):
        if environ.get(key):
            settings[key] = environ[key]
    for key in (
        "MAX_CONTENT_LENGTH",
        "MAX_REVIEW_CHARS",
        "MAX_BATCH_TEXTS",
        "CHECKPOINT_EVERY",
        "TRUSTED_PROXIES",
    ):
        if environ.get(key):
            settings[key] = int(environ[key])
    if environ.get("MODEL_LEASE_S"):
        settings["MODEL_LEASE_S"] = float(environ["MODEL_LEASE_S"])
    if environ.get("GUARD_MARGIN"):
        off = environ["GUARD_MARGIN"].lower() in ("off", "none")
        settings["GUARD_MARGIN"] = None if off else float(environ["GUARD_MARGIN"])
    return settings
