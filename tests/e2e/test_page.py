"""A person using the page in Chromium, against gunicorn and a real database server."""

import re
from pathlib import Path

import requests
from playwright.sync_api import expect

POSITIVE = "An absolute delight from start to finish. The cast is wonderful and the story moving."


def analyze(page, text):
    page.get_by_role("textbox", name="Review").fill(text)
    page.get_by_role("button", name="Analyze").click()


def test_submit_see_sentiment_and_probability_then_find_it_in_history(page):
    analyze(page, POSITIVE)
    result = page.locator("#result")
    expect(result).to_be_visible()
    expect(page.locator("#result-sentiment")).to_have_text("positive")
    expect(page.locator("#result-probability")).to_have_text(re.compile(r"^\d{2,3}% positive$"))
    history = page.get_by_role("list").filter(has_text=POSITIVE)
    expect(history.get_by_role("listitem").first).to_contain_text(POSITIVE)


# The history asked for as the page loads answers after the one asked for after a submit.
LATE_FIRST_HISTORY = """
const realFetch = window.fetch;
let delayed = false;
window.fetch = async (...args) => {
  if (delayed || !String(args[0]).startsWith("/api/reviews?")) return realFetch(...args);
  delayed = true;
  const answer = await realFetch(...args);
  await new Promise((resolve) => setTimeout(resolve, 1500));
  setTimeout(() => { document.documentElement.dataset.lateHistory = "given"; }, 200);
  return answer;
};
"""


def test_a_late_answer_does_not_replace_the_history_asked_for_after_it(browser, live_server):
    context = browser.new_context(base_url=live_server)
    context.add_init_script(LATE_FIRST_HISTORY)
    page = context.new_page()
    page.goto("/")
    analyze(page, POSITIVE)
    first = page.locator("#history-list li").first
    expect(first).to_contain_text(POSITIVE[:30])
    expect(page.locator("html[data-late-history=given]")).to_be_attached()
    expect(first).to_contain_text(POSITIVE[:30])
    context.close()


def test_a_sentence_without_an_opinion_reads_as_mixed_not_sure(page):
    analyze(page, "I watched it on Tuesday.")
    expect(page.locator("#result-sentiment")).to_have_text("mixed / not sure")
    expect(page.locator("#result-probability")).to_have_text(
        re.compile(r"^(5\d|6[0-6])% (positive|negative)$")
    )
    item = page.get_by_role("listitem").filter(has_text="I watched it on Tuesday.").first
    expect(item.locator(".badge")).to_have_text("mixed / not sure")


def test_correcting_a_label_trains_the_model_and_shows_the_update(page, live_server):
    text = "A film about a train, a dog and a long winter."
    analyze(page, text)
    expect(page.locator("#result")).to_be_visible()
    before = page.locator("#result-probability").text_content().split()[-1]
    page.get_by_role("button", name="Wrong").click()
    # Held for a few seconds, with a way back; "Send now" sends it at once.
    expect(page.locator("#pending")).to_contain_text("teaches the shared model")
    expect(page.get_by_role("button", name="Undo")).to_be_focused()
    page.get_by_role("button", name="Send now").click()
    expect(page.locator("#result-note")).to_contain_text("the model learned")
    expect(page.get_by_role("button", name="Wrong")).to_be_disabled()

    expect(page.get_by_role("listitem").first).to_contain_text(text)
    review_id = page.get_by_role("listitem").first.get_attribute("data-id")
    stored = requests.get(f"{live_server}/api/reviews/{review_id}", timeout=5).json()
    corrected = "negative" if before == "positive" else "positive"
    assert stored["feedback"]["label"] == corrected
    assert stored["model_version"].endswith("+1")
    person = re.compile(rf"Person:\s*{corrected}")
    expect(page.get_by_role("listitem").first.locator(".meta")).to_contain_text(person)


def test_marking_a_history_item_trains_on_it(page):
    analyze(page, "Dull and lifeless. The plot makes no sense at all.")
    item = page.get_by_role("listitem").first
    # Wait for the refreshed history: until then the first item is the previous review.
    expect(item).to_contain_text("Dull and lifeless")
    expect(item).to_contain_text("negative")
    # every item's buttons are named after its review, not "Mark positive" again and again
    item.get_by_role("button", name="Mark “Dull and lifeless. The plot makes…” positive").click()
    page.get_by_role("button", name="Send now").click()
    first = page.get_by_role("listitem").first
    expect(first.locator(".meta")).to_contain_text(re.compile(r"Person:\s*positive"))
    # The offer is now to undo the person's label, whatever the model says.
    expect(
        first.get_by_role("button", name=re.compile(r"^Mark “Dull.*” negative$"))
    ).to_be_visible()
    expect(page.locator("#history-heading")).to_be_focused()


