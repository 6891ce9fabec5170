// Small DOM helpers shared by the views.

export const $ = (id) => document.getElementById(id);

export function node(tag, { text, className, attrs } = {}) {
  const element = document.createElement(tag);
  if (text !== undefined) element.textContent = text;
  if (className) element.className = className;
  for (const [name, value] of Object.entries(attrs || {})) element.setAttribute(name, value);
  return element;
}

// A prediction under 2/3 (the API's `unsure`) reads as mixed or unsure, not as a verdict.
export function verdict(review) {
  return review.unsure
    ? { text: "mixed / not sure", className: "badge mixed" }
    : { text: review.sentiment, className: `badge ${review.sentiment}` };
}
