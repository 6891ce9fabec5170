"""The model view in Chromium: its facts and charts drawn from the API's numbers, with text
alternatives; the operator's confirm and rollback with a preview; at a phone's width."""

import re

import pytest
import requests
from playwright.sync_api import expect

from tests.e2e.test_layout import PHONE, overflow
from tests.helpers import AUTH, TRAIN_TOKEN

LABELS = 55


@pytest.fixture(scope="module")
def labelled(live_server):
    """55 labelled reviews, about a quarter against the model."""
    for i in range(LABELS):
        text = f"A {'wonderful, moving' if i % 3 else 'dull, tedious'} film, number {i}."
        review = requests.post(f"{live_server}/api/reviews", json={"text": text}, timeout=30)
        label = "negative" if i % 4 == 0 else "positive"
        answer = requests.post(
            f"{live_server}/train_review?_id={review.json()['_id']}",
            json={"label": label}, headers=AUTH, timeout=30,
        )  # fmt: skip
        assert answer.status_code == 200, answer.text
    return requests.get(f"{live_server}/api/model/dashboard", timeout=30).json()


def test_the_model_view_draws_its_numbers_with_text_alternatives(page, labelled):
    page.get_by_role("link", name="The model").click()
    expect(page.locator("#model-heading")).to_be_focused()
    expect(page).to_have_url(re.compile("#/model$"))
    expect(page.locator("#model-facts")).to_contain_text(f"Labels learnt{LABELS}, of them 0")
    for chart in ("agreement", "guard", "daily", "drift"):
        svg = page.locator(f"#{chart}-chart svg[role=img]")
        expect(svg).to_be_visible()
        assert svg.locator("title").text_content()  # its accessible name
        assert svg.locator("desc").text_content()
    expect(page.locator("#agreement-table tbody tr")).to_have_count(2)
    first = labelled["agreement"]["windows"][0]
    row = page.locator("#agreement-table tbody tr").first
    expect(row).to_contain_text(f"{first['agreed']}{round(first['share'] * 100)}%")
    expect(page.locator("#agreement-chart circle")).to_have_count(2)
    expect(page.locator("#daily-chart rect")).to_have_count(1)
    expect(page.locator("#drift-verdict")).to_contain_text("population stability index")
    page.locator("#daily-table").locator("xpath=..").locator("summary").click()
    expect(page.locator("#daily-table tbody tr")).to_have_count(1)

    page.reload()  # the view is in the URL
    expect(page.locator("#model-heading")).to_be_focused()


def test_an_operator_confirms_and_rolls_back_after_a_preview(page, labelled):
    page.goto("/#/model")
    expect(page.locator("#operator-actions")).to_be_hidden()
    page.get_by_label("Operator token").fill("not the token")
    page.get_by_role("button", name="Use this token").click()
    page.get_by_role("button", name="Confirm the model as it is").click()
    expect(page.locator("#error")).to_contain_text("operator token was refused")
    expect(page.locator("#operator-actions")).to_be_hidden()

    page.get_by_label("Operator token").fill(TRAIN_TOKEN)
    page.get_by_role("button", name="Use this token").click()
    expect(page.get_by_label("Operator token")).to_have_value("")
    page.get_by_role("button", name="Confirm the model as it is").click()
    expect(page.locator("#operator-note")).to_contain_text("Confirmed")
    expect(page.locator("#guard-table")).to_contain_text("confirmed")

    base = labelled["base_version"]
    page.get_by_label("Roll back to").select_option(base)
    page.get_by_role("button", name="Preview").click()
    preview = page.locator("#rollback-preview")
    expect(preview).to_contain_text(f"undoes {LABELS} learnt labels")
    page.get_by_role("button", name="Cancel").click()
    expect(preview).to_be_hidden()
    page.get_by_role("button", name="Preview").click()
    page.get_by_role("button", name=f"Roll back to {base}").click()
    expect(page.locator("#operator-note")).to_contain_text("Rolled back")
    expect(page.locator("#model-facts")).to_contain_text("Rollbacks1")
    stored = page.evaluate(
        "JSON.stringify(localStorage) + JSON.stringify(sessionStorage) + document.cookie"
    )
    assert TRAIN_TOKEN not in stored


def test_the_model_view_fits_a_phone(browser, live_server, labelled):
    context = browser.new_context(base_url=live_server, viewport=PHONE, is_mobile=True)
    phone = context.new_page()
    phone.goto("/#/model")
    expect(phone.locator("#agreement-chart svg")).to_be_visible()
    assert overflow(phone) <= 0
    # a chart keeps a readable size and scrolls sideways inside its own box
    assert phone.locator("#agreement-chart").bounding_box()["width"] <= PHONE["width"]
    assert phone.locator("#agreement-chart svg").bounding_box()["width"] >= 520
    context.close()
