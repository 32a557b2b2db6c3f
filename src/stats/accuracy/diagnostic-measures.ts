// Sensitivity, specificity, predictive values, accuracy and prevalence of one 2×2 table, each with
// a binomial confidence interval (Wilson by default; Clopper–Pearson on request — see
// docs/decisions/0005-diagnostic-accuracy.md), plus the likelihood ratios (Simel et al. 1991).
// A statistic whose denominator is empty is reported as undefined with the reason, never as NaN.
import { proportionCI } from "../../endpoints/proportion-ci.ts";
import {
  type LikelihoodRatio,
  negativeLikelihoodRatio,
  positiveLikelihoodRatio,
} from "./likelihood-ratio.ts";
import {
  referenceNegatives,
  referencePositives,
  type TwoByTwo,
  testNegatives,
  testPositives,
  total,
} from "./two-by-two.ts";

export type CiMethod = "wilson" | "clopper-pearson";
export const DEFAULT_CI_METHOD: CiMethod = "wilson";

export interface Proportion {
  count: number;
  total: number;
  /** null when undefined (see `undefinedReason`). */
  estimate: number | null;
  lower: number | null;
  upper: number | null;
  method: CiMethod;
  level: number;
  /** Why the estimate is undefined ("no reference-positive cases"), null when it is defined. */
  undefinedReason: string | null;
}

export interface DiagnosticMeasures {
  table: TwoByTwo;
  n: number;
  sensitivity: Proportion;
  specificity: Proportion;
  ppv: Proportion;
  npv: Proportion;
  accuracy: Proportion;
  prevalence: Proportion;
  positiveLikelihoodRatio: LikelihoodRatio;
  negativeLikelihoodRatio: LikelihoodRatio;
}

export function proportion(
  count: number,
  denominator: number,
  method: CiMethod,
  level: number,
  emptyReason: string,
): Proportion {
  const ci = proportionCI(count, denominator, method, level);
  return {
    count,
    total: denominator,
    estimate: ci.estimate,
    // The interval ends at 0 or 1 exactly when the estimate does (no floating-point 0.9999999999999999).
    lower: count === 0 && denominator > 0 ? 0 : ci.lower,
    upper: count === denominator && denominator > 0 ? 1 : ci.upper,
    method,
    level,
    undefinedReason: denominator === 0 ? emptyReason : null,
  };
}

export function diagnosticMeasures(
  t: TwoByTwo,
  method: CiMethod = DEFAULT_CI_METHOD,
  level = 0.95,
): DiagnosticMeasures {
  const n = total(t);
  return {
    table: { ...t },
    n,
    sensitivity: proportion(t.tp, referencePositives(t), method, level, "no reference-positive cases"),
    specificity: proportion(t.tn, referenceNegatives(t), method, level, "no reference-negative cases"),
    ppv: proportion(t.tp, testPositives(t), method, level, "no test-positive cases"),
    npv: proportion(t.tn, testNegatives(t), method, level, "no test-negative cases"),
    accuracy: proportion(t.tp + t.tn, n, method, level, "no cases"),
    prevalence: proportion(referencePositives(t), n, method, level, "no cases"),
    positiveLikelihoodRatio: positiveLikelihoodRatio(t, level),
    negativeLikelihoodRatio: negativeLikelihoodRatio(t, level),
  };
}
