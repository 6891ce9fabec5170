// What the page remembers: the latest result and where the history view is.

export const PAGE_SIZE = 10;

// The history's search, as the URL keeps it ("#/?q=dune&label=labelled").
export const NO_FILTERS = { q: "", sentiment: "", label: "", since: "", until: "", unsure: "" };

export function filtersFromHash(hash) {
  const params = new URLSearchParams(hash.replace(/^#\/?\??/, ""));
  return Object.fromEntries(Object.keys(NO_FILTERS).map((key) => [key, params.get(key) || ""]));
}

export function hashOfFilters(filters) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  const query = params.toString();
  return query ? `#/?${query}` : "#/";
}

export function createState() {
  return {
    view: "home", // "home", "review", "queue" or "model"
    latest: null, // the review just analyzed
    reviewId: null, // the review whose page is shown, if any
    history: {
      filters: { ...NO_FILTERS },
      cursors: [null], // cursors[i] opens page i; null is the newest page
      page: 0,
      nextCursor: null,
    },
  };
}

export function resetHistory(state, filters = state.history.filters) {
  state.history = { filters, cursors: [null], page: 0, nextCursor: null };
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
