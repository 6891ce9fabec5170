// Small SVG charts drawn from numbers: points on a line, bars, and two distributions side by
// side. Each has a title and axes with units; the figure around it carries a table of the same
// numbers. Built with DOM calls only (no markup strings), so the page's CSP holds.

const SVG = "http://www.w3.org/2000/svg";
const WIDTH = 640;
const HEIGHT = 240;
const PAD = { left: 52, right: 16, top: 16, bottom: 44 };
const PLOT_W = WIDTH - PAD.left - PAD.right;
const PLOT_H = HEIGHT - PAD.top - PAD.bottom;

function svgNode(tag, attrs = {}, text) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

// An <svg> with its accessible name and description; the caller adds the marks.
function frame(title, description) {
  const svg = svgNode("svg", {
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
    role: "img",
    class: "chart-svg",
    preserveAspectRatio: "xMidYMid meet",
  });
  svg.append(svgNode("title", {}, title), svgNode("desc", {}, description));
  return svg;
}

const y = (fraction) => PAD.top + (1 - fraction) * PLOT_H;

// The y axis from `low` to `high` (shares, shown as percentages), and the x axis's label.
function axes(svg, low, high, xLabel, yLabel) {
  const group = svgNode("g", { class: "axis" });
  for (let step = 0; step <= 4; step += 1) {
    const value = low + ((high - low) * step) / 4;
    const at = y(step / 4);
    group.append(
      svgNode("line", { x1: PAD.left, x2: WIDTH - PAD.right, y1: at, y2: at, class: "grid" }),
      svgNode("text", { x: PAD.left - 6, y: at + 4, "text-anchor": "end" }, `${Math.round(value * 100)}%`),
    );
  }
  group.append(
    svgNode("text", { x: PAD.left + PLOT_W / 2, y: HEIGHT - 6, "text-anchor": "middle" }, xLabel),
    svgNode(
      "text",
      { x: 12, y: PAD.top + PLOT_H / 2, "text-anchor": "middle", transform: `rotate(-90 12 ${PAD.top + PLOT_H / 2})` },
      yLabel,
    ),
  );
  svg.append(group);
}

function tick(svg, at, label) {
  svg.append(svgNode("text", { x: at, y: PAD.top + PLOT_H + 16, "text-anchor": "middle", class: "tick" }, label));
}

// The vertical range shown: around the values, with room, within 0-100%.
function range(values, extra = []) {
  const all = [...values, ...extra];
  const low = Math.max(0, Math.floor((Math.min(...all) - 0.05) * 10) / 10);
  const high = Math.min(1, Math.ceil((Math.max(...all) + 0.05) * 10) / 10);
  return high > low ? [low, high] : [0, 1];
}

// Points joined by a line; `points` are {label, value} in order; `floor`, if given, a dashed line.
export function lineChart({ title, description, points, xLabel, yLabel, floor }) {
  const svg = frame(title, description);
  const values = points.map((p) => p.value);
  const [low, high] = range(values, floor === undefined ? [] : [floor]);
  axes(svg, low, high, xLabel, yLabel);
  const scaled = (value) => y((value - low) / (high - low));
  // inset from the plot's edges, so the first and last labels are not cut
  const at = (i) => PAD.left + 36 + (points.length === 1 ? 0.5 : i / (points.length - 1)) * (PLOT_W - 72);
  if (floor !== undefined) {
    svg.append(svgNode("line", { x1: PAD.left, x2: WIDTH - PAD.right, y1: scaled(floor), y2: scaled(floor), class: "floor" }));
  }
  if (points.length > 1) {
    const path = points.map((p, i) => `${i ? "L" : "M"}${at(i).toFixed(1)},${scaled(p.value).toFixed(1)}`);
    svg.append(svgNode("path", { d: path.join(" "), class: "series" }));
  }
  const every = Math.max(1, Math.ceil(points.length / 8));
  points.forEach((p, i) => {
    svg.append(svgNode("circle", { cx: at(i), cy: scaled(p.value), r: 4, class: "series-point" }));
    if (i % every === 0 || i === points.length - 1) tick(svg, at(i), p.label);
  });
  return svg;
}

// One bar per day; `reference`, if given, a dashed line across (the training data's share).
export function barChart({ title, description, bars, xLabel, yLabel, reference }) {
  const svg = frame(title, description);
  axes(svg, 0, 1, xLabel, yLabel);
  const slot = PLOT_W / Math.max(bars.length, 1);
  const every = Math.max(1, Math.ceil(bars.length / 8));
  bars.forEach((bar, i) => {
    const left = PAD.left + i * slot;
    if (bar.value !== null) {
      svg.append(svgNode("rect", { x: left + slot * 0.15, y: y(bar.value), width: slot * 0.7, height: PLOT_H * bar.value, class: "bar" }));
    }
    if (i % every === 0 || i === bars.length - 1) tick(svg, left + slot / 2, bar.label);
  });
  if (reference !== null && reference !== undefined) {
    svg.append(svgNode("line", { x1: PAD.left, x2: WIDTH - PAD.right, y1: y(reference), y2: y(reference), class: "floor" }));
  }
  return svg;
}

// Two distributions over the same bins, side by side in each bin.
export function pairedBars({ title, description, edges, first, second, xLabel, yLabel }) {
  const svg = frame(title, description);
  const high = Math.min(1, Math.ceil((Math.max(...first, ...second, 0.05) + 0.05) * 10) / 10);
  axes(svg, 0, high, xLabel, yLabel);
  const slot = PLOT_W / first.length;
  first.forEach((share, i) => {
    const left = PAD.left + i * slot;
    for (const [k, value, className] of [[0, share, "bar"], [1, second[i], "bar second"]]) {
      const height = (PLOT_H * value) / high;
      svg.append(svgNode("rect", { x: left + slot * (0.1 + 0.4 * k), y: PAD.top + PLOT_H - height, width: slot * 0.4, height, class: className }));
    }
    tick(svg, left + slot / 2, `${Math.round(edges[i] * 100)}–${Math.round(edges[i + 1] * 100)}`);
  });
  return svg;
}
