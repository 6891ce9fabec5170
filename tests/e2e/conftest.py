"""The app served by gunicorn as a subprocess, and Debian's Chromium driven by Playwright."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import requests
from playwright.sync_api import sync_playwright

from db.embedded import free_port
from tests.conftest import uri_for

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip


def wait_until_up(url, process, log_path, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited early:\n{log_path.read_text()}")
        try:
            if requests.get(url, timeout=1).ok:
                return
        except requests.RequestException:  # not listening yet, or the worker is still booting
            pass
        time.sleep(0.1)
    raise RuntimeError(f"gunicorn did not answer at {url}:\n{log_path.read_text()}")


@pytest.fixture(scope="module")
def live_server(database_server, tmp_path_factory):
    """Base URL of the app under gunicorn (production settings), on a fresh database."""
    port = free_port()
    log_path = tmp_path_factory.mktemp("gunicorn") / "gunicorn.log"
    env = {
        **os.environ,
        "MONGODB_URI": uri_for(database_server, f"e2e_{uuid.uuid4().hex[:12]}"),
        "PORT": str(port),
    }
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "-c",
        "server/gunicorn_conf.py",
        "server:create_app()",
    ]
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{base_url}/health", process, log_path)
        yield base_url
    finally:
        process.terminate()
        process.wait(30)
        if process.returncode not in (0, -15):
            print(log_path.read_text())


@pytest.fixture(scope="session")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser page on the app; fails the test on any script error or dialog."""
    context = browser.new_context(base_url=live_server)
    page = context.new_page()
    problems = []
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on(
        "dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"), dialog.dismiss())
    )
    page.goto("/")
    yield page
    context.close()
    assert problems == []
