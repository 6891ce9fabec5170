"""The README's screenshot of the page: ``.venv/bin/python -m tests.e2e.screenshot``.

Serves the app on a throwaway SecantusDB, stores a few reviews, analyses one in Debian's
Chromium and saves the page to ``docs/screenshot.png``.
"""

import tempfile
from pathlib import Path

import requests
from playwright.sync_api import expect, sync_playwright

from db.embedded import EmbeddedDatabase
from tests.e2e.conftest import CHROMIUM, CHROMIUM_FLAGS
from tests.servers import GunicornServer

OUTPUT = Path(__file__).resolve().parents[2] / "docs" / "screenshot.png"
STORED = [
    "A tender, beautifully acted film; the last scene stayed with me for days.",
    "Two hours I will never get back. The plot makes no sense and the jokes fall flat.",
    "The effects are fine, I guess.",
]
ANALYSED = (
    "Not the masterpiece the trailer promised, but the lead is wonderful and the score is "
    "gorgeous. A slow, sometimes clumsy middle hour."
)


def main():
    with (
        tempfile.TemporaryDirectory() as directory,
        EmbeddedDatabase(directory + "/db") as database,
        GunicornServer(database.uri.replace("/?", "/screenshot?"), directory + "/app.log") as app,
        sync_playwright() as playwright,
    ):
        for text in STORED:
            requests.post(f"{app.url}/api/reviews", json={"text": text}, timeout=30)
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1100, "height": 900}, base_url=app.url)
        page.goto("/")
        page.get_by_role("textbox", name="Review").fill(ANALYSED)
        page.get_by_role("button", name="Analyze").click()
        expect(page.locator("#why-text")).to_be_visible()
        expect(page.locator("#history-list li")).to_have_count(len(STORED) + 1)
        page.screenshot(path=OUTPUT, full_page=True)
        browser.close()
    print(f"wrote {OUTPUT}")


if __name__ == "__main__":
    main()
