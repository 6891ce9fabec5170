// The DOM of the analyze and history views, the held label and the switch between views
// (review-view.js, queue-view.js and import-view.js have the rest). Review text is always set
// with textContent, never as HTML.

import { $, node, verdict } from "./dom.js";
import { firstWords, opposite, percent, when } from "./format.js";
import { highlighted } from "./highlights.js";

const el = {
  form: $("review-form"),
  text: $("review-text"),
  charCount: $("char-count"),
  tooLong: $("too-long"),
  tooLongText: $("too-long-text"),
  keepFirst: $("keep-first"),
  analyze: $("analyze-button"),
  error: $("error"),
  result: $("result"),
  sentiment: $("result-sentiment"),
  probability: $("result-probability"),
  right: $("feedback-right"),
  wrong: $("feedback-wrong"),
  note: $("result-note"),
  why: $("why"),
  whyText: $("why-text"),
  filter: $("history-filter"),
  search: $("history-search"),
  q: $("history-q"),
  label: $("history-label"),
  since: $("history-since"),
  until: $("history-until"),
  unsure: $("history-unsure"),
  summary: $("history-summary"),
  list: $("history-list"),
  newer: $("history-newer"),
  older: $("history-older"),
  page: $("history-page"),
  home: document.querySelectorAll(".home"),
  queue: $("queue-view"),
  model: $("model-view"),
  nav: { home: $("nav-home"), queue: $("nav-queue"), model: $("nav-model") },
  pending: $("pending"),
  notice: $("notice"),
  pendingText: $("pending-text"),
  pendingUndo: $("pending-undo"),
  pendingSend: $("pending-send"),
  historyHeading: $("history-heading"),
  exportCsv: $("export-csv"),
  exportJsonl: $("export-jsonl"),
  reviewView: $("review-view"),
};

const MAX_CHARS = Number(el.text.dataset.maxChars);

function badge(review) {
  return node("span", verdict(review));
}

// A text over the limit is never cut without a word (a paste can be far longer): the page says
// so, and the person shortens it or keeps its first MAX_CHARS characters.
function countCharacters() {
  const length = Array.from(el.text.value).length; // code points, as the server counts
  el.charCount.textContent = `${length.toLocaleString()} / ${MAX_CHARS.toLocaleString()}`;
  const over = length > MAX_CHARS;
  el.charCount.classList.toggle("over", over);
  el.tooLong.hidden = !over;
  if (over) {
    el.tooLongText.textContent =
      `This text has ${length.toLocaleString()} characters; a review can have at most ` +
      `${MAX_CHARS.toLocaleString()}. Shorten it, or keep its first ${MAX_CHARS.toLocaleString()} characters.`;
  }
  return over;
}

// The text being written survives a reload and Back (in this tab only: sessionStorage).
const DRAFT_KEY = "review-draft";

function saveDraft() {
  try {
    if (el.text.value) sessionStorage.setItem(DRAFT_KEY, el.text.value);
    else sessionStorage.removeItem(DRAFT_KEY);
  } catch {
    // storage full or off: the draft just does not survive a reload
  }
}

function restoreDraft() {
  let draft = null;
  try {
    draft = sessionStorage.getItem(DRAFT_KEY);
  } catch {
    return;
  }
  if (draft && !el.text.value) {
    el.text.value = draft;
    countCharacters();
  }
}

export function clearDraft() {
  try {
    sessionStorage.removeItem(DRAFT_KEY);
  } catch {
    // nothing kept
  }
}

export function bindSubmit(handler) {
  el.form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (countCharacters()) {
      el.keepFirst.focus();
      return;
    }
    handler(el.text.value);
  });
  el.text.addEventListener("input", () => {
    countCharacters();
    saveDraft();
  });
  restoreDraft();
  el.keepFirst.addEventListener("click", () => {
    el.text.value = Array.from(el.text.value).slice(0, MAX_CHARS).join("");
    countCharacters();
    el.text.focus();
  });
}

export function bindFeedback(handler) {
  el.right.addEventListener("click", () => handler(true));
  el.wrong.addEventListener("click", () => handler(false));
}