def test_a_label_can_be_taken_back_before_it_is_sent_and_is_sent_after(page, live_server):
    page.clock.install()
    page.reload()
    analyze(page, "The sound was muddy and the story went nowhere.")
    item = page.get_by_role("listitem").first
    expect(item).to_contain_text("The sound was muddy")
    review_id = item.get_attribute("data-id")
    item.get_by_role("button", name=re.compile(r"^Mark “The sound was muddy")).click()
    page.get_by_role("button", name="Undo").click()
    expect(page.locator("#notice")).to_contain_text("Took back the label")
    expect(page.locator("#pending")).to_be_hidden()
    page.clock.run_for(15_000)
    stored = requests.get(f"{live_server}/api/reviews/{review_id}", timeout=5).json()
    assert "feedback" not in stored

    item.get_by_role("button", name=re.compile(r"^Mark “The sound was muddy")).click()
    expect(page.locator("#pending")).to_be_visible()
    page.clock.run_for(15_000)  # nobody took it back: it is sent by itself
    expect(page.locator("#pending")).to_be_hidden()
    expect(item.locator(".meta")).to_contain_text("Person:")
    stored = requests.get(f"{live_server}/api/reviews/{review_id}", timeout=5).json()
    assert stored["feedback"]["label"] in ("positive", "negative")


def test_markup_in_a_review_is_shown_as_text(page):
    markup = "<img src=x onerror=alert(1)>"
    analyze(page, markup)
    expect(page.locator("#result")).to_be_visible()
    item = page.get_by_role("listitem").first
    expect(item.locator(".text")).to_have_text(markup)
    assert page.locator("#history-list img").count() == 0


def test_an_empty_review_is_explained_in_words(page):
    analyze(page, "   ")
    expect(page.get_by_role("alert")).to_have_text(re.compile("empty"))


def test_server_errors_are_shown_in_words(page):
    error = {"error": {"code": "database_unavailable", "message": "The database is down."}}
    page.route("**/api/reviews", lambda route: route.fulfill(status=503, json=error))
    analyze(page, "A fine film.")
    expect(page.get_by_role("alert")).to_have_text("The database is down.")


def test_a_paste_over_the_limit_is_not_cut_without_a_word(page):
    analyze(page, "A long, long film. " * 1_100)  # 20,900 characters
    warning = page.locator("#too-long")
    expect(warning).to_contain_text("This text has 20,900 characters")
    keep = page.get_by_role("button", name="Keep the first 20,000 characters")
    expect(keep).to_be_focused()
    expect(page.locator("#result")).to_be_hidden()  # nothing was sent
    keep.click()
    expect(warning).to_be_hidden()
    assert len(page.get_by_role("textbox", name="Review").input_value()) == 20_000
    page.get_by_role("button", name="Analyze").click()
    expect(page.locator("#result")).to_be_visible()
    expect(page.locator("#result")).to_be_focused()


def test_history_pages_and_filters(page, live_server):
    for i in range(12):
        requests.post(
            f"{live_server}/api/reviews", json={"text": f"Superb film number {i}."}, timeout=5
        ).raise_for_status()
    page.reload()
    expect(page.get_by_role("listitem")).to_have_count(10)
    older = page.get_by_role("button", name="Older")
    older.click()
    expect(page.locator("#history-page")).to_have_text("Page 2")
    for number in range(3, 10):  # to the last page: its Older is disabled, and focus stays
        if not older.is_enabled():
            break
        older.click()
        expect(page.locator("#history-page")).to_have_text(f"Page {number}")
    expect(older).to_be_disabled()
    expect(page.locator("#history-heading")).to_be_focused()
    last = int(page.locator("#history-page").text_content().split()[-1])
    for number in range(last - 1, 0, -1):
        page.get_by_role("button", name="Newer").click()
        expect(page.locator("#history-page")).to_have_text(f"Page {number}")
    page.get_by_label("Verdict").select_option("negative")
    expect(page.locator("#history-list .badge", has_text="positive")).to_have_count(0)
    for text in page.locator("#history-list .probability").all_text_contents():
        assert text.endswith("% negative")


def test_the_words_that_decided_are_highlighted_with_their_weight(page):
    analyze(page, "Not good at all. A boring, clumsy mess, though the music is lovely.")
    why = page.locator("#why-text")
    expect(why).to_be_visible()
    expect(why).to_have_text("Not good at all. A boring, clumsy mess, though the music is lovely.")
    negative = why.locator("mark.push.negative")
    assert negative.count() >= 1
    assert why.locator("mark.push.positive").count() >= 1
    first = negative.first
    first.focus()
    assert re.fullmatch(r"−\d+\.\d\d toward negative", first.get_attribute("data-weight"))
    assert first.get_attribute("aria-label").endswith("toward negative")


