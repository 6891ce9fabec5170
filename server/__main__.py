"""``python -m server``: serve the app with gunicorn, starting the embedded database if needed.

With ``MONGODB_URI`` set, that server is used and nothing else is started. Without it, a
SecantusDB daemon is started on a free local port with its data under ``$DATA_DIR/db``, and
stopped when the app stops (Ctrl-C or SIGTERM).
"""

import os
import signal
import subprocess
import sys
from pathlib import Path

from db.embedded import EmbeddedDatabase, EmbeddedDatabaseError
from server.settings import Settings

GUNICORN_CONF = Path(__file__).with_name("gunicorn_conf.py")


def serve(environ):
    """Run gunicorn with ``environ`` until it exits or is asked to stop; return its exit code."""
    command = [sys.executable, "-m", "gunicorn", "-c", str(GUNICORN_CONF), "server:create_app()"]
    gunicorn = subprocess.Popen(command, env=environ)

    def forward(signum, frame):
        gunicorn.send_signal(signal.SIGTERM)

    signal.signal(signal.SIGTERM, forward)
    signal.signal(signal.SIGINT, forward)
    return gunicorn.wait()


def main():
    """Start what is needed and serve until stopped."""
    environ, settings = dict(os.environ), Settings()
    if settings.mongodb_uri:
        return serve(environ)
    storage = settings.storage_path
    log_path = settings.data_dir / "secantusdb.log"
    try:
        database = EmbeddedDatabase(storage, log_path=log_path).start()
    except EmbeddedDatabaseError as error:
        print(f"error: could not start the embedded database: {error}", file=sys.stderr)
        return 1
    print(f"embedded SecantusDB at {database.uri} (data in {storage}, log in {log_path})")
    try:
        return serve({**environ, "MONGODB_URI": database.uri})
    finally:
        database.stop()
        print("embedded SecantusDB stopped")


if __name__ == "__main__":
    sys.exit(main())