function filtersShown() {
  return {
    q: el.q.value.trim(),
    sentiment: el.filter.value,
    label: el.label.value,
    since: el.since.value,
    until: el.until.value,
    unsure: el.unsure.checked ? "1" : "",
  };
}

export function bindHistorySearch(handler) {
  el.search.addEventListener("submit", (event) => {
    event.preventDefault();
    handler(filtersShown());
  });
  for (const control of [el.filter, el.label, el.since, el.until, el.unsure]) {
    control.addEventListener("change", () => handler(filtersShown()));
  }
}

function showFilters(filters) {
  el.q.value = filters.q;
  el.filter.value = filters.sentiment;
  el.label.value = filters.label;
  el.since.value = filters.since;
  el.until.value = filters.until;
  el.unsure.checked = Boolean(filters.unsure);
}

export function bindHistoryPaging({ newer, older }) {
  el.newer.addEventListener("click", newer);
  el.older.addEventListener("click", older);
}

// The held label (pending.js): what it is, and Undo / Send now.
let focusBeforeUndo = null; // where the focus goes back to once the held label is gone

export function showPending(held, undoSeconds) {
  const hadFocus = el.pending.contains(document.activeElement);
  el.pending.hidden = !held;
  if (!held && hadFocus) {
    const back = focusBeforeUndo;
    if (back && back.isConnected && !back.disabled && back.offsetParent) back.focus();
    else el.historyHeading.focus();
  }
  if (held) {
    el.notice.textContent = "";
    el.pendingText.textContent =
      `Labelled ${held.name} ${held.label}: it teaches the shared model, for every visitor, ` +
      `in ${undoSeconds} seconds.`;
  }
}

export function showNotice(text) {
  el.notice.textContent = text;
}

export function bindPending({ undo, sendNow }) {
  el.pendingUndo.addEventListener("click", undo);
  el.pendingSend.addEventListener("click", sendNow);
}

export function focusUndo() {
  focusBeforeUndo = document.activeElement;
  el.pendingUndo.focus();
}

export function showExportLinks(csvUrl, jsonlUrl) {
  el.exportCsv.href = csvUrl;
  el.exportJsonl.href = jsonlUrl;
}

export function historyHasFocus() {
  return el.historyHeading.closest("section").contains(document.activeElement);
}

// After a re-render took the focused control away (or disabled it), focus stays in the
// history, on its heading, rather than falling to the page's body.
export function keepFocusInHistory(hadFocus) {
  const active = document.activeElement;
  const lost = !active || active === document.body || active.disabled || !active.isConnected;
  if (hadFocus && lost) el.historyHeading.focus();
}

export function focusResult() {
  el.result.focus();
}

export function showItemSummary(id, sentences) {
  const item = el.list.querySelector(`li[data-id="${id}"]`);
  if (!item) return;
  const list = item.querySelector("ul.summary");
  const shown = sentences.length ? sentences.map((s) => s.text) : ["Too short to summarise."];
  list.replaceChildren(...shown.map((text) => node("li", { text })));
  list.hidden = false;
  item.querySelector("button[data-summary]").hidden = true;
}

export function bindHistorySummary(handler) {
  el.list.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-summary]");
    if (button) handler(button.closest("li").dataset.id);
  });
}

export function bindHistoryLabel(handler) {
  el.list.addEventListener("click", (event) => {
    const more = event.target.closest("button[data-more]");
    if (more) {
      const open = more.getAttribute("aria-expanded") !== "true";
      more.closest("li").querySelector(".text").classList.toggle("clipped", !open);
      more.setAttribute("aria-expanded", String(open));
      more.textContent = open ? "Show less" : "Show more";
      return;
    }
    const button = event.target.closest("button[data-label]");
    if (button) {
      const item = button.closest("li");
      handler(item.dataset.id, button.dataset.label, `“${firstWords(item.querySelector(".text").textContent)}”`);
    }
  });
}

export function setBusy(busy) {
  el.analyze.disabled = busy;
  el.analyze.textContent = busy ? "Analyzing…" : "Analyze";
}

export function showError(message) {
  el.error.textContent = message;
  el.error.hidden = false;
}

