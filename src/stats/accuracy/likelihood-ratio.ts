// Likelihood ratios with the log method of Simel, Samsa & Matchar (J Clin Epidemiol 1991;44:763–770):
// ln LR is approximately normal with
//   SE(ln LR+) = √(1/tp − 1/(tp+fn) + 1/fp − 1/(fp+tn))
//   SE(ln LR−) = √(1/fn − 1/(tp+fn) + 1/tn − 1/(fp+tn))
// and the interval is exp(ln LR ± z·SE). No 0.5 is added to empty cells: when a cell the formula
// divides by is 0 the ratio or its interval is reported as undefined with the reason.
import jstatModule from "jstat";
import type { TwoByTwo } from "./two-by-two.ts";

const { jStat } = jstatModule as unknown as typeof import("jstat");

export interface LikelihoodRatio {
  estimate: number | null;
  lower: number | null;
  upper: number | null;
  level: number;
  method: "log (Simel 1991)";
  /** Why the estimate or its interval is undefined; null when both are defined. */
  undefinedReason: string | null;
  /** Set when the interval has zero width (SE of ln LR is 0), which understates the uncertainty. */
  warning: string | null;
}

function logInterval(
  numCount: number,
  numTotal: number,
  denCount: number,
  denTotal: number,
  level: number,
  reasons: {
    numTotal: string;
    denTotal: string;
    denCount: string;
    numCount: string;
    bothZero: string;
    constant: string;
  },
): LikelihoodRatio {
  const base = { level, method: "log (Simel 1991)" as const, warning: null };
  if (numTotal === 0)
    return { ...base, estimate: null, lower: null, upper: null, undefinedReason: reasons.numTotal };
  if (denTotal === 0)
    return { ...base, estimate: null, lower: null, upper: null, undefinedReason: reasons.denTotal };
  if (denCount === 0)
    return {
      ...base,
      estimate: null,
      lower: null,
      upper: null,
      undefinedReason: numCount === 0 ? reasons.bothZero : reasons.denCount,
    };
  const estimate = numCount / numTotal / (denCount / denTotal);
  if (numCount === 0)
    return { ...base, estimate, lower: null, upper: null, undefinedReason: reasons.numCount };
  const se = Math.sqrt(1 / numCount - 1 / numTotal + 1 / denCount - 1 / denTotal);
  const z = jStat.normal.inv(1 - (1 - level) / 2, 0, 1);
  return {
    ...base,
    // SE 0 exactly when numCount = numTotal and denCount = denTotal: the test gives one result for all.
    warning: se === 0 ? reasons.constant : null,
    estimate,
    lower: Math.exp(Math.log(estimate) - z * se),
    upper: Math.exp(Math.log(estimate) + z * se),
    undefinedReason: null,
  };
}

/** LR+ = sensitivity / (1 − specificity). */
export function positiveLikelihoodRatio(t: TwoByTwo, level = 0.95): LikelihoodRatio {
  return logInterval(t.tp, t.tp + t.fn, t.fp, t.fp + t.tn, level, {
    numTotal: "no reference-positive cases",
    denTotal: "no reference-negative cases",
    denCount: "no false positives (specificity 100%): LR+ is infinite",
    numCount: "no true positives; log interval undefined",
    bothZero: "the test is never positive (no true and no false positives): LR+ is 0/0",
    constant:
      "the test is positive for every case: LR+ is 1 with a zero-width interval, which understates the uncertainty",
  });
}

/** LR− = (1 − sensitivity) / specificity. */
export function negativeLikelihoodRatio(t: TwoByTwo, level = 0.95): LikelihoodRatio {
  return logInterval(t.fn, t.tp + t.fn, t.tn, t.fp + t.tn, level, {
    numTotal: "no reference-positive cases",
    denTotal: "no reference-negative cases",
    denCount: "no true negatives (specificity 0%): LR− is infinite",
    numCount: "no false negatives (sensitivity 100%); log interval undefined",
    bothZero: "the test is never negative (no false and no true negatives): LR− is 0/0",
    constant:
      "the test is negative for every case: LR− is 1 with a zero-width interval, which understates the uncertainty",
  });
}
