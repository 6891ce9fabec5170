// The model view's DOM: facts, the four charts with their tables, and the operator's controls.

import { barChart, lineChart, pairedBars } from "./charts.js";
import { $, node } from "./dom.js";
import { percent, when } from "./format.js";

const el = {
  heading: $("model-heading"),
  facts: $("model-facts"),
  note: $("model-note"),
  agreementChart: $("agreement-chart"),
  agreementTable: $("agreement-table"),
  guardChart: $("guard-chart"),
  guardTable: $("guard-table"),
  dailyChart: $("daily-chart"),
  dailyTable: $("daily-table"),
  driftVerdict: $("drift-verdict"),
  driftChart: $("drift-chart"),
  driftTable: $("drift-table"),
  tokenForm: $("operator-form"),
  token: $("operator-token"),
  actions: $("operator-actions"),
  confirm: $("model-confirm"),
  rollbackForm: $("rollback-form"),
  rollbackVersion: $("rollback-version"),
  preview: $("rollback-preview"),
  previewText: $("rollback-preview-text"),
  rollbackDo: $("rollback-do"),
  rollbackCancel: $("rollback-cancel"),
  operatorNote: $("operator-note"),
};

const count = (n) => n.toLocaleString();

function table(element, headings, rows) {
  const head = node("tr");
  head.append(...headings.map((h) => node("th", { text: h, attrs: { scope: "col" } })));
  const body = rows.map((cells) => {
    const row = node("tr");
    row.append(...cells.map((cell) => node("td", { text: cell })));
    return row;
  });
  element.replaceChildren(node("thead"), node("tbody"));
  element.tHead.append(head);
  element.tBodies[0].append(...body);
}

function empty(container, text) {
  container.replaceChildren(node("p", { text, className: "muted" }));
}

function showFacts(model) {
  const labels = model.labels;
  const facts = [
    ["Serving", `${model.version} (position ${count(model.position)} in the label log)`],
    ["Built", `${when(model.built.created_at)} from ${model.built.training_data.file} (${count(model.built.training_data.n)} reviews)`],
    ["Labels learnt", `${count(labels.accepted)}, of them ${count(labels.corrections)} corrections`],
    ["Labels refused by the guard", count(labels.refused)],
    ["Rollbacks", count(labels.rollbacks)],
  ];
  el.facts.replaceChildren(...facts.flatMap(([term, value]) => [node("dt", { text: term }), node("dd", { text: value })]));
}

function showAgreement(agreement) {
  const windows = agreement.windows;
  if (!windows.length) {
    empty(el.agreementChart, "No labels with the model's prediction before them yet.");
  } else {
    const points = windows.map((w) => ({ label: count(w.labels_so_far), value: w.share }));
    const last = windows[windows.length - 1];
    el.agreementChart.replaceChildren(
      lineChart({
        title: "Agreement with people's labels",
        description: `${windows.length} windows of up to ${agreement.every} labels; the latest agreed on ${percent(last.share)} of ${last.labels}.`,
        points,
        xLabel: "labels learnt (count)",
        yLabel: "agreed (%)",
      }),
    );
  }
  table(
    el.agreementTable,
    ["Labels up to", "Labels in window", "Agreed", "Share"],
    windows.map((w) => [count(w.labels_so_far), count(w.labels), count(w.agreed), percent(w.share)]),
  );
}

function showGuard(guard) {
  if (!guard) {
    empty(el.guardChart, "The guard is off (GUARD_MARGIN=off): labels are not checked.");
    el.guardTable.replaceChildren();
    return;
  }
  const names = { artifact: "artifact", confirm: "confirmed", now: "now" };
  const points = guard.points.map((p) => ({ label: `${names[p.kind]} @${count(p.position)}`, value: p.accuracy }));
  el.guardChart.replaceChildren(
    lineChart({
      title: "Accuracy on the guard set",
      description: `Now ${percent(guard.accuracy)} on ${count(guard.size)} held-out reviews; a label that takes it below the floor of ${percent(guard.floor)} is refused.`,
      points,
      xLabel: "version (label-log position)",
      yLabel: "accuracy (%)",
      floor: guard.floor,
    }),
  );
  table(
    el.guardTable,
    ["Version", "Position", "When", "Accuracy"],
    guard.points.map((p) => [names[p.kind], count(p.position), when(p.at), percent(p.accuracy)]),
  );
}

