// The "needs a label" view's DOM. Review text is set with textContent only.

import { $, verdict } from "./dom.js";
import { percent } from "./format.js";

const el = {
  heading: $("queue-heading"),
  count: $("queue-count"),
  item: $("queue-item"),
  sentiment: $("queue-sentiment"),
  probability: $("queue-probability"),
  text: $("queue-text"),
  empty: $("queue-empty"),
  negative: $("queue-negative"),
  positive: $("queue-positive"),
  skip: $("queue-skip"),
  undo: $("queue-undo"),
  note: $("queue-note"),
  view: $("queue-view"),
};

export function focusQueue() {
  el.heading.focus();
}

export function isShown() {
  return !el.view.hidden;
}

export function showItem(review, { labelled, unsureLeft, exact }) {
  const left = `${unsureLeft.toLocaleString()}${exact ? "" : "+"}`;
  el.count.textContent = `${labelled} labelled, ${left} left unsure.`;
  el.item.hidden = !review;
  el.empty.hidden = Boolean(review);
  for (const button of [el.negative, el.positive, el.skip]) button.disabled = !review;
  if (!review) return;
  el.item.dataset.id = review._id;
  const { text, className } = verdict(review);
  el.sentiment.textContent = text;
  el.sentiment.className = className;
  el.probability.textContent = `${percent(review.probability)} ${review.sentiment}`;
  el.text.textContent = review.text;
}

export function showNote(text) {
  el.note.textContent = text;
}

export function setUndoable(undoable) {
  el.undo.disabled = !undoable;
}

// 1 negative, 2 positive, s skip, u undo: while the view is shown and no text field has focus.
export function bindQueue({ label, skip, undo }) {
  el.negative.addEventListener("click", () => label("negative"));
  el.positive.addEventListener("click", () => label("positive"));
  el.skip.addEventListener("click", skip);
  el.undo.addEventListener("click", undo);
  const keys = { 1: () => label("negative"), 2: () => label("positive"), s: skip, u: undo };
  document.addEventListener("keydown", (event) => {
    if (!isShown() || event.ctrlKey || event.metaKey || event.altKey || event.repeat) return;
    if (event.target.closest("input, textarea, select")) return;
    const action = keys[event.key.toLowerCase()];
    if (!action) return;
    event.preventDefault();
    action();
  });
}
