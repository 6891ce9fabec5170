// The only module that talks to the server.

export class ApiProblem extends Error {
  constructor(message, status, code) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

async function request(path, options = {}) {
  let response;
  try {
    response = await fetch(path, {
      ...options,
      headers: {
        Accept: "application/json",
        ...(options.body ? { "Content-Type": "application/json" } : {}),
        ...options.headers,
      },
    });
  } catch {
    throw new ApiProblem("Could not reach the server. Check your connection and try again.", 0, "network");
  }
  let body = null;
  try {
    body = await response.json();
  } catch {
    // A proxy or crash page rather than our API: fall through to a generic message.
  }
  if (!response.ok) {
    const error = body && body.error;
    let message = error ? error.message : `The server answered ${response.status}.`;
    const wait = Number(response.headers.get("Retry-After"));
    if (response.status === 429 && wait > 0) {
      message = `Too many changes from here for now: try again in ${wait} second${wait === 1 ? "" : "s"}.`;
    }
    throw new ApiProblem(message, response.status, error ? error.code : "http");
  }
  return body;
}

export function submitReview(text) {
  return request("/api/reviews", { method: "POST", body: JSON.stringify({ text }) });
}

// A day from the date inputs ("2026-12-01"), as the instant it starts where the person is.
function startOfDay(date, plusDays = 0) {
  const day = new Date(`${date}T00:00:00`);
  day.setDate(day.getDate() + plusDays);
  return day.toISOString();
}

// The history's filters as the API's query parameters.
function searchParams(filters) {
  const params = new URLSearchParams();
  if (filters.q.trim()) params.set("q", filters.q.trim());
  if (filters.sentiment) params.set("sentiment", filters.sentiment);
  if (filters.label === "labelled") params.set("labelled", "true");
  if (filters.label === "unlabelled") params.set("labelled", "false");
  if (filters.label === "disagrees") params.set("disagrees", "true");
  if (filters.unsure) params.set("unsure", "true");
  if (filters.since) params.set("since", startOfDay(filters.since));
  if (filters.until) params.set("until", startOfDay(filters.until, 1)); // the whole last day
  return params;
}

export function listReviews({ limit, cursor, filters }) {
  const params = searchParams(filters);
  params.set("limit", String(limit));
  if (cursor) params.set("cursor", cursor);
  return request(`/api/reviews?${params}`);
}

// Where the reviews matching `filters` download from, as "csv" or "jsonl".
export function exportUrl(filters, format) {
  const params = searchParams(filters);
  params.set("format", format);
  return `/api/reviews/export?${params}`;
}

export function explainReview(id) {
  return request(`/api/reviews/${encodeURIComponent(id)}?explain=true&top=8`);
}

export function readReview(id) {
  return request(`/api/reviews/${encodeURIComponent(id)}?explain=true&top=12&summary=true`);
}

export function summarizeReview(id) {
  return request(`/api/reviews/${encodeURIComponent(id)}?summary=true`);
}

export function reviewLabels(id) {
  return request(`/api/reviews/${encodeURIComponent(id)}/labels`);
}

export function classifyReview(id) {
  return request(`/classify_review?_id=${encodeURIComponent(id)}`);
}

// Training needs a session of this page: an HttpOnly cookie plus its token in a header.
let sessionToken = null;

async function pageSession(renew) {
  if (!sessionToken || renew) {
    const session = await request("/api/session", { method: "POST", body: "{}" });
    sessionToken = session.token;
  }
  return sessionToken;
}

// Open the page session ahead of need (a label held as the page closes is sent without waiting).
export function startSession() {
  return pageSession(false);
}

async function withSession(path, options) {
  const send = async (renew) =>
    request(path, {
      ...options,
      headers: { ...options.headers, "X-Page-Session": await pageSession(renew) },
    });
  try {
    return await send(false);
  } catch (problem) {
    if (problem.status !== 401) throw problem;
    return send(true); // the session expired: start a new one, once
  }
}

// keepalive: a held label sent as the page is closed still arrives.
export function trainReview(id, label) {
  return withSession(`/train_review?_id=${encodeURIComponent(id)}`, {
    method: "POST",
    body: JSON.stringify({ label }),
    keepalive: true,
  });
}

// The unlabelled review the model is least sure of, claimed for this tab for a short time.
export function nextToLabel(claimer, skip) {
  return withSession("/api/queue/next", {
    method: "POST",
    body: JSON.stringify({ claimer, skip }),
  });
}

// An import: a job for the file, then the file itself as the body (the browser streams it).
export function startImport(name, format, size) {
  return withSession("/api/imports", {
    method: "POST",
    body: JSON.stringify({ name, format, size }),
  });
}

export function uploadImport(id, file) {
  return withSession(`/api/imports/${encodeURIComponent(id)}/file`, {
    method: "PUT",
    body: file,
    headers: { "Content-Type": "application/octet-stream" },
  });
}

export function readImport(id) {
  return request(`/api/imports/${encodeURIComponent(id)}`);
}

export function deleteReview(id) {
  return withSession(`/api/reviews/${encodeURIComponent(id)}`, { method: "DELETE" });
}

// The model view's numbers, and what an operator (with the token, sent as a bearer) can do.
export function modelDashboard() {
  return request("/api/model/dashboard");
}

export function modelVersions() {
  return request("/api/model/versions");
}

const asOperator = (token) => ({ Authorization: `Bearer ${token}` });

export function previewRollback(version, token) {
  return request(`/api/model/versions/${encodeURIComponent(version)}/preview`, {
    headers: asOperator(token),
  });
}

export function rollBack(version, token) {
  return request("/api/model/rollback", {
    method: "POST",
    body: JSON.stringify({ version }),
    headers: asOperator(token),
  });
}

export function confirmModel(token) {
  return request("/api/model/confirm", { method: "POST", body: "{}", headers: asOperator(token) });
}
