// Wires the API and the state to the view; never touches the DOM itself.

import * as api from "./api.js";
import { firstWords, opposite, percent } from "./format.js";
import { UNDO_SECONDS, createPendingLabel } from "./pending.js";
import { createImports } from "./imports.js";
import { createModelView } from "./model.js";
import { createQueue } from "./queue.js";
import {
  PAGE_SIZE,
  currentCursor,
  filtersFromHash,
  goNewer,
  goOlder,
  hashOfFilters,
  resetHistory,
} from "./state.js";

export function createController({ view, reviewView, queueView, importView, modelView }, state) {
  async function run(action) {
    view.clearError();
    try {
      await action();
    } catch (error) {
      view.showError(error.message);
    }
  }

  // Answers can come back out of order (the first page of a load behind the one after a
  // submit): only the one to the last request is shown.
  let historyRequests = 0;

  async function refreshHistory() {
    const asked = ++historyRequests;
    const history = state.history;
    const hadFocus = view.historyHasFocus();
    const page = await api.listReviews({
      limit: PAGE_SIZE,
      cursor: currentCursor(state),
      filters: history.filters,
    });
    if (asked !== historyRequests) return;
    history.nextCursor = page.next_cursor;
    const filtered = hashOfFilters(history.filters) !== "#/";
    view.showHistory(page, history.page + 1, filtered);
    view.showExportLinks(api.exportUrl(history.filters, "csv"), api.exportUrl(history.filters, "jsonl"));
    view.keepFocusInHistory(hadFocus);
  }

  async function explainLatest() {
    const review = await api.explainReview(state.latest._id);
    view.showExplanation(review.text, review.explanation);
  }

  // Send a held label; the views showing that review show what the model learnt.
  async function teach(id, label) {
    const result = await api.trainReview(id, label);
    const moved = `${percent(result.before.probability)} ${result.before.sentiment}`;
    const learned = `the model learned that this review is ${label} (it said ${moved} before).`;
    const updates = [];
    if (state.latest && state.latest._id === id) {
      state.latest = { ...state.latest, ...result.after, feedback: { label } };
      view.showResult(state.latest, `Thanks: ${learned}`);
      updates.push(explainLatest());
    }
    if (state.view === "review" && state.reviewId === id) {
      updates.push(showReview(id, `The ${learned}`));
    } else if (state.view === "home") {
      updates.push(refreshHistory());
    }
    await Promise.all(updates);
  }

  const pending = createPendingLabel({
    send: (held) => run(() => teach(held.id, held.label)),
    changed: (held) => {
      view.showPending(held, UNDO_SECONDS);
      queue.heldChanged();
    },
  });
  const queue = createQueue(queueView, pending, run);
  const model = createModelView(modelView, run);
  createImports(importView, run, () => {
    resetHistory(state);
    return refreshHistory();
  });

  // A label from the page is held (pending.js); focus goes to its Undo.
  function holdLabel(id, label, name) {
    run(() => pending.hold({ id, label, name }));
    api.startSession().catch(() => {}); // so the label can still be sent as the page closes
    view.focusUndo();
  }

  function undoHeld() {
    if (state.view === "queue") return queue.undo();
    const taken = pending.undo();
    if (taken) view.showNotice(`Took back the label of ${taken.name}: nothing was sent.`);
  }

  function analyze(text) {
    if (!text.trim()) {
      view.showError("Write a review first: the text is empty.");
      return;
    }
    return run(async () => {
      view.setBusy(true);
      try {
        state.latest = await api.submitReview(text);
      } finally {
        view.setBusy(false);
      }
      view.showResult(state.latest);
      view.clearDraft();
      view.focusResult();
      resetHistory(state);
      await Promise.all([explainLatest(), refreshHistory()]);
    });
  }

  function feedback(isRight) {
    const review = state.latest;
    if (!review) return;
    const label = isRight ? review.sentiment : opposite(review.sentiment);
    holdLabel(review._id, label, `“${firstWords(review.text)}”`);
  }

  // The view follows the URL's hash ("#/reviews/<id>" or the home page), so a review's page can
  // be shared and reloaded, and Back and Forward move between views.
  function reviewIdInHash() {
    const match = /^#\/reviews\/([0-9a-f]{24})$/.exec(window.location.hash);
    return match ? match[1] : null;
  }

  async function showReview(id, note = "") {
    const [review, history] = await Promise.all([api.readReview(id), api.reviewLabels(id)]);
    view.switchView("review");
    reviewView.showReview(review, history.labels, note);
  }

  function route() {
    const id = reviewIdInHash();
    state.reviewId = id;
    if (window.location.hash === "#/queue") {
      state.view = "queue";
      view.switchView("queue");
      return queue.enter();
    }
    if (window.location.hash === "#/model") {
      state.view = "model";
      view.switchView("model");
      return model.enter();
    }
    state.view = id ? "review" : "home";
    if (!id) {
      const filters = filtersFromHash(window.location.hash);
      if (hashOfFilters(filters) !== hashOfFilters(state.history.filters)) {
        resetHistory(state, filters);
      }
      view.showHome(filters);
      return run(refreshHistory);
    }
    return run(async () => {
      await showReview(id);
      reviewView.focusReview();
    });
  }

  const reviewActions = {
    classify: () =>
      run(async () => {
        const result = await api.classifyReview(state.reviewId);
        await showReview(state.reviewId, `Classified again with ${result.model_version}.`);
      }),
    label: (label) => holdLabel(state.reviewId, label, "this review"),
    remove: () =>
      run(async () => {
        await api.deleteReview(state.reviewId);
        window.location.hash = "#/";
      }),
  };

  return {
    start() {
      view.bindSubmit(analyze);
      view.bindFeedback(feedback);
      view.bindHistoryLabel(holdLabel);
      view.bindHistorySummary((id) =>
        run(async () => view.showItemSummary(id, (await api.summarizeReview(id)).summary)),
      );
      view.bindPending({ undo: undoHeld, sendNow: () => pending.sendNow() });
      // A held label is sent when the page goes away (api.trainReview uses keepalive).
      window.addEventListener("pagehide", () => pending.sendNow());
      // A search is a new URL: Back returns to the one before, a reload keeps it.
      view.bindHistorySearch((filters) => {
        const hash = hashOfFilters(filters);
        if (hash === window.location.hash || (hash === "#/" && !window.location.hash)) {
          resetHistory(state, filters);
          return run(refreshHistory);
        }
        window.location.hash = hash;
      });
      view.bindHistoryPaging({
        older: () => goOlder(state) && run(refreshHistory),
        newer: () => goNewer(state) && run(refreshHistory),
      });
      reviewView.bindReviewActions(reviewActions);
      window.addEventListener("hashchange", route);
      return route();
    },
  };
}
