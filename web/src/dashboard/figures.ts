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

export function drawFigures(
  doc: Document,
  width: number,
  d: DashboardData,
  compare: { with: string; data: DashboardData } | null,
): Partial<Record<FigureId, HTMLElement>> {
  const ctx = { document: doc, width };
  const thresholds = thresholdsOf(d.criteria, sumUnit(d));
  const out: Partial<Record<FigureId, HTMLElement>> = {};
  const rates = [
    d.orr && { name: "ORR", ...d.orr },
    d.orrWithMr && { name: "ORR + MR", ...d.orrWithMr },
    d.dcr && { name: "DCR", ...d.dcr },
  ].filter((x) => x !== null);
  if (rates.length > 0) out.rates = proportionsPlot(ctx, rates, { title: `Response rates (${d.criteria})` });
  if (d.pfs) out.km = kmPlot(ctx, d.pfs, { title: `Progression-free survival (${d.criteria})` });
  out.waterfall = waterfallPlot(ctx, d.perSubject, { criteria: d.criteria, thresholds });
  out.spider = spiderPlot(ctx, d.perSubject, { criteria: d.criteria, thresholds });
  out.swimmer = swimmerPlot(ctx, d.perSubject, { criteria: d.criteria, maxRows: 60 });
  if (compare) {
    const other = new Map(compare.data.perSubject.map((s) => [s.subjectId, s.bestOverallResponse]));
    const pairs = d.perSubject
      .filter((s) => other.has(s.subjectId))
      .map((s) => ({ a: s.bestOverallResponse, b: other.get(s.subjectId)! }));
    out.matrix = criteriaMatrixPlot({ document: doc, width: 420 }, pairs, { a: d.criteria, b: compare.with });
  }
  out.readers = readerDisagreementPlot(ctx, d.bicr.perReader, d.bicr.perReaderPair, {
    title: `Reader disagreement (BICR, ${d.bicr.criteria})`,
  });
  return out;
}
