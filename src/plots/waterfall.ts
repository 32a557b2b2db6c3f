// Waterfall: one bar per subject, its best % change of the measured sum from baseline, sorted from the
// largest increase to the largest decrease, coloured by best overall response, with the criteria set's
// PR / MR / PD thresholds as labelled reference lines.
import * as Plot from "@observablehq/plot";
import { countsText, figure, type PlotContext, pct, responseColour, thresholdMarks } from "./common.ts";
import type { PlotThresholds } from "./thresholds.ts";

export interface WaterfallSubject {
  pseudonym: string;
  bestChangePct: number | null;
  bestOverallResponse: string;
}

export interface WaterfallOptions {
  title?: string;
  criteria: string;
  thresholds: PlotThresholds | null;
  /** What the % is of, e.g. "sum of products of diameters (mm²)". */
  measure?: string;
}

/** Bars taller than this (% increase) are clipped at it and say so in their title. */
const CLIP = 200;

export function waterfallPlot(
  ctx: PlotContext,
  subjects: WaterfallSubject[],
  o: WaterfallOptions,
): HTMLElement {
  const width = ctx.width ?? 640;
  const measured = subjects
    .filter((s) => s.bestChangePct !== null && Number.isFinite(s.bestChangePct))
    .map((s) => ({ ...s, value: Math.min(CLIP, s.bestChangePct!) }))
    .sort((a, b) => b.value - a.value || a.pseudonym.localeCompare(b.pseudonym));
  const missing = subjects.length - measured.length;
  const t = o.thresholds;
  const refs = t
    ? [
        { y: t.pd, label: `+${t.pd} % PD` },
        ...(t.mr !== null ? [{ y: -t.mr, label: `−${t.mr} % MR` }] : []),
        { y: -t.pr, label: `−${t.pr} % PR` },
      ]
    : [];
  const max = Math.max(t ? t.pd + 10 : 0, ...measured.map((s) => s.value), 10);
  const title = o.title ?? `Best change from baseline (${o.criteria})`;
  const fewBars = measured.length <= 40;
  const svg = Plot.plot({
    document: ctx.document,
    width,
    height: 320,
    marginLeft: 56,
    marginRight: 70,
    marginBottom: fewBars ? 60 : 30,
    x: {
      domain: measured.map((s) => s.pseudonym),
      label: fewBars ? "Subject" : `Subjects (${measured.length}), sorted by best change`,
      tickRotate: fewBars ? -45 : 0,
      ...(fewBars ? {} : { axis: "bottom", ticks: [], tickSize: 0 }),
    },
    y: {
      domain: [-100, max],
      label: "↑ Best change from baseline (%)",
      grid: true,
      tickFormat: (v: number) => `${v}`,
    },
    color: responseColour(measured.map((s) => s.bestOverallResponse)),
    marks: [
      Plot.barY(measured, {
        x: "pseudonym",
        y: "value",
        fill: "bestOverallResponse",
        stroke: (s: WaterfallSubject) => (s.bestOverallResponse === "SD" ? "#7a7a7a" : "none"),
        strokeWidth: 0.5,
        insetLeft: fewBars ? 1 : 0,
        insetRight: fewBars ? 1 : 0,
        // A hover title per bar while bars are wide enough to point at (a thousand sub-pixel bars would
        // only add a thousand nodes; the description names the counts and the largest decrease).
        ...(measured.length <= 200
          ? {
              title: (s: WaterfallSubject & { value: number }) =>
                `${s.pseudonym}: ${pct(s.bestChangePct)}${s.bestChangePct! > CLIP ? ` (clipped at +${CLIP} %)` : ""}, best response ${s.bestOverallResponse}`,
            }
          : {}),
        className: "rk-subject-bar",
      }),
      Plot.ruleY([0]),
      ...thresholdMarks(refs, { labelClass: "rk-threshold-label" }),
    ],
  });
  const counts = countsText(measured.map((s) => s.bestOverallResponse));
  const lowest = measured.at(-1);
  const description =
    `${measured.length} subjects with a measured change${missing > 0 ? ` (${missing} without one are not shown)` : ""}; ` +
    `best response ${counts || "none"}.` +
    (lowest ? ` Largest decrease ${pct(lowest.bestChangePct)} (${lowest.pseudonym}).` : "") +
    (t
      ? ` Reference lines: ${refs.map((r) => r.label).join(", ")}.`
      : " This criteria set has no % thresholds.");
  return figure(
    ctx.document,
    {
      title,
      description,
      className: "rk-waterfall",
      ...(o.measure
        ? { caption: `Change of the ${o.measure} from baseline; bars above +${CLIP} % are clipped.` }
        : {}),
    },
    svg as Element,
  );
}
