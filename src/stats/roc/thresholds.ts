// Choosing an operating point on an empirical ROC curve: the Youden-optimal threshold
// (max sensitivity + specificity − 1; Youden 1950) or the threshold that reaches a required sensitivity
// or specificity, with the 2×2 counts and binomial CIs at that threshold.
import { type ProportionEstimate, proportionCI } from "../../endpoints/proportion-ci.ts";
import type { RocCurve, RocPoint } from "./roc-curve.ts";

export type ThresholdRule =
  | { kind: "youden" }
  | { kind: "sensitivity"; target: number }
  | { kind: "specificity"; target: number };

export interface OperatingPoint {
  rule: ThresholdRule;
  /** Observed marker value; positive = marker ≥ threshold (≤ for direction "lower"). */
  threshold: number;
  direction: RocCurve["direction"];
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  youden: number;
  sensitivity: ProportionEstimate;
  specificity: ProportionEstimate;
  accuracy: ProportionEstimate;
}

export type OperatingPointResult = { ok: true; point: OperatingPoint } | { ok: false; reason: string };

export function operatingPoint(
  curve: RocCurve,
  rule: ThresholdRule,
  ciMethod: "clopper-pearson" | "wilson" = "clopper-pearson",
): OperatingPointResult {
  // Points with a real threshold (the "call nobody positive" start of the curve is not an operating point).
  const pts = curve.points.filter((p) => p.threshold !== null);
  let chosen: RocPoint | undefined;
  const eps = 1e-12;
  // `better(p, q)`: p is preferred over q by a primary criterion, then a tie-break.
  const pick = (candidates: RocPoint[], better: (p: RocPoint, q: RocPoint) => boolean) =>
    candidates.reduce<RocPoint | undefined>((best, p) => (!best || better(p, best) ? p : best), undefined);
  if (rule.kind === "youden") {
    // Ties: the higher specificity among the maxima.
    chosen = pick(
      pts,
      (p, q) =>
        youden(p) > youden(q) + eps ||
        (Math.abs(youden(p) - youden(q)) <= eps && p.specificity > q.specificity),
    );
  } else if (rule.kind === "sensitivity") {
    checkTarget(rule.target);
    // Best specificity among thresholds reaching the sensitivity; ties: the higher sensitivity.
    chosen = pick(
      pts.filter((p) => p.sensitivity >= rule.target - eps),
      (p, q) =>
        p.specificity > q.specificity || (p.specificity === q.specificity && p.sensitivity > q.sensitivity),
    );
  } else {
    checkTarget(rule.target);
    // Best sensitivity among thresholds keeping the specificity; ties: the higher specificity.
    chosen = pick(
      pts.filter((p) => p.specificity >= rule.target - eps),
      (p, q) =>
        p.sensitivity > q.sensitivity || (p.sensitivity === q.sensitivity && p.specificity > q.specificity),
    );
  }
  if (!chosen) {
    return {
      ok: false,
      reason: `no observed threshold reaches ${rule.kind} ≥ ${rule.kind === "youden" ? "" : rule.target}`,
    };
  }
  const total = curve.positives + curve.negatives;
  return {
    ok: true,
    point: {
      rule,
      threshold: chosen.threshold!,
      direction: curve.direction,
      tp: chosen.tp,
      fp: chosen.fp,
      fn: chosen.fn,
      tn: chosen.tn,
      youden: youden(chosen),
      sensitivity: proportionCI(chosen.tp, curve.positives, ciMethod),
      specificity: proportionCI(chosen.tn, curve.negatives, ciMethod),
      accuracy: proportionCI(chosen.tp + chosen.tn, total, ciMethod),
    },
  };
}

const youden = (p: RocPoint) => p.sensitivity + p.specificity - 1;

function checkTarget(t: number): void {
  if (!(t > 0 && t <= 1)) throw new RangeError(`target must be in (0, 1], got ${t}`);
}
