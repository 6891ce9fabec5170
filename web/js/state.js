// What the page remembers: the latest result and where the history view is.

export const PAGE_SIZE = 10;

export function createState() {
  return {
    latest: null, // the review just analyzed
    reviewId: null, // the review whose page is shown, if any
    history: {
      sentiment: "",
      cursors: [null], // cursors[i] opens page i; null is the newest page
      page: 0,
      nextCursor: null,
    },
  };
}

export function resetHistory(state, sentiment = state.history.sentiment) {
  state.history = { sentiment, cursors: [null], page: 0, nextCursor: null };
}

export function currentCursor(state) {
  return state.history.cursors[state.history.page];
}

export function goOlder(state) {
  const history = state.history;
  if (!history.nextCursor) return false;
  history.cursors[history.page + 1] = history.nextCursor;
  history.page += 1;
  return true;
}

export function goNewer(state) {
  if (state.history.page === 0) return false;
  state.history.page -= 1;
  return true;
}