def test_highlights_stay_on_their_words_after_emoji(page):
    text = "🎬🍿 Boring. 🙄 The music is lovely 😍 but the plot is awful."
    analyze(page, text)
    why = page.locator("#why-text")
    expect(why).to_have_text(text)
    marked = why.locator("mark.push").all_text_contents()
    assert marked, "nothing highlighted"
    words = set(re.findall(r"\w+", text.lower()))
    for phrase in marked:  # whole words, not ones shifted by the emoji's UTF-16 halves
        assert phrase == phrase.strip() and set(re.findall(r"\w+", phrase.lower())) <= words
        assert phrase.lower() in text.lower()
    assert any("awful" in phrase.lower() or "boring" in phrase.lower() for phrase in marked)


def test_markup_in_the_explained_text_stays_text(page):
    markup = "<script>alert(1)</script> <b>awful</b> boring <img src=x onerror=alert(2)>"
    analyze(page, markup)
    expect(page.locator("#why-text")).to_have_text(markup)
    assert page.locator("#why-text img, #why-text script, #why-text b").count() == 0


LONG_REVIEW = (
    "I went in with low hopes. The lead is wonderful and the score is gorgeous. "
    "The middle hour drags a little. Still, it is the most moving film I have seen this year. "
    "My friend fell asleep."
)


def test_a_review_has_a_page_that_survives_reload_and_back(page):
    analyze(page, LONG_REVIEW)
    expect(page.locator("#result")).to_be_visible()
    page.get_by_role("link", name=re.compile(r"^Open “I went in with low hopes")).click()
    expect(page).to_have_url(re.compile(r"#/reviews/[0-9a-f]{24}$"))
    view = page.locator("#review-view")
    expect(view).to_be_visible()
    expect(page.locator("#review-text-full")).to_have_text(LONG_REVIEW)
    expect(page.locator("#review-version")).to_contain_text("model ")
    expect(page.locator("#review-summary li").first).to_be_visible()
    assert page.locator("#review-summary li").count() <= 2
    expect(page.locator("#review-labels")).to_have_text("None yet.")
    expect(page.locator("#review-heading")).to_be_focused()

    page.reload()
    expect(page.locator("#review-text-full")).to_have_text(LONG_REVIEW)
    expect(page.locator("#history-list")).to_be_hidden()
    page.go_back()
    expect(page.locator("#history-list")).to_be_visible()
    expect(view).to_be_hidden()
    page.go_forward()
    expect(page.locator("#review-text-full")).to_have_text(LONG_REVIEW)


def test_on_its_page_a_review_is_labelled_classified_again_and_deleted(page):
    analyze(page, "Slow, dull and far too long. I wanted my evening back.")
    expect(page.locator("#result")).to_be_visible()
    page.get_by_role("link", name=re.compile(r"^Open “Slow, dull")).click()
    expect(page.locator("#review-view")).to_be_visible()

    page.get_by_role("button", name="Label positive").click()
    page.get_by_role("button", name="Send now").click()
    expect(page.locator("#review-note")).to_contain_text("learned that this review is positive")
    expect(page.locator("#review-labels li")).to_have_text([re.compile(r"^positive, \w")])
    page.get_by_role("button", name="Label negative").click()
    page.get_by_role("button", name="Send now").click()
    expect(page.locator("#review-labels li").nth(1)).to_contain_text("negative (a correction)")
    expect(page.locator("#review-label")).to_have_text("A person labelled it negative.")

    page.get_by_role("button", name="Classify again").click()
    expect(page.locator("#review-note")).to_contain_text("Classified again with")

    page.get_by_role("button", name="Delete", exact=True).click()
    confirm = page.get_by_role("button", name="Delete for good")
    expect(confirm).to_be_focused()
    confirm.click()
    expect(page.locator("#history-list")).to_be_visible()
    deleted = page.locator("#history-list li", has_text="Slow, dull and far too long")
    expect(deleted).to_have_count(0)


