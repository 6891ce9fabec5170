"""The app's settings: one typed object, read once from the environment (names in capitals, as
the README lists them) and the caller's overrides.

``create_app``, ``gunicorn_conf.py``, ``python -m server`` and ``python -m server.admin`` all
read it; a value that does not parse or is out of range stops the process with a message naming it.
"""

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from classifier.artifact import DEFAULT_MODEL_DIR

MEGABYTE = 1024 * 1024
MAX_LEASE_S = 10.0


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        case_sensitive=False, env_ignore_empty=True, extra="ignore", frozen=True
    )

    # The database. Unset, `python -m server` starts the embedded SecantusDB under DATA_DIR.
    mongodb_uri: str | None = None
    data_dir: Path = Path("var")
    model_dir: Path = DEFAULT_MODEL_DIR
    web_dir: Path = Path(__file__).resolve().parent.parent / "web"
    # How pages of the history are read (db/history.py): window by window, as SecantusDB needs,
    # or one keyset range scan, as MongoDB does well; "auto" asks the server which it is.
    history_reads: Literal["auto", "windows", "keyset"] = "auto"
    # Read window by window, a page of a search with sparse matches stops after this many
    # documents and comes back short, with a cursor that goes on from there.
    history_page_reads: int = Field(1000, ge=1)

    # The page is served by this app, so it needs no CORS; list other origins that may call the API.
    cors_origins: Annotated[list[str], NoDecode] = []
    # Bodies over this are refused with 413 before they are read in full.
    max_content_length: int = Field(32 * MEGABYTE, ge=1024)
    max_review_chars: int = Field(20_000, ge=1)
    max_batch_texts: int = Field(10_000, ge=1)
    max_page_size: int = Field(100, ge=1)
    # An imported file: its size and its rows (POST /api/imports).
    max_import_bytes: int = Field(50 * MEGABYTE, ge=1024)
    max_import_rows: int = Field(100_000, ge=1)

    # Bearer token of operators: for training (as does the app's own page session) and model
    # administration. Unset, only the page can train and administration is refused.
    train_token: str | None = None
    # Bearer token of the Prometheus scraper: GET /metrics answers only with it (404 unset).
    metrics_token: str | None = None
    # Signs page sessions. Unset, a random key is made once and kept in the database, so every
    # worker and replica shares it.
    secret_key: str | None = None
    # Per client address, on endpoints that write (limits syntax: "60/minute;1000/hour").
    rate_limit_writes: str = "60/minute"
    # Where the counts live. memory:// counts per process; give a redis:// or (real MongoDB)
    # mongodb:// URI to share them between workers and replicas.
    rate_limit_storage_uri: str = "memory://"
    # Reverse proxies in front of the app whose X-Forwarded-For is to be believed.
    trusted_proxies: int = Field(0, ge=0)

    # A model checkpoint is saved to GridFS every this many label-log positions.
    checkpoint_every: int = Field(1000, ge=1)
    # A label is refused if the model it makes reads more than this below the accuracy last
    # confirmed on the artifact's guard set ("off": no guard).
    guard_margin: float | None = Field(0.02, ge=0, le=1)
    # A busy process serves on a lease of this many seconds instead of looking at the label log
    # before every request (online/lease.py); 0: look every time. A writer may wait a whole
    # lease for a process that went silent, so it is at most MAX_LEASE_S.
    model_lease_s: float = Field(1.0, ge=0, le=MAX_LEASE_S)
    # The "needs a label" queue holds the review it offers for one person this many seconds.
    queue_claim_s: int = Field(120, ge=1, le=3600)

    # gunicorn (server/gunicorn_conf.py)
    host: str = "127.0.0.1"
    port: int = Field(5000, ge=0, le=65535)
    web_concurrency: int = Field(2, ge=1)
    gunicorn_threads: int = Field(4, ge=1)
    gunicorn_keepalive: int = Field(75, ge=0)
    # Each worker keeps to a CPU of its own when there are as many workers as CPUs
    # (server/worker_cpus.py): for machines that serve the app alone.
    gunicorn_pin_workers: bool = False

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _split_origins(cls, value):
        if isinstance(value, str):
            return [item.strip() for item in value.split(",") if item.strip()]
        return value

    @field_validator("guard_margin", mode="before")
    @classmethod
    def _guard_off(cls, value):
        if isinstance(value, str) and value.strip().lower() in ("off", "none"):
            return None
        return value

    @property
    def storage_path(self):
        """Where the embedded database keeps its data."""
        return self.data_dir / "db"


def load(overrides=None):
    """Settings from the environment, then ``overrides`` (names in any case); unknown names
    in ``overrides`` are returned apart, as ``(settings, rest)``."""
    known, rest = {}, {}
    for key, value in (overrides or {}).items():
        if key.lower() in Settings.model_fields:
            known[key.lower()] = value
        else:
            rest[key] = value
    return Settings(**known), rest
