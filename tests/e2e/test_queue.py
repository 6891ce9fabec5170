"""The "needs a label" queue in Chromium: keyboard labelling, undo, skip, and two people at once."""

import re

import pytest
import requests
from playwright.sync_api import expect

from tests.helpers import eventually

TEXTS = [
    "It was fine, I guess; some good scenes, some dull ones.",
    "The plot was weak but the actors were good.",
    "Not bad, not great.",
    "I loved the music and hated the script.",
    "An okay film with a terrible ending and a great first hour.",
    "Watchable once, if there is nothing else on.",
]


@pytest.fixture(scope="module")
def stored(live_server):
    ids = {}
    for text in TEXTS:
        response = requests.post(f"{live_server}/api/reviews", json={"text": text}, timeout=10)
        assert response.status_code == 201
        ids[text] = response.json()["_id"]
    return ids


def offered(page):
    item = page.locator("#queue-item")
    expect(item).to_be_visible()
    return item.get_attribute("data-id")


def label_of(live_server, review_id):
    review = requests.get(f"{live_server}/api/reviews/{review_id}", timeout=5).json()
    return (review.get("feedback") or {}).get("label")


def test_label_by_keyboard_undo_and_skip(page, live_server, stored):
    page.goto("/#/queue")
    expect(page.locator("#queue-heading")).to_be_focused()
    expect(page.locator("#queue-count")).to_have_text(
        re.compile(r"^0 labelled, \d+\+? left unsure\.$")
    )
    first = offered(page)

    page.keyboard.press("1")
    expect(page.locator("#queue-count")).to_have_text(re.compile(r"^1 labelled"))
    second = offered(page)
    assert second != first
    expect(page.locator("#queue-note")).to_contain_text("Press u to take it back")

    page.keyboard.press("u")  # the label of the first was held, never sent
    expect(page.locator("#queue-item")).to_have_attribute("data-id", first)
    expect(page.locator("#queue-count")).to_have_text(re.compile(r"^0 labelled"))
    assert label_of(live_server, first) is None

    page.keyboard.press("2")
    expect(page.locator("#queue-item")).not_to_have_attribute("data-id", first)
    skipped = offered(page)
    page.keyboard.press("s")
    expect(page.locator("#queue-item")).not_to_have_attribute("data-id", skipped)
    page.keyboard.press("1")  # sends the held label of the first
    expect(page.locator("#queue-count")).to_have_text(re.compile(r"^2 labelled"))
    assert eventually(lambda: label_of(live_server, first)) == "positive"
    assert label_of(live_server, skipped) is None
    page.get_by_role("button", name="Send now").click()
    expect(page.locator("#pending")).to_be_hidden()


def test_two_people_on_the_queue_are_never_shown_the_same_review(browser, live_server, stored):
    pages = [browser.new_context(base_url=live_server).new_page() for _ in range(2)]
    try:
        for page in pages:
            page.goto("/#/queue")
        ids = [offered(page) for page in pages]
        assert ids[0] != ids[1]
        pages[0].keyboard.press("s")
        expect(pages[0].locator("#queue-item")).not_to_have_attribute("data-id", ids[0])
        assert offered(pages[0]) != ids[1]
    finally:
        for page in pages:
            page.context.close()
