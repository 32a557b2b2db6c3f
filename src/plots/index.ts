// The shared SVG plots of the dashboard and the PDF reports (Observable Plot). Each function takes the
// document to draw in — the browser's, or a linkedom document on the server — and returns a <figure>.
export { describe, type PlotContext, pct, pct01 } from "./common.ts";
export type { MatrixCell, ReaderPairStats, ReaderStats } from "./disagreement.ts";
export { criteriaMatrixPlot, readerDisagreementPlot, responseMatrix } from "./disagreement.ts";
export { type KmInput, type KmPoint, kmPlot } from "./km.ts";
export { categoryPalette, colourOf, lineColourOf, RESPONSE_ORDER } from "./palette.ts";
export { type ProportionInput, proportionsPlot, proportionText } from "./proportions.ts";
export { type SpiderSubject, spiderPlot } from "./spider.ts";
export { type SwimmerSubject, swimmerPlot } from "./swimmer.ts";
export { type PlotThresholds, thresholdsOf } from "./thresholds.ts";
export { type WaterfallOptions, type WaterfallSubject, waterfallPlot } from "./waterfall.ts";
