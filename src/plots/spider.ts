// Spider plot: each subject's % change of the measured sum from baseline at every scan, over time,
// one line per subject coloured by best overall response, with the thresholds as reference lines. A large
// cohort (over 100 subjects) draws one path per response category, the subjects' lines separated by gaps
// (a point with no value breaks a Plot line): the same picture with a handful of DOM nodes, not one each.
import * as Plot from "@observablehq/plot";
import { countsText, figure, type PlotContext, responseColour, thresholdMarks } from "./common.ts";
import type { PlotThresholds } from "./thresholds.ts";

export interface SpiderSubject {
  pseudonym: string;
  bestOverallResponse: string;
  timepoints: Array<{ daysFromBaseline: number | null; changeFromBaselinePct: number | null; kind?: string }>;
}

const CLIP = 200;

export function spiderPlot(
  ctx: PlotContext,
  subjects: SpiderSubject[],
  o: { title?: string; criteria: string; thresholds: PlotThresholds | null },
): HTMLElement {
  const width = ctx.width ?? 640;
  const points = subjects.flatMap((s) =>
    s.timepoints
      .filter(
        (p) => p.daysFromBaseline !== null && p.changeFromBaselinePct !== null && p.daysFromBaseline >= 0,
      )
      .map((p) => ({
        subject: s.pseudonym,
        bor: s.bestOverallResponse,
        day: p.daysFromBaseline!,
        change: Math.min(CLIP, p.changeFromBaselinePct!),
        raw: p.changeFromBaselinePct!,
      })),
  );
  const shown = new Set(points.map((p) => p.subject));
  const t = o.thresholds;
  const refs = t
    ? [
        { y: t.pd, label: `+${t.pd} % PD` },
        { y: -t.pr, label: `−${t.pr} % PR` },
      ]
    : [];
  const title = o.title ?? `Change from baseline over time (${o.criteria})`;
  const many = shown.size > 100;
  // One path per category: each subject's points in order, then a break.
  const grouped: Array<{ bor: string; day: number; change: number }> = [];
  if (many) {
    let last: string | null = null;
    for (const p of [...points].sort((a, b) => (a.bor < b.bor ? -1 : a.bor > b.bor ? 1 : 0))) {
      if (last !== null && last !== p.subject) grouped.push({ bor: p.bor, day: p.day, change: Number.NaN });
      grouped.push(p);
      last = p.subject;
    }
  }
  const svg = Plot.plot({
    document: ctx.document,
    width,
    height: 320,
    marginLeft: 56,
    marginRight: 70,
    x: { label: "Days from baseline →", grid: true },
    y: {
      label: "↑ Change from baseline (%)",
      grid: true,
      domain: [-100, Math.max(t ? t.pd + 10 : 10, ...points.map((p) => p.change))],
    },
    color: responseColour(
      points.map((p) => p.bor),
      { lines: true },
    ),
    marks: [
      Plot.ruleY([0]),
      ...thresholdMarks(refs),
      many
        ? Plot.line(grouped, {
            x: "day",
            y: "change",
            z: "bor",
            stroke: "bor",
            strokeWidth: 0.8,
            strokeOpacity: 0.5,
            className: "rk-subject-line",
          })
        : Plot.line(points, {
            x: "day",
            y: "change",
            z: "subject",
            stroke: "bor",
            strokeWidth: 1.5,
            strokeOpacity: 0.9,
            className: "rk-subject-line",
          }),
      ...(many
        ? []
        : [
            Plot.dot(points, {
              x: "day",
              y: "change",
              fill: "bor",
              stroke: "#333",
              strokeWidth: 0.5,
              r: 2.5,
              title: (p: (typeof points)[number]) => `${p.subject}, day ${p.day}: ${p.raw.toFixed(1)} %`,
            }),
          ]),
    ],
  });
  const description =
    `${shown.size} subjects, ${points.length} scans; best response ${countsText(subjects.filter((s) => shown.has(s.pseudonym)).map((s) => s.bestOverallResponse)) || "none"}.` +
    (t ? ` Reference lines: ${refs.map((r) => r.label).join(", ")}.` : "");
  return figure(ctx.document, { title, description, className: "rk-spider" }, svg as Element);
}
