// Disagreement views. Criteria sets: a matrix of every subject's best overall response under set A
// (rows) against set B (columns) — the diagonal is agreement. Readers: each reader's disagreement index
// and acceptance rate (how often the adjudicator chose their read), and each pair's adjudication rate.
import * as Plot from "@observablehq/plot";
import { figure, type PlotContext, pct01 } from "./common.ts";
import { RESPONSE_ORDER } from "./palette.ts";

export interface MatrixCell {
  a: string;
  b: string;
  count: number;
}

/** Counts of (category under A, category under B) over the subjects both sets assessed. */
export function responseMatrix(pairs: Array<{ a: string; b: string }>): MatrixCell[] {
  const n = new Map<string, number>();
  for (const p of pairs) n.set(`${p.a}|${p.b}`, (n.get(`${p.a}|${p.b}`) ?? 0) + 1);
  const cells: MatrixCell[] = [];
  for (const a of RESPONSE_ORDER)
    for (const b of RESPONSE_ORDER) cells.push({ a, b, count: n.get(`${a}|${b}`) ?? 0 });
  return cells;
}

export function criteriaMatrixPlot(
  ctx: PlotContext,
  pairs: Array<{ a: string; b: string }>,
  o: { a: string; b: string; title?: string },
): HTMLElement {
  const cells = responseMatrix(pairs);
  const total = pairs.length;
  const agree = pairs.filter((p) => p.a === p.b).length;
  const max = Math.max(1, ...cells.map((c) => c.count));
  const title = o.title ?? `Best response: ${o.a} against ${o.b}`;
  const svg = Plot.plot({
    document: ctx.document,
    width: Math.min(ctx.width ?? 420, 420),
    height: 340,
    marginLeft: 70,
    marginTop: 40,
    padding: 0.04,
    x: { domain: [...RESPONSE_ORDER], label: `Best response under ${o.b} →`, axis: "top" },
    y: { domain: [...RESPONSE_ORDER], label: `↓ Best response under ${o.a}` },
    color: { type: "linear", domain: [0, max], range: ["#f4f4f4", "#0072B2"] },
    marks: [
      Plot.cell(cells, {
        x: "b",
        y: "a",
        fill: "count",
        stroke: (c: MatrixCell) => (c.a === c.b ? "#000" : "none"),
        strokeWidth: 1.5,
        title: (c: MatrixCell) => `${c.count} subjects: ${c.a} under ${o.a}, ${c.b} under ${o.b}`,
        className: "rk-matrix-cell",
      }),
      Plot.text(cells, {
        x: "b",
        y: "a",
        text: (c: MatrixCell) => String(c.count),
        fill: (c: MatrixCell) => (c.count > max / 2 ? "#fff" : "#000"),
        fontSize: 12,
        fontVariant: "tabular-nums",
        className: "rk-matrix-count",
      }),
    ],
  });
  const off = cells
    .filter((c) => c.a !== c.b && c.count > 0)
    .map((c) => `${c.count} ${c.a}→${c.b}`)
    .join(", ");
  const description = `${total} subjects assessed under both; ${agree} agree (${pct01(total ? agree / total : null)})${off ? `; disagreements: ${off}` : ""}.`;
  return figure(
    ctx.document,
    {
      title,
      description,
      className: "rk-matrix",
      caption: `Outlined diagonal: the same best response under both sets. ${description}`,
    },
    svg as Element,
  );
}

export interface ReaderStats {
  reader: string;
  cases: number;
  acceptanceRate: { rate: number | null; numerator: number; denominator: number };
  disagreementIndex: number | null;
}

export interface ReaderPairStats {
  readers: readonly string[];
  adjudicationRate: { rate: number | null; numerator: number; denominator: number };
}

export function readerDisagreementPlot(
  ctx: PlotContext,
  readers: ReaderStats[],
  pairs: ReaderPairStats[],
  o: { title?: string } = {},
): HTMLElement {
  const rows = readers.flatMap((r) => [
    {
      reader: r.reader,
      metric: "Acceptance rate",
      value: r.acceptanceRate.rate,
      n: `${r.acceptanceRate.numerator}/${r.acceptanceRate.denominator}`,
    },
    {
      reader: r.reader,
      metric: "Disagreement index",
      // The API gives it per 100 cases read (Ford et al. 2016); the plot's scale is a proportion.
      value: r.disagreementIndex === null ? null : r.disagreementIndex / 100,
      n: `${r.cases} cases`,
    },
  ]);
  const pairRows = pairs.map((p) => ({
    reader: `${p.readers[0]} / ${p.readers[1]}`,
    metric: "Adjudication rate",
    value: p.adjudicationRate.rate,
    n: `${p.adjudicationRate.numerator}/${p.adjudicationRate.denominator}`,
  }));
  const all = [...rows, ...pairRows].filter((r) => r.value !== null) as Array<{
    reader: string;
    metric: string;
    value: number;
    n: string;
  }>;
  const title = o.title ?? "Reader disagreement (BICR)";
  const metricColours = {
    domain: ["Acceptance rate", "Disagreement index", "Adjudication rate"],
    range: ["#009E73", "#D55E00", "#0072B2"],
    legend: true,
  };
  const svg = Plot.plot({
    document: ctx.document,
    width: ctx.width ?? 640,
    height: Math.max(140, all.length * 22 + 70),
    marginLeft: 230,
    marginRight: 90,
    x: {
      domain: [0, 1],
      label: "Rate (%) →",
      tickFormat: (v: number) => `${Math.round(v * 100)}`,
      grid: true,
    },
    y: { label: null, domain: [...new Set(all.map((r) => `${r.reader} · ${r.metric}`))] },
    color: metricColours,
    marks: [
      Plot.barX(all, {
        y: (r: { reader: string; metric: string }) => `${r.reader} · ${r.metric}`,
        x: "value",
        fill: "metric",
        insetTop: 2,
        insetBottom: 2,
        title: (r: { reader: string; metric: string; value: number; n: string }) =>
          `${r.reader}: ${r.metric} ${pct01(r.value)} (${r.n})`,
        className: "rk-reader-bar",
      }),
      Plot.text(all, {
        y: (r: { reader: string; metric: string }) => `${r.reader} · ${r.metric}`,
        x: "value",
        text: (r: { value: number; n: string }) => `${pct01(r.value)} (${r.n})`,
        dx: 4,
        textAnchor: "start",
        className: "rk-reader-value",
      }),
      Plot.ruleX([0]),
    ],
  });
  const description =
    all.length === 0
      ? "No locked double reads yet."
      : `${all.map((r) => `${r.reader} ${r.metric.toLowerCase()} ${pct01(r.value)} (${r.n})`).join("; ")}.`;
  return figure(ctx.document, { title, description, className: "rk-readers" }, svg as Element);
}
