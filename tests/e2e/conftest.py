"""The app served by gunicorn as a subprocess, and Debian's Chromium driven by Playwright."""

import os

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.conftest import fresh_database
from tests.servers import GunicornServer

CHROMIUM = "/usr/bin/chromium"
# CI shares two cores among the database, gunicorn, Chromium and pytest: allow for slow answers.
expect.set_options(timeout=15_000)
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip


@pytest.fixture(scope="module")
def live_server(database_server, tmp_path_factory):
    """Base URL of the app under gunicorn (production settings), on a fresh database."""
    log_path = tmp_path_factory.mktemp("gunicorn") / "gunicorn.log"
    with fresh_database(database_server, "e2e") as uri, GunicornServer(uri, log_path) as server:
        yield server.url


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
    # Content-Security-Policy violations show only as console errors ("Refused to ...").
    page.on("console", lambda m: "Refused to" in m.text and problems.append(f"CSP: {m.text}"))
    page.on(
        "dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"), dialog.dismiss())
    )
    page.goto("/")
    yield page
    context.close()
    assert problems == []
