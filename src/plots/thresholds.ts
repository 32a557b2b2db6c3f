// The % thresholds of each criteria set, drawn as reference lines on the waterfall and spider plots.
// They mirror the engine's criteria profiles (test/plots/thresholds.test.ts checks them against the
// profiles, so the two cannot drift); the web cannot import the engine's profiles without pulling the
// whole engine into its bundle.

/** Whole percent: PD = increase over the nadir, PR / MR = decrease from baseline (null: no MR). */
export interface PlotThresholds {
  pd: number;
  pr: number;
  mr: number | null;
}

export type SumUnit = "mm" | "mm²" | "mm³";

const BIDIMENSIONAL: PlotThresholds = { pd: 25, pr: 50, mr: 25 };
const VOLUMETRIC: PlotThresholds = { pd: 40, pr: 65, mr: 35 };

/** The thresholds of a criteria set for a sum measured in `unit` (mm³ = volumetric), or null when the
 * set has no % thresholds (RANO-LM scores the leptomeninges, not a sum). */
export function thresholdsOf(criteria: string, unit: SumUnit | null = "mm²"): PlotThresholds | null {
  const volumetric = unit === "mm³";
  switch (criteria) {
    case "rano2":
      return volumetric ? VOLUMETRIC : BIDIMENSIONAL;
    case "irano":
      // iRANO keeps its base criteria's thresholds (IRANO-13): RANO-BM for a unidimensional (mm) sum,
      // else HGG (a low-grade glioma's base, LGG, adds MR at 25 %, which this view does not know).
      return unit === "mm" ? thresholdsOf("bm") : thresholdsOf("hgg");
    case "mrano":
      return { ...(volumetric ? VOLUMETRIC : BIDIMENSIONAL), mr: null };
    case "hgg":
      return { pd: 25, pr: 50, mr: null };
    case "lgg":
      return { pd: 25, pr: 50, mr: 25 };
    case "bm":
      return { pd: 20, pr: 30, mr: null };
    default:
      return null;
  }
}
