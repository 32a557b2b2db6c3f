/// <reference lib="dom" />
// What every plot shares: the document it is drawn in (the browser's, or linkedom's on the server for
// the PDF), the accessible title and description, number formats with units.
import * as Plot from "@observablehq/plot";
import { colourOf, lineColourOf, RESPONSE_ORDER } from "./palette.ts";

export interface PlotContext {
  /** The document the SVG is created in: `window.document` in the browser, a linkedom document on the
   * server. */
  document: Document;
  /** Width in CSS px (default 640). */
  width?: number;
}

const SVG = "http://www.w3.org/2000/svg";

/** Gives every <svg> under `root` a role, an aria-label and <title>/<desc> children, so a screen
 * reader (and pdftotext) gets the plot's title and a description of what it shows. */
export function describe(root: Element, doc: Document, title: string, description: string): void {
  const svgs = root.tagName.toLowerCase() === "svg" ? [root] : Array.from(root.querySelectorAll("svg"));
  for (const svg of svgs) {
    // Plot's legend swatches are small svgs of their own: they are decoration next to the legend text.
    if (svg.closest("[class$='-swatch']") || svg.parentElement?.className?.toString().includes("swatch")) {
      svg.setAttribute("aria-hidden", "true");
      continue;
    }
    // The svg is one image to assistive technology: its title and description say what it shows, so
    // Plot's aria-labels on inner groups (not allowed on a g without a role) are dropped.
    for (const g of Array.from(svg.querySelectorAll("[aria-label]"))) g.removeAttribute("aria-label");
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", `${title}. ${description}`);
    const t = doc.createElementNS(SVG, "title");
    t.textContent = title;
    const d = doc.createElementNS(SVG, "desc");
    d.textContent = description;
    svg.insertBefore(d, svg.firstChild);
    svg.insertBefore(t, svg.firstChild);
  }
}

/** A <figure> with a heading, the plot elements and an optional caption. */
export function figure(
  doc: Document,
  opts: { title: string; description: string; className: string; caption?: string },
  ...children: Element[]
): HTMLElement {
  const fig = doc.createElement("figure");
  fig.setAttribute("class", `rk-plot ${opts.className}`);
  fig.setAttribute("aria-label", opts.title);
  const h = doc.createElement("h3");
  h.textContent = opts.title;
  fig.appendChild(h);
  for (const c of children) {
    describe(c, doc, opts.title, opts.description);
    fig.appendChild(c);
  }
  if (opts.caption) {
    const cap = doc.createElement("figcaption");
    cap.textContent = opts.caption;
    fig.appendChild(cap);
  }
  return fig;
}

/** A signed percentage with one decimal and its unit, e.g. "−62.0 %", "+12.5 %". */
export function pct(v: number | null | undefined, digits = 1): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "—";
  const s = Math.abs(v).toFixed(digits);
  if (Number(s) === 0) return `0${digits > 0 ? `.${"0".repeat(digits)}` : ""} %`;
  return `${v < 0 ? "−" : "+"}${s} %`;
}

/** A proportion 0…1 as a percentage, e.g. "42.0 %". */
export function pct01(v: number | null | undefined, digits = 1): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "—";
  return `${(v * 100).toFixed(digits)} %`;
}

/** The colour scale of best-response categories (fixed domain: the same colour on every plot). */
export function responseColour(present: Iterable<string>, o: { lines?: boolean } = {}) {
  const seen = new Set(present);
  const domain = RESPONSE_ORDER.filter((c) => seen.has(c));
  return {
    type: "categorical" as const,
    domain,
    // Lines and small marks need SD's darker grey: its light fill vanishes on white.
    range: domain.map(o.lines ? lineColourOf : colourOf),
    legend: true,
  };
}

/** Counts per category, in clinical order, for descriptions: "PR 12, SD 30, PD 8". */
export function countsText(categories: Iterable<string>): string {
  const n = new Map<string, number>();
  for (const c of categories) n.set(c, (n.get(c) ?? 0) + 1);
  return RESPONSE_ORDER.filter((c) => n.has(c))
    .map((c) => `${c} ${n.get(c)}`)
    .join(", ");
}

/** The criteria set's thresholds as dashed horizontal lines, each labelled at the right edge. */
export function thresholdMarks(refs: { y: number; label: string }[], o: { labelClass?: string } = {}) {
  return [
    Plot.ruleY(refs, { y: "y", stroke: "#222", strokeDasharray: "5,4", className: "rk-threshold" }),
    Plot.text(refs, {
      y: "y",
      text: "label",
      frameAnchor: "right",
      textAnchor: "start",
      dx: 4,
      fontWeight: "bold",
      ...(o.labelClass ? { className: o.labelClass } : {}),
    }),
  ];
}
