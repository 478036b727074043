// Two small SVG charts, drawn here rather than with a charting library: a
// line chart of rates over reporting dates and a bar chart of rates per
// name. Both scale to their box and print as vectors.

const NS = "http://www.w3.org/2000/svg";

/** The width to draw at: the page's content width, so text keeps its size. */
function width(): number {
  const main = document.getElementById("main");
  return Math.round(Math.min(960, Math.max(300, (main?.clientWidth ?? 680) - 48)));
}

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

export interface Series {
  name: string;
  /** CSS class: the colour. */
  kind: string;
  values: (number | null)[];
  dashed?: boolean;
}

/** Rates (0..100) over labelled points, one line per series. */
export function lineChart(labels: string[], series: Series[], title: string): SVGSVGElement {
  const W = width(), H = 260, L = 44, R = 24, T = 16, B = 48;
  const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart", role: "img", "aria-label": title });
  root.appendChild(svg("title", {}, title));
  const x = (i: number) => (labels.length <= 1 ? L + (W - L - R) / 2 : L + (i * (W - L - R)) / (labels.length - 1));
  const y = (v: number) => T + ((100 - v) * (H - T - B)) / 100;
  for (const v of [0, 25, 50, 75, 100]) {
    root.appendChild(svg("line", { x1: L, x2: W - R, y1: y(v), y2: y(v), class: "grid" }));
    root.appendChild(svg("text", { x: L - 6, y: y(v) + 4, class: "axis", "text-anchor": "end" }, `${v}%`));
  }
  labels.forEach((label, i) => {
    // The first and last labels stay inside the box.
    const anchor = labels.length > 1 && i === 0 ? "start" : labels.length > 1 && i === labels.length - 1 ? "end" : "middle";
    root.appendChild(svg("text", { x: x(i), y: H - B + 18, class: "axis", "text-anchor": anchor }, label));
  });
  for (const s of series) {
    const pts = s.values.map((v, i) => (v === null ? null : [x(i), y(v)] as const));
    const d = pts
      .map((p, i) => (p ? `${i === 0 || !pts[i - 1] ? "M" : "L"}${p[0].toFixed(1)},${p[1].toFixed(1)}` : ""))
      .join("");
    if (d) root.appendChild(svg("path", { d, class: `line ${s.kind}${s.dashed ? " dashed" : ""}` }));
    pts.forEach((p, i) => {
      if (!p) return;
      const dot = svg("circle", { cx: p[0], cy: p[1], r: 4, class: `dot ${s.kind}` });
      dot.appendChild(svg("title", {}, `${s.name} ${labels[i]}: ${Math.round((s.values[i] ?? 0) * 10) / 10}%`));
      root.appendChild(dot);
    });
  }
  // Legend under the axis.
  let lx = L;
  for (const s of series) {
    root.appendChild(svg("line", { x1: lx, x2: lx + 18, y1: H - 10, y2: H - 10, class: `line ${s.kind}${s.dashed ? " dashed" : ""}` }));
    const label = svg("text", { x: lx + 24, y: H - 6, class: "legend" }, s.name);
    root.appendChild(label);
    lx += 24 + s.name.length * 13 + 24;
  }
  return root;
}

export interface Bar {
  label: string;
  value: number | null;
  /** CSS class: the colour. */
  kind: string;
}

/** Horizontal bars of rates (0..100), with a marker line at `mark`. */
export function barChart(bars: Bar[], mark: number | null, title: string): SVGSVGElement {
  const W = width();
  const row = 24, L = Math.min(150, Math.round(W * 0.36)), R = 56, T = 8;
  const H = T * 2 + row * bars.length;
  const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart bars", role: "img", "aria-label": title });
  root.appendChild(svg("title", {}, title));
  const x = (v: number) => L + (v * (W - L - R)) / 100;
  bars.forEach((b, i) => {
    const top = T + i * row;
    const fit = Math.floor((L - 10) / 13);
    const name = b.label.length > fit ? `${b.label.slice(0, fit - 1)}…` : b.label;
    root.appendChild(svg("text", { x: L - 8, y: top + 15, class: "axis", "text-anchor": "end" }, name));
    const bar = svg("rect", { x: L, y: top + 3, width: Math.max(0, x(b.value ?? 0) - L), height: row - 6, rx: 3, class: `bar ${b.kind}` });
    bar.appendChild(svg("title", {}, `${b.label}: ${b.value === null ? "—" : `${Math.round(b.value * 10) / 10}%`}`));
    root.appendChild(bar);
    root.appendChild(
      svg("text", { x: x(b.value ?? 0) + 6, y: top + 15, class: "value" }, b.value === null ? "—" : `${Math.round(b.value * 10) / 10}%`),
    );
  });
  if (mark !== null) {
    root.appendChild(svg("line", { x1: x(mark), x2: x(mark), y1: 2, y2: H - 2, class: "mark" }));
  }
  return root;
}
