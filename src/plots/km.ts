// Kaplan–Meier PFS: the step curve with its pointwise confidence band, a mark at every censoring time,
// the median, and the numbers at risk in a table under the x axis (same scale, so the columns line up).
import * as Plot from "@observablehq/plot";
import { figure, type PlotContext, pct01 } from "./common.ts";

export interface KmPoint {
  /** Days from T0. */
  time: number;
  survival: number;
  lower: number;
  upper: number;
  atRisk: number;
  events: number;
  censored: number;
}

export interface KmInput {
  n: number;
  events: number;
  censored: number;
  medianDays: number | null;
  medianLowerDays: number | null;
  medianUpperDays: number | null;
  /** Confidence level of the band, e.g. 0.95. */
  level: number;
  /** Steps from (0, 1). */
  curve: KmPoint[];
  /** The numbers-at-risk table: subjects still at risk at each time (days). */
  atRisk: Array<{ time: number; atRisk: number }>;
}

const MARGIN_LEFT = 110;
const MARGIN_RIGHT = 20;
const LINE = "#0072B2";

function days(v: number | null): string {
  return v === null ? "not reached" : `${Math.round(v)} days`;
}

export function kmPlot(ctx: PlotContext, km: KmInput, opts: { title?: string } = {}): HTMLElement {
  const width = ctx.width ?? 640;
  const title = opts.title ?? "Progression-free survival (Kaplan–Meier)";
  const level = Math.round(km.level * 100);
  const lastTime = Math.max(0, ...km.curve.map((p) => p.time), ...km.atRisk.map((p) => p.time));
  const x = {
    domain: [0, lastTime || 1],
    label: "Time from T0 (days) →",
    ticks: km.atRisk.map((p) => p.time),
  };
  // The curve stays flat after the last step until the end of follow-up.
  const last = km.curve.at(-1);
  const curve =
    last && last.time < lastTime
      ? [...km.curve, { ...last, time: lastTime, events: 0, censored: 0 }]
      : km.curve;
  const censored = km.curve.filter((p) => p.censored > 0);
  const median = km.medianDays;
  const main = Plot.plot({
    document: ctx.document,
    width,
    height: 300,
    marginLeft: MARGIN_LEFT,
    marginRight: MARGIN_RIGHT,
    x,
    y: {
      domain: [0, 1],
      label: "↑ Progression-free (%)",
      tickFormat: (v: number) => `${Math.round(v * 100)}`,
      grid: true,
    },
    marks: [
      Plot.areaY(curve, {
        x: "time",
        y1: "lower",
        y2: "upper",
        curve: "step-after",
        fill: LINE,
        fillOpacity: 0.18,
        className: "rk-confidence-band",
      }),
      Plot.lineY(curve, {
        x: "time",
        y: "survival",
        curve: "step-after",
        stroke: LINE,
        strokeWidth: 2,
        className: "rk-kaplan-meier-curve",
      }),
      Plot.dot(censored, {
        x: "time",
        y: "survival",
        symbol: "plus",
        r: 4,
        stroke: "#000000",
        strokeWidth: 1.2,
        className: "rk-censored",
        title: (p: KmPoint) => `censored at day ${p.time}: ${p.censored}`,
      }),
      ...(median !== null
        ? [
            Plot.ruleY([0.5], { x1: 0, x2: median, stroke: "#555", strokeDasharray: "4,3" }),
            Plot.ruleX([median], { y1: 0, y2: 0.5, stroke: "#555", strokeDasharray: "4,3" }),
            Plot.text([median], {
              x: (d: number) => d,
              y: 0.5,
              dx: 4,
              dy: -8,
              textAnchor: "start",
              text: () => `median ${Math.round(median)} d`,
            }),
          ]
        : []),
      Plot.ruleY([0]),
    ],
  });
  const table = Plot.plot({
    document: ctx.document,
    width,
    height: 46,
    marginLeft: MARGIN_LEFT,
    marginRight: MARGIN_RIGHT,
    marginTop: 8,
    marginBottom: 8,
    x: { domain: x.domain, axis: null },
    y: { domain: ["Number at risk"], label: null, tickSize: 0 },
    marks: [
      Plot.text(km.atRisk, {
        x: "time",
        y: () => "Number at risk",
        text: (d: { atRisk: number }) => String(d.atRisk),
        fontVariant: "tabular-nums",
        fontSize: 11,
      }),
    ],
  });
  table.setAttribute("class", `${table.getAttribute("class") ?? ""} rk-at-risk`.trim());
  const medianText =
    median === null
      ? "median PFS not reached"
      : `median PFS ${days(median)} (${level} % CI ${days(km.medianLowerDays)} to ${days(km.medianUpperDays)})`;
  const atSteps = km.atRisk.map((p) => `day ${p.time}: ${p.atRisk}`).join(", ");
  const description = `${km.n} subjects, ${km.events} progression events, ${km.censored} censored; ${medianText}. Shaded: the ${level} % pointwise confidence band; + marks a censoring. Numbers at risk: ${atSteps}.`;
  const final = km.curve.at(-1);
  return figure(
    ctx.document,
    {
      title,
      description,
      className: "rk-km",
      caption: `${medianText}; ${km.events} events in ${km.n} subjects${final ? `, last estimate ${pct01(final.survival)}` : ""}.`,
    },
    main as Element,
    table as Element,
  );
}
