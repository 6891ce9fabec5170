// Wires the API and the state to the view; never touches the DOM itself.

import * as api from "./api.js";
import { opposite, percent } from "./format.js";
import { PAGE_SIZE, currentCursor, goNewer, goOlder, resetHistory } from "./state.js";

export function createController(view, state) {
  async function run(action) {
    view.clearError();
    try {
      await action();
    } catch (error) {
      view.showError(error.message);
    }
  }

  async function refreshHistory() {
    const history = state.history;
    const page = await api.listReviews({
      limit: PAGE_SIZE,
      cursor: currentCursor(state),
      sentiment: history.sentiment,
    });
    history.nextCursor = page.next_cursor;
    view.showHistory(page, history.page + 1);
  }

  async function explainLatest() {
    const review = await api.explainReview(state.latest._id);
    view.showExplanation(review.text, review.explanation);
  }

  async function teach(id, label) {
    const result = await api.trainReview(id, label);
    if (state.latest && state.latest._id === id) {
      state.latest = { ...state.latest, ...result.after, feedback: { label } };
      const moved = `${percent(result.before.probability)} ${result.before.sentiment}`;
      view.showResult(state.latest, `Thanks: the model learned that this review is ${label} (it said ${moved} before).`);
      await explainLatest();
    }
    await refreshHistory();
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
      resetHistory(state);
      await Promise.all([explainLatest(), refreshHistory()]);
    });
  }

  function feedback(isRight) {
    const review = state.latest;
    if (!review) return;
    const label = isRight ? review.sentiment : opposite(review.sentiment);
    return run(() => teach(review._id, label));
  }

  return {
    start() {
      view.bindSubmit(analyze);
      view.bindFeedback(feedback);
      view.bindHistoryLabel((id, label) => run(() => teach(id, label)));
      view.bindHistoryFilter((sentiment) => {
        resetHistory(state, sentiment);
        return run(refreshHistory);
      });
      view.bindHistoryPaging({
        older: () => goOlder(state) && run(refreshHistory),
        newer: () => goNewer(state) && run(refreshHistory),
      });
      return run(refreshHistory);
    },
  };
}
