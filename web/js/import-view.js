// The import section's DOM.

import { $, node } from "./dom.js";

const el = {
  form: $("import-form"),
  file: $("import-file"),
  button: $("import-button"),
  status: $("import-status"),
  progress: $("import-progress"),
  text: $("import-text"),
  refusals: $("import-refusals"),
};

const SHOWN_REFUSALS = 20;

export function bindImport(handler) {
  el.form.addEventListener("submit", (event) => {
    event.preventDefault();
    const [file] = el.file.files;
    if (file) handler(file);
  });
}

export function setImporting(busy) {
  el.button.disabled = busy;
  el.button.textContent = busy ? "Importing…" : "Import";
}

function count(n, one, many = `${one}s`) {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}

function summary(job) {
  const parts = [count(job.rows, "row") + " read", `${job.stored.toLocaleString()} stored`];
  if (job.refused) parts.push(`${job.refused.toLocaleString()} refused`);
  if (job.duplicates) parts.push(`${job.duplicates.toLocaleString()} already imported`);
  if (job.labelled) parts.push(count(job.labelled, "label") + " learnt");
  if (job.labels_refused) parts.push(count(job.labels_refused, "label") + " refused by the guard");
  return parts.join(" · ");
}

export function showImport(job) {
  el.status.hidden = false;
  el.progress.max = Math.max(job.size, 1);
  el.progress.value = job.state === "done" ? el.progress.max : job.bytes_read;
  let text = summary(job);
  if (job.state === "running" && job.seconds_left != null) {
    text += ` · about ${Math.ceil(job.seconds_left)} s left`;
  } else if (job.state === "done") {
    text = `Done: ${text}.`;
    if (job.words_indexed < job.stored) {
      text += ` Searchable by words so far: ${job.words_indexed.toLocaleString()} of ${job.stored.toLocaleString()}.`;
    }
  } else if (job.state === "failed") {
    text = `Stopped: ${job.error} (${text}.)`;
  }
  el.text.textContent = text;
  const shown = job.refusals.slice(0, SHOWN_REFUSALS);
  el.refusals.replaceChildren(
    ...shown.map((r) => {
      return node("li", { text: `Line ${r.line.toLocaleString()}: ${r.reason}` });
    }),
  );
  if (job.refused + job.labels_refused > shown.length) {
    const left = job.refused + job.labels_refused - shown.length;
    el.refusals.append(node("li", { text: `… ${left.toLocaleString()} more.` }));
  }
}