function showDaily(daily) {
  const days = daily.days;
  const training = daily.training_positive_share;
  if (!days.length) {
    empty(el.dailyChart, "No reviews stored yet.");
  } else {
    el.dailyChart.replaceChildren(
      barChart({
        title: "Reviews predicted positive, per day",
        description: `${days.length} days; the dashed line is the training data's share${training === null ? "" : ` (${percent(training)})`}.`,
        bars: days.map((d) => ({ label: d.day.slice(5), value: d.share })),
        xLabel: "day (UTC, month-day)",
        yLabel: "predicted positive (%)",
        reference: training,
      }),
    );
  }
  table(
    el.dailyTable,
    ["Day", "Reviews", "Predicted positive", "Share"],
    days.map((d) => [d.day, count(d.reviews), count(d.positive), d.share === null ? "–" : percent(d.share)]),
  );
}

function showDrift(drift) {
  const recent = drift.recent;
  const reference = drift.reference;
  if (!recent.reviews || !reference) {
    el.driftVerdict.textContent = "No recent reviews to compare yet.";
    empty(el.driftChart, "Nothing to draw yet.");
    el.driftTable.replaceChildren();
    return;
  }
  const index = drift.psi.toFixed(3);
  el.driftVerdict.textContent = drift.drifted
    ? `Drift: the population stability index is ${index}, over the threshold of ${drift.threshold}. Recent reviews are scored unlike the guard set.`
    : `No drift flagged: the population stability index is ${index} (threshold ${drift.threshold}).`;
  el.driftVerdict.className = drift.drifted ? "warning" : "muted";
  el.driftChart.replaceChildren(
    pairedBars({
      title: "Probabilities of recent predictions",
      description: `${count(recent.reviews)} reviews of ${recent.days.length} recent days (dark) against ${count(reference.reviews)} guard-set reviews scored by the model now (light).`,
      edges: drift.edges,
      first: recent.shares,
      second: reference.shares,
      xLabel: "probability of positive (%)",
      yLabel: "reviews (%)",
    }),
  );
  table(
    el.driftTable,
    ["Probability of positive", "Recent", "Guard set"],
    recent.shares.map((share, i) => [
      `${Math.round(drift.edges[i] * 100)}–${Math.round(drift.edges[i + 1] * 100)}%`,
      percent(share),
      percent(reference.shares[i]),
    ]),
  );
}

export function showModel(model) {
  showFacts(model);
  showAgreement(model.agreement);
  showGuard(model.guard);
  showDaily(model.daily);
  showDrift(model.drift);
}

export function focusModel() {
  el.heading.focus();
}

export function showNote(text) {
  el.note.textContent = text;
}

export function showOperatorNote(text) {
  el.operatorNote.textContent = text;
}

export function showVersions(versions) {
  el.rollbackVersion.replaceChildren(
    ...versions.versions
      .filter((v) => v.position < versions.position)
      .map((v) => node("option", { text: `${v.version} (${v.kind}, ${when(v.created_at)})`, attrs: { value: v.version } })),
  );
}

export function showOperatorActions(shown) {
  el.actions.hidden = !shown;
}

export function showPreview(preview) {
  el.preview.hidden = !preview;
  if (!preview) return;
  const accuracy = preview.guard_accuracy === null ? "not measured" : percent(preview.guard_accuracy);
  const now = preview.current_guard_accuracy === null ? "" : ` (now ${percent(preview.current_guard_accuracy)})`;
  el.previewText.textContent =
    `Rolling back to ${preview.version} undoes ${count(preview.labels_undone)} learnt labels ` +
    `for every visitor. Its guard accuracy: ${accuracy}${now}. The labels stay in the log.`;
  el.rollbackDo.textContent = `Roll back to ${preview.version}`;
  el.rollbackDo.focus();
}

export function bindOperator({ useToken, confirm, preview, rollback, cancel }) {
  el.tokenForm.addEventListener("submit", (event) => {
    event.preventDefault();
    useToken(el.token.value.trim());
    el.token.value = "";
  });
  el.confirm.addEventListener("click", confirm);
  el.rollbackForm.addEventListener("submit", (event) => {
    event.preventDefault();
    if (el.rollbackVersion.value) preview(el.rollbackVersion.value);
  });
  el.rollbackDo.addEventListener("click", rollback);
  el.rollbackCancel.addEventListener("click", () => {
    cancel();
    el.rollbackVersion.focus();
  });
}
