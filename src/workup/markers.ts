// The advanced-imaging markers the work-up knows: their id (also the long-CSV and calibration-table
// column), technique, unit, which direction favours true progression, and where the value sits in the
// case document. Directions follow Thust, van den Bent & Smits (JMRI 2018;48:571–589): rCBV, Ktrans,
// Vp, CBF, Cho ratios and amino-acid TBR are higher in tumour; ADC is lower in tumour.
import type { AdvancedImaging } from "../engine/index.ts";
import type { Direction } from "../stats/roc/index.ts";

export type Technique = "dsc" | "dce" | "asl" | "adc" | "mrs" | "pet";

export interface MarkerDef {
  id: string;
  label: string;
  technique: Technique;
  unit: string;
  /** Which values favour true progression. */
  direction: Direction;
  /** Range a correctly-scaled value lies in (the case schema enforces the same). */
  plausible: readonly [number, number];
  read(a: AdvancedImaging): number | undefined;
}

export const MARKERS: readonly MarkerDef[] = [
  {
    id: "dsc_rcbv_max_ratio",
    label: "DSC rCBV max ratio",
    technique: "dsc",
    unit: "ratio",
    direction: "higher",
    plausible: [0, 30],
    read: (a) => a.dsc?.rcbvMaxRatio,
  },
  {
    id: "dsc_rcbv_mean_ratio",
    label: "DSC rCBV mean ratio",
    technique: "dsc",
    unit: "ratio",
    direction: "higher",
    plausible: [0, 30],
    read: (a) => a.dsc?.rcbvMeanRatio,
  },
  {
    id: "dce_ktrans_per_min",
    label: "DCE Ktrans",
    technique: "dce",
    unit: "min⁻¹",
    direction: "higher",
    plausible: [0, 5],
    read: (a) => a.dce?.ktransPerMin,
  },
  {
    id: "dce_vp_fraction",
    label: "DCE Vp",
    technique: "dce",
    unit: "fraction",
    direction: "higher",
    plausible: [0, 1],
    read: (a) => a.dce?.vpFraction,
  },
  {
    id: "asl_cbf_ratio",
    label: "ASL CBF ratio",
    technique: "asl",
    unit: "ratio",
    direction: "higher",
    plausible: [0, 30],
    read: (a) => a.asl?.cbfRatio,
  },
  {
    id: "adc_min_um2_per_s",
    label: "ADC minimum",
    technique: "adc",
    unit: "µm²/s",
    direction: "lower",
    plausible: [100, 4000],
    read: (a) => a.adc?.minimumUm2PerS,
  },
  {
    id: "adc_mean_um2_per_s",
    label: "ADC mean",
    technique: "adc",
    unit: "µm²/s",
    direction: "lower",
    plausible: [100, 4000],
    read: (a) => a.adc?.meanUm2PerS,
  },
  {
    id: "adc_ratio",
    label: "ADC ratio",
    technique: "adc",
    unit: "ratio",
    direction: "lower",
    plausible: [0, 10],
    read: (a) => a.adc?.ratio,
  },
  {
    id: "mrs_cho_naa_ratio",
    label: "MRS Cho/NAA",
    technique: "mrs",
    unit: "ratio",
    direction: "higher",
    plausible: [0, 50],
    read: (a) => a.mrs?.choNaaRatio,
  },
  {
    id: "mrs_cho_cr_ratio",
    label: "MRS Cho/Cr",
    technique: "mrs",
    unit: "ratio",
    direction: "higher",
    plausible: [0, 50],
    read: (a) => a.mrs?.choCrRatio,
  },
  {
    id: "pet_tbr_max",
    label: "amino-acid PET TBRmax",
    technique: "pet",
    unit: "ratio",
    direction: "higher",
    plausible: [0, 20],
    read: (a) => a.pet?.tbrMax,
  },
  {
    id: "pet_tbr_mean",
    label: "amino-acid PET TBRmean",
    technique: "pet",
    unit: "ratio",
    direction: "higher",
    plausible: [0, 20],
    read: (a) => a.pet?.tbrMean,
  },
];

const byId = new Map(MARKERS.map((m) => [m.id, m]));

export function markerDef(id: string): MarkerDef | undefined {
  return byId.get(id);
}

/** The marker's value "oriented" so that larger always favours tumour. */
export const towardsTumour = (x: number, d: Direction): number => (d === "higher" ? x : -x);
