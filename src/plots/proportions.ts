// ORR / DCR (and any other proportion) with its confidence interval: a dot at the estimate and a line
// from the lower to the upper bound, labelled with the numbers.
import * as Plot from "@observablehq/plot";
import { figure, type PlotContext, pct01 } from "./common.ts";

export interface ProportionInput {
  name: string;
  count: number;
  total: number;
  estimate: number | null;
  lower: number | null;
  upper: number | null;
  level: number;
  method: string;
}

export function proportionText(p: ProportionInput): string {
  return `${pct01(p.estimate)} (${p.count}/${p.total}; ${Math.round(p.level * 100)} % CI ${pct01(p.lower)} to ${pct01(p.upper)}, ${p.method})`;
}

/** Where a label sits against its dot: inwards within a fifth of either end of the axis. */
export const labelAnchor = (estimate: number): "start" | "middle" | "end" =>
  estimate < 0.2 ? "start" : estimate > 0.8 ? "end" : "middle";

export function proportionsPlot(
  ctx: PlotContext,
  items: ProportionInput[],
  o: { title?: string } = {},
): HTMLElement {
  const shown = items.filter((p) => p.estimate !== null);
  const title = o.title ?? "Response rates with confidence intervals";
  const svg = Plot.plot({
    document: ctx.document,
    width: ctx.width ?? 640,
    height: Math.max(90, shown.length * 34 + 50),
    marginLeft: 70,
    marginRight: 20,
    x: {
      domain: [0, 1],
      label: "Proportion of subjects (%) →",
      tickFormat: (v: number) => `${Math.round(v * 100)}`,
      grid: true,
    },
    y: { domain: shown.map((p) => p.name), label: null },
    marks: [
      Plot.ruleY(shown, {
        y: "name",
        x1: "lower",
        x2: "upper",
        stroke: "#0072B2",
        strokeWidth: 3,
        className: "rk-confidence-interval",
      }),
      Plot.dot(shown, {
        y: "name",
        x: "estimate",
        fill: "#000",
        r: 5,
        className: "rk-estimate",
        title: proportionText,
      }),
      // A label centred on an estimate near 0 % or 100 % would run past the plot's edge: anchor those
      // at the dot and let them extend inwards.
      ...(["start", "middle", "end"] as const).map((anchor) =>
        Plot.text(
          shown.filter((p) => labelAnchor(p.estimate ?? 0) === anchor),
          {
            y: "name",
            x: "estimate",
            text: (p: ProportionInput) => `${pct01(p.estimate)} (${p.count}/${p.total})`,
            textAnchor: anchor,
            dy: -12,
            fontSize: 11,
          },
        ),
      ),
    ],
  });
  const description = `${items.map((p) => `${p.name} ${proportionText(p)}`).join("; ")}.`;
  return figure(ctx.document, { title, description, className: "rk-proportions" }, svg as Element);
}