def test_search_and_filters_live_in_the_url(page):
    analyze(page, "The zebra documentary was a delight from start to end.")
    expect(page.locator("#result")).to_be_visible()
    analyze(page, "A dull heist film with no zebra in sight, and no tension either.")
    expect(page.locator("#history-list li").first).to_contain_text("dull heist")
    page.get_by_role("searchbox", name="Search").fill("ZEBRA documentary")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page).to_have_url(re.compile(r"#/\?q=ZEBRA\+documentary$"))
    expect(page.locator("#history-list li")).to_have_count(1)
    expect(page.locator("#history-list li")).to_contain_text("zebra documentary")
    expect(page.locator("#history-summary")).to_have_text("1 review match, newest first.")

    page.reload()
    expect(page.get_by_role("searchbox", name="Search")).to_have_value("ZEBRA documentary")
    expect(page.locator("#history-list li")).to_have_count(1)
    page.get_by_label("Label", exact=True).select_option("labelled")
    expect(page).to_have_url(re.compile(r"label=labelled"))
    expect(page.locator("#history-summary")).to_have_text("No review matches.")
    page.go_back()
    expect(page.locator("#history-list li")).to_have_count(1)
    page.go_back()
    expect(page.get_by_role("searchbox", name="Search")).to_have_value("")
    expect(page.locator("#history-list li", has_text="zebra")).to_have_count(2)


def test_a_long_review_shows_its_first_lines_until_asked(page):
    long = "An epic about a lighthouse. " * 40
    analyze(page, long)
    item = page.locator("#history-list li").first
    expect(item).to_contain_text("An epic about a lighthouse")
    more = item.get_by_role("button", name="Show more")
    expect(more).to_have_attribute("aria-expanded", "false")
    clipped = item.locator(".text").evaluate("e => e.scrollHeight > e.clientHeight")
    assert clipped
    more.click()
    expect(item.get_by_role("button", name="Show less")).to_have_attribute("aria-expanded", "true")
    assert not item.locator(".text").evaluate("e => e.scrollHeight > e.clientHeight")


def test_a_long_review_in_the_history_is_summarised_when_asked(page):
    analyze(page, LONG_REVIEW * 3)
    item = page.locator("#history-list li").first
    expect(item).to_contain_text("I went in with low hopes")
    item.get_by_role("button", name=re.compile("^In short")).click()
    sentences = item.locator("ul.summary li")
    expect(sentences.first).to_be_visible()
    assert 1 <= sentences.count() <= 3
    for sentence in sentences.all_text_contents():
        assert sentence in LONG_REVIEW


def test_the_api_docs_page_renders_without_internet(page):
    page.goto("/apidoc/redoc/")
    expect(
        page.get_by_role("heading", name=re.compile("Movie review sentiment API"))
    ).to_be_visible()
    expect(page.get_by_text("Classify a review and store it.").first).to_be_visible()


def test_the_reviews_of_a_search_download_as_csv(page):
    analyze(page, '=HYPERLINK("http://example.com") a walrus of a film, dreadful.')
    expect(page.locator("#result")).to_be_visible()
    page.get_by_role("searchbox", name="Search").fill("walrus")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.locator("#history-list li")).to_have_count(1)
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    content = Path(download.value.path()).read_text()
    lines = content.splitlines()
    assert lines[0].startswith("_id,created_at,text")
    assert len(lines) == 2 and "'=HYPERLINK" in lines[1]


def test_a_csv_file_is_imported_with_progress_and_refusals(page):
    csv_file = (
        b"text,label\n"
        b"An orca documentary that moved me to tears.,positive\n"
        b"   ,negative\n"
        b"A dreary orca sequel.,\n"
    )
    page.get_by_label("File").set_input_files(
        files=[{"name": "reviews.csv", "mimeType": "text/csv", "buffer": csv_file}]
    )
    page.get_by_role("button", name="Import").click()
    status = page.locator("#import-text")
    expect(status).to_have_text(
        re.compile(r"^Done: 3 rows read · 2 stored · 1 refused · 1 label learnt\.")
    )
    expect(page.locator("#import-refusals li")).to_have_text(["Line 3: the text is empty"])
    expect(page.locator("#history-list li", has_text="orca")).to_have_count(2)


def test_a_phrase_said_many_times_is_one_tab_stop(page):
    text = "Boring. " * 30 + "The music is lovely."
    analyze(page, text)
    why = page.locator("#why-text")
    expect(why).to_be_visible()
    boring = why.locator("mark.push.negative", has_text="Boring")
    assert boring.count() == 30
    assert why.locator("mark.push.negative[tabindex='0']", has_text="Boring").count() == 1


def test_a_draft_survives_leaving_the_page_until_it_is_analysed(page):
    draft = "Half-written: the first act is"
    page.get_by_role("textbox", name="Review").fill(draft)
    page.goto("/#/queue")
    page.goto("/")  # a new load of the page, not the browser's restoring of a form
    expect(page.get_by_role("textbox", name="Review")).to_have_value(draft)
    page.get_by_role("button", name="Analyze").click()
    expect(page.locator("#result")).to_be_visible()
    page.goto("/#/queue")
    page.goto("/")
    expect(page.get_by_role("textbox", name="Review")).to_have_value("")
