"""A search whose matches are sparse: its pages stop reading early, say how far back they
searched, and "Older" goes on from there (a server of its own that reads 2 documents a page)."""

import re

import pytest
import requests
from playwright.sync_api import expect

from tests.conftest import fresh_database
from tests.helpers import AUTH
from tests.servers import GunicornServer


@pytest.fixture(scope="module")
def stingy_server(database_server, tmp_path_factory):
    log_path = tmp_path_factory.mktemp("gunicorn") / "gunicorn.log"
    with (
        fresh_database(database_server, "sparse") as uri,
        GunicornServer(uri, log_path, HISTORY_PAGE_READS=2, HISTORY_READS="windows") as server,
    ):
        yield server.url


def test_a_sparse_search_goes_on_from_where_its_page_stopped(browser, stingy_server):
    created = []
    for i in range(7):
        response = requests.post(
            f"{stingy_server}/api/reviews", json={"text": f"A film, take {i}."}, timeout=10
        )
        created.append(response.json()["_id"])
    labelled = requests.post(
        f"{stingy_server}/train_review",
        params={"_id": created[0]},
        json={"label": "negative"},
        headers=AUTH,
        timeout=30,
    )
    assert labelled.status_code == 200, labelled.text

    context = browser.new_context(base_url=stingy_server)
    page = context.new_page()
    page.goto("/#/?q=film&label=labelled")
    summary = page.locator("#history-summary")
    expect(summary).to_contain_text(re.compile(r"Searched back to .*“Older” searches further"))
    older = page.get_by_role("button", name="Older")
    for number in range(2, 10):
        if page.locator("#history-list li", has_text="take 0").count():
            break
        older.click()
        expect(page.locator("#history-page")).to_have_text(f"Page {number}")
    expect(page.locator("#history-list li")).to_have_count(1)
    expect(page.locator("#history-list li")).to_contain_text("take 0")
    expect(summary).to_have_text("1 review match, newest first.")  # read to the end
    context.close()
