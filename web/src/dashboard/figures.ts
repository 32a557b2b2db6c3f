// Draws the dashboard's figures with the shared plots (src/plots). This module, and with it Observable
// Plot, is loaded only when a dashboard is shown (import() in Dashboard.tsx), never in the first load.
import {
  criteriaMatrixPlot,
  kmPlot,
  proportionsPlot,
  readerDisagreementPlot,
  spiderPlot,
  swimmerPlot,
  thresholdsOf,
  waterfallPlot,
} from "../../../src/plots/index.ts";
import type { DashboardData } from "./data";

export type FigureId = "rates" | "km" | "waterfall" | "spider" | "swimmer" | "matrix" | "readers";

/** The unit of the subjects' sums (mm² bidimensional, mm³ volumetric, mm for RANO-BM). */
function sumUnit(d: DashboardData) {
  for (const s of d.perSubject) for (const t of s.timepoints) if (t.unit) return t.unit;
  return null;
}

/** Draws one figure and measures it (performance.measure "figure:<id>", seen in the benchmark's trace). */
function timed<T>(id: FigureId, draw: () => T): T {
  const start = performance.now();
  const out = draw();
  performance.measure(`figure:${id}`, { start, end: performance.now() });
  return out;
}

/** The figures of the dashboard, drawn from its one payload: the criteria-set matrix pairs each
 * subject's best response under `d.criteria` with that of the same accepted read under `compareWith`
 * (bestByCriteria), so no second request is needed. */
export function drawFigures(
  doc: Document,
  width: number,
  d: DashboardData,
  compareWith: string | null,
): Partial<Record<FigureId, HTMLElement>> {
  const ctx = { document: doc, width };
  const thresholds = thresholdsOf(d.criteria, sumUnit(d));
  const out: Partial<Record<FigureId, HTMLElement>> = {};
  const rates = [
    d.orr && { name: "ORR", ...d.orr },
    d.orrWithMr && { name: "ORR + MR", ...d.orrWithMr },
    d.dcr && { name: "DCR", ...d.dcr },
  ].filter((x) => x !== null);
  const pfs = d.pfs;
  if (rates.length > 0)
    out.rates = timed("rates", () =>
      proportionsPlot(ctx, rates, { title: `Response rates (${d.criteria})` }),
    );
  if (pfs)
    out.km = timed("km", () => kmPlot(ctx, pfs, { title: `Progression-free survival (${d.criteria})` }));
  out.waterfall = timed("waterfall", () =>
    waterfallPlot(ctx, d.perSubject, { criteria: d.criteria, thresholds }),
  );
  out.spider = timed("spider", () => spiderPlot(ctx, d.perSubject, { criteria: d.criteria, thresholds }));
  out.swimmer = timed("swimmer", () => swimmerPlot(ctx, d.perSubject, { criteria: d.criteria, maxRows: 60 }));
  if (compareWith && compareWith !== d.criteria) {
    const pairs = d.perSubject.flatMap((s) => {
      const b = s.bestByCriteria[compareWith];
      return b ? [{ a: s.bestOverallResponse, b }] : [];
    });
    out.matrix = timed("matrix", () =>
      criteriaMatrixPlot({ document: doc, width: 420 }, pairs, { a: d.criteria, b: compareWith }),
    );
  }
  out.readers = timed("readers", () =>
    readerDisagreementPlot(ctx, d.bicr.perReader, d.bicr.perReaderPair, {
      title: `Reader disagreement (BICR, ${d.bicr.criteria})`,
    }),
  );
  return out;
}
