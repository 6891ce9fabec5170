"""The app with the warm-up of every gunicorn worker but the first to boot held until a file
exists (``RELEASE_WARM_UP``): a server with one worker ready and another still warming up."""

import os
import time

from server import create_app


def create_held_app():
    app = create_app()
    runtime = app.extensions["runtime"]
    warm_up = runtime.warm_up
    first, release = os.environ["FIRST_WORKER_FLAG"], os.environ["RELEASE_WARM_UP"]

    def held_warm_up():
        try:
            os.close(os.open(first, os.O_CREAT | os.O_EXCL))
        except FileExistsError:
            while not os.path.exists(release):
                time.sleep(0.05)
        warm_up()

    runtime.warm_up = held_warm_up
    return app
