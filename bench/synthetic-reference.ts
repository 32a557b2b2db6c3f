// Synthetic pseudoprogression reference tables (seeded): true progression vs treatment effect with
// six advanced-imaging markers whose separation is of the order the review reports (rCBV, Ktrans, Cho/NAA
// and TBR higher, ADC lower in tumour). Used by bench/workup.bench.ts and, with missing values, by
// scripts/generate-workup-demo.ts for the demo calibration table in examples/workup/.
import { seededRandom } from "../src/stats/logistic/index.ts";

export const SYNTHETIC_MARKERS = [
  "dsc_rcbv_max_ratio",
  "dsc_rcbv_mean_ratio",
  "dce_ktrans_per_min",
  "adc_min_um2_per_s",
  "mrs_cho_naa_ratio",
  "pet_tbr_max",
] as const;

export interface SyntheticOptions {
  rows: number;
  seed: number;
  prevalence?: number;
  /** Probability that a technique was not acquired for a row (per marker id prefix). */
  missing?: Partial<Record<"dce" | "mrs" | "pet", number>>;
}

export function syntheticReference(o: SyntheticOptions): { header: string[]; rows: (string | number)[][] } {
  const rnd = seededRandom(o.seed);
  const normal = () => {
    const u = 1 - rnd();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd());
  };
  const r2 = (x: number) => Math.round(x * 100) / 100;
  const r3 = (x: number) => Math.round(x * 1000) / 1000;
  const rows: (string | number)[][] = [];
  for (let i = 0; i < o.rows; i++) {
    const tumour = rnd() < (o.prevalence ?? 0.6);
    const max = Math.min(29, Math.exp(Math.log(tumour ? 2.6 : 1.5) + 0.38 * normal()));
    const mean = Math.min(29, Math.max(0.2, max * 0.55 + 0.15 * normal()));
    const ktrans = Math.min(4.9, Math.max(0.005, (tumour ? 0.11 : 0.065) + 0.035 * normal()));
    const adc = Math.min(3900, Math.max(300, Math.round((tumour ? 960 : 1170) + 170 * normal())));
    const choNaa = Math.min(49, Math.exp(Math.log(tumour ? 2.3 : 1.4) + 0.35 * normal()));
    const tbr = Math.min(19, Math.max(1, (tumour ? 2.6 : 1.9) + 0.45 * normal()));
    const drop = (k: "dce" | "mrs" | "pet") => rnd() < (o.missing?.[k] ?? 0);
    rows.push([
      `R${String(i + 1).padStart(5, "0")}`,
      tumour ? "tumour" : "treatment_effect",
      r2(max),
      r2(mean),
      drop("dce") ? "" : r3(ktrans),
      adc,
      drop("mrs") ? "" : r2(choNaa),
      drop("pet") ? "" : r2(tbr),
    ]);
  }
  return { header: ["lesion_id", "outcome", ...SYNTHETIC_MARKERS], rows };
}

export function toCsv(t: { header: string[]; rows: (string | number)[][] }): string {
  return `${[t.header.join(","), ...t.rows.map((r) => r.join(","))].join("\n")}\n`;
}
