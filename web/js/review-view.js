// The DOM of one review's page. Review text is set with textContent only.

import { $, node, verdict } from "./dom.js";
import { percent, when } from "./format.js";
import { highlighted } from "./highlights.js";

const el = {
  heading: $("review-heading"),
  sentiment: $("review-sentiment"),
  probability: $("review-probability"),
  version: $("review-version"),
  label: $("review-label"),
  text: $("review-text-full"),
  summarySection: $("review-summary-section"),
  summary: $("review-summary"),
  classify: $("review-classify"),
  positive: $("review-positive"),
  negative: $("review-negative"),
  remove: $("review-delete"),
  confirmRemove: $("review-delete-confirm"),
  note: $("review-note"),
  labels: $("review-labels"),
};

export function showReview(review, labels, note = "") {
  const { text, className } = verdict(review);
  el.sentiment.textContent = text;
  el.sentiment.className = className;
  el.probability.textContent = `${percent(review.probability)} ${review.sentiment}`;
  el.version.textContent = `model ${review.model_version}`;
  el.label.textContent = review.feedback
    ? `A person labelled it ${review.feedback.label}.`
    : "No person has labelled it yet.";
  el.text.replaceChildren(...(highlighted(review.text, review.explanation) || [review.text]));
  el.summary.replaceChildren(...review.summary.map((s) => node("li", { text: s.text })));
  el.summarySection.hidden = review.summary.length === 0;
  el.labels.replaceChildren(
    ...(labels.length
      ? labels.map((e) =>
          node("li", {
            text: `${e.label}${e.correction ? " (a correction)" : ""}, ${when(e.at)}`,
          }),
        )
      : [node("li", { text: "None yet." })]),
  );
  el.positive.disabled = review.feedback?.label === "positive";
  el.negative.disabled = review.feedback?.label === "negative";
  el.remove.hidden = false;
  el.confirmRemove.hidden = true;
  el.note.textContent = note;
}

export function focusReview() {
  el.heading.focus();
}

function askToConfirmDelete() {
  el.remove.hidden = true;
  el.confirmRemove.hidden = false;
  el.confirmRemove.focus();
}

export function bindReviewActions({ classify, label, remove }) {
  el.classify.addEventListener("click", classify);
  el.positive.addEventListener("click", () => label("positive"));
  el.negative.addEventListener("click", () => label("negative"));
  el.remove.addEventListener("click", () => askToConfirmDelete());
  el.confirmRemove.addEventListener("click", remove);
}
