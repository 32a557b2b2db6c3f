// Defaults when the site has no calibration: the pooled estimates quoted by Thust, van den Bent & Smits,
// "Pseudoprogression of brain tumors", J Magn Reson Imaging 2018;48:571–589 (numbers copied exactly,
// with the review's reference numbers). They are NOT site-calibrated: the review is explicit that
// "variations in acquisition and postprocessing methodology furthermore preclude the universal
// implementation of cutoff values into clinical practice", so every use carries a warning.
import type { Technique } from "./markers.ts";

export interface Interval {
  estimate: number;
  lower: number | null;
  upper: number | null;
}

export interface ReviewEstimate {
  technique: Technique;
  /** Point values used for the likelihood ratios. */
  sensitivity: Interval;
  specificity: Interval;
  /** The sentence's numbers as the review prints them. */
  quoted: string;
  /** Review reference numbers (39 = van Dijken et al. 2017, 40 = Patel et al. 2017, …). */
  refs: string;
  /** Why these values were chosen where the review gives a range. */
  choice: string;
  /** Cut-offs the review reports, when it reports any (a call is only made outside the whole range). */
  cutoffs?: Record<string, { low: number; high: number; quoted: string }>;
  /** true when the figure comes from one study, not a meta-analysis. */
  singleStudy?: boolean;
}

export const REVIEW_CITATION =
  "Thust SC, van den Bent MJ, Smits M. Pseudoprogression of brain tumors. J Magn Reson Imaging 2018;48:571–589";

/** "The recently reported incidence of pseudoprogression varies widely, ranging from 9% to 30%." */
export const REVIEW_PSEUDOPROGRESSION_INCIDENCE = { low: 0.09, high: 0.3, refs: "10–14" } as const;

/** Anatomical (conventional) MRI, for context: "pooled sensitivity was 68% (95% CI, 0.51–0.81) and
 * pooled specificity 77% (95% CI, 0.45–0.93)" (ref 39). */
export const REVIEW_ANATOMICAL_MRI = {
  sensitivity: { estimate: 0.68, lower: 0.51, upper: 0.81 },
  specificity: { estimate: 0.77, lower: 0.45, upper: 0.93 },
  refs: "39",
} as const;

export const REVIEW_ESTIMATES: Readonly<Record<Technique, ReviewEstimate | null>> = {
  dsc: {
    technique: "dsc",
    sensitivity: { estimate: 0.89, lower: 0.83, upper: 0.94 },
    specificity: { estimate: 0.8, lower: 0.72, upper: 0.86 },
    quoted:
      "Patel et al assessed the subset of 13 studies reporting on pseudoprogression … pooled sensitivity and specificity of 89% (95% CI, 0.83–0.94) and 80% (95% CI, 0.72–0.86)",
    refs: "40",
    choice:
      "the pseudoprogression subset, not the best-parameter pooled 87–90% / 86–88% (refs 39, 40), which mixes late radiation necrosis",
    cutoffs: {
      dsc_rcbv_mean_ratio: { low: 0.9, high: 2.15, quoted: "from 0.90–2.15 for mean rCBV ratios" },
      dsc_rcbv_max_ratio: { low: 1.49, high: 3.1, quoted: "from 1.49–3.10 for maximum rCBV ratios" },
    },
  },
  dce: {
    technique: "dce",
    sensitivity: { estimate: 0.89, lower: 0.78, upper: 0.96 },
    specificity: { estimate: 0.85, lower: 0.76, upper: 0.92 },
    quoted:
      "pooled sensitivity of 89% (95% CI, 0.78–0.96) to 92% (95% CI, 0.73–0.98) and specificity of 85% (95% CI, 0.76–0.92)",
    refs: "39, 40",
    choice: "the lower pooled sensitivity of the two meta-analyses (conservative)",
  },
  asl: {
    technique: "asl",
    sensitivity: { estimate: 0.94, lower: null, upper: null },
    specificity: { estimate: 0.5, lower: null, upper: null },
    quoted:
      "higher sensitivity of ASL (94%) than DSC perfusion MRI (71%) … specificity at this cutoff threshold ratio (1.3), however, was very low … (50% and 40% with ASL and DSC, respectively)",
    refs: "66",
    choice: "the only ASL figures in the review: one study, no pooled estimate",
    cutoffs: { asl_cbf_ratio: { low: 1.3, high: 1.3, quoted: "cutoff threshold ratio (1.3)" } },
    singleStudy: true,
  },
  adc: {
    technique: "adc",
    sensitivity: { estimate: 0.71, lower: 0.71, upper: 0.82 },
    specificity: { estimate: 0.84, lower: 0.84, upper: 0.87 },
    quoted: "pooled sensitivity, 71–82%; pooled specificity, 84–87%",
    refs: "39, 88",
    choice: "the lower end of each pooled range (conservative); the range is shown as the interval",
  },
  mrs: {
    technique: "mrs",
    sensitivity: { estimate: 0.91, lower: 0.79, upper: 0.97 },
    specificity: { estimate: 0.95, lower: 0.65, upper: 0.99 },
    quoted: "pooled sensitivity of 91% (95% CI, 0.79–0.97) and specificity of 95% (95% CI, 0.65–0.99)",
    refs: "39",
    choice:
      "the meta-analysis of first-line high-grade glioma (ref 39); Zhang et al's Cho/NAA 88% / 86% (ref 75) concerns radiation necrosis",
  },
  // "FET PET of at least 85% [accuracy]" (ref 125): an accuracy, no sensitivity/specificity, so no LR.
  pet: null,
};

/** LR+ = Se / (1 − Sp) and LR− = (1 − Se) / Sp of a review estimate. */
export function reviewLikelihoodRatios(e: ReviewEstimate): { positive: number; negative: number } {
  const se = e.sensitivity.estimate;
  const sp = e.specificity.estimate;
  return { positive: se / (1 - sp), negative: (1 - se) / sp };
}
