// A review's text as nodes, with the phrases that pushed the model's decision most marked.

import { node } from "./dom.js";

function strongestSpans(phrases) {
  // Strongest first; a span that overlaps one already taken is left out.
  const taken = [];
  for (const phrase of phrases) {
    for (const [start, end] of phrase.spans) {
      if (!taken.some((t) => start < t.end && t.start < end)) {
        taken.push({ start, end, contribution: phrase.contribution, feature: phrase.feature });
      }
    }
  }
  return taken.sort((a, b) => a.start - b.start);
}

// The text as nodes, the phrases that pushed the decision most marked; null if none are.
export function highlighted(rawText, explanation) {
  const spans = strongestSpans(explanation.phrases);
  if (!spans.length) return null;
  // Spans count Unicode code points; JavaScript strings count UTF-16 units (an emoji is two).
  const codePoints = Array.from(rawText);
  const text = { slice: (start, end) => codePoints.slice(start, end).join("") };
  const parts = [];
  const reachable = new Set(); // one Tab stop per phrase, however often it occurs
  let at = 0;
  for (const span of spans) {
    parts.push(document.createTextNode(text.slice(at, span.start)));
    const direction = span.contribution > 0 ? "positive" : "negative";
    const weight = `${span.contribution > 0 ? "+" : "−"}${Math.abs(span.contribution).toFixed(2)} toward ${direction}`;
    parts.push(
      node("mark", {
        text: text.slice(span.start, span.end),
        className: `push ${direction}`,
        attrs: {
          ...(reachable.has(span.feature) ? {} : { tabindex: "0" }),
          title: weight,
          "data-weight": weight,
          "aria-label": `${text.slice(span.start, span.end)}: ${weight}`,
        },
      }),
    );
    reachable.add(span.feature);
    at = span.end;
  }
  parts.push(document.createTextNode(text.slice(at)));
  return parts;
}