export function clearError() {
  el.error.hidden = true;
  el.error.textContent = "";
}

export function showResult(review, note = "") {
  el.result.hidden = false;
  const { text, className } = verdict(review);
  el.sentiment.textContent = text;
  el.sentiment.className = className;
  el.probability.textContent = `${percent(review.probability)} ${review.sentiment}`;
  el.note.textContent = note;
  const answered = Boolean(review.feedback);
  el.right.disabled = answered;
  el.wrong.disabled = answered;
}

const CLIP_OVER = 400; // characters; a longer review shows its first lines and "Show more"

function historyItem(review) {
  const item = node("li", { attrs: { "data-id": review._id } });
  const text = node("p", { text: review.text, className: "text" });
  item.append(text);
  if (review.text.length > CLIP_OVER) {
    text.classList.add("clipped");
    const more = node("button", {
      text: "Show more",
      className: "secondary small",
      attrs: { type: "button", "aria-expanded": "false", "data-more": "" },
    });
    // The summary is computed when asked for: the model's explanation of a long review costs
    // about 10 ms, too much for every item of every page.
    const short = node("button", {
      text: "In short",
      className: "secondary small",
      attrs: { type: "button", "data-summary": "", "aria-label": `In short: “${firstWords(review.text)}”` },
    });
    item.append(more, " ", short, node("ul", { className: "summary", attrs: { hidden: "" } }));
  }
  const meta = node("div", { className: "meta" });
  meta.append(
    node("span", { text: "Model:", className: "muted" }),
    badge(review),
    node("span", {
      text: `${percent(review.probability)} ${review.sentiment}`,
      className: "probability",
    }),
  );
  const label = review.feedback && review.feedback.label;
  if (label) {
    meta.append(
      node("span", { text: "Person:", className: "muted" }),
      node("span", { text: label, className: `badge ${label}` }),
    );
  }
  meta.append(node("span", { text: when(review.created_at), className: "muted" }));
  // Offer the label that would change something: the other one than the person's, if any.
  const other = opposite(label || review.sentiment);
  const named = `“${firstWords(review.text)}”`;
  meta.append(
    node("button", {
      text: `Mark ${other}`,
      className: "secondary small",
      attrs: { type: "button", "data-label": other, "aria-label": `Mark ${named} ${other}` },
    }),
    node("a", {
      text: "Open",
      attrs: { href: `#/reviews/${review._id}`, "aria-label": `Open ${named}` },
    }),
  );
  item.append(meta);
  return item;
}

export function showHistory(page, pageNumber, filtered) {
  el.list.replaceChildren(...page.items.map(historyItem));
  const none = page.total === 0 && page.total_is_exact;
  const number = `${page.total.toLocaleString()}${page.total_is_exact ? "" : "+"}`;
  const count = number === "1" ? "1 review" : `${number} reviews`;
  let summary;
  if (filtered) summary = none ? "No review matches." : `${count} match, newest first.`;
  else summary = none ? "No reviews yet." : `${count}, newest first.`;
  // A search with sparse matches stops reading and says how far back it looked.
  if (page.searched_back_to) {
    summary += ` Searched back to ${when(page.searched_back_to)}: “Older” searches further.`;
  }
  el.summary.textContent = summary;
  el.page.textContent = none ? "" : `Page ${pageNumber}`;
  el.newer.disabled = pageNumber <= 1;
  el.older.disabled = !page.next_cursor;
}

export function showExplanation(rawText, explanation) {
  const parts = highlighted(rawText, explanation);
  if (!parts) {
    el.why.hidden = true;
    return;
  }
  el.whyText.replaceChildren(...parts);
  el.why.hidden = false;
}

// One of the views: "home" (analyze and history), "review" (one review's page) or "queue".
export function switchView(name) {
  for (const section of el.home) section.hidden = name !== "home";
  el.reviewView.hidden = name !== "review";
  el.queue.hidden = name !== "queue";
  el.model.hidden = name !== "model";
  for (const [view, link] of Object.entries(el.nav)) {
    if (view === name) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
}

export function showHome(filters) {
  switchView("home");
  showFilters(filters);
}
