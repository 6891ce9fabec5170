// Small, pure formatting helpers.

export function percent(probability) {
  return `${Math.round(probability * 100)}%`;
}

export function opposite(sentiment) {
  return sentiment === "positive" ? "negative" : "positive";
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

export function when(isoDate) {
  return dateFormat.format(new Date(isoDate));
}

// A review named by its first words ("The acting was superb and the…").
export function firstWords(text, count = 6) {
  const words = text.trim().split(/\s+/);
  return words.slice(0, count).join(" ") + (words.length > count ? "…" : "");
}
