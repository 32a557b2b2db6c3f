// Cluster-robust intervals for proportions estimated over lesions that are clustered in patients.
//
// Lesion-level sensitivity is a ratio estimator p = Σxᵢ / Σnᵢ over patients i (xᵢ detected of nᵢ
// reference-positive lesions). Its cluster-robust (linearisation, "sandwich") variance is
//   V = K/(K−1) · Σ (xᵢ − p·nᵢ)² / (Σnᵢ)²            (Rao & Scott 1992; Obuchowski 1997)
// over the K patients contributing to the denominator. The design effect is deff = V / (p(1−p)/N) and
// the effective sample size n* = N / deff. The interval is the usual Wilson or Clopper–Pearson
// interval computed with n* in place of N and x* = p·n* (Korn & Graubard 1998 for Clopper–Pearson),
// so it stays inside [0, 1]. As Korn & Graubard recommend, deff is not allowed below 1 (clustering is
// not taken to add information), n* = N when p is 0 or 1 (V is then 0 and the design effect is not
// estimable), and n* is multiplied by (t[N−1] / t[K−1])², the quantiles at 1 − α/2, so that few
// patients widen the interval (this is also what R's survey::svyciprop(method = "beta") does).
// Rationale in docs/decisions/0005-diagnostic-accuracy.md.
import jstatModule from "jstat";
import { tQuantile } from "../normal.ts";
import type { CiMethod, Proportion } from "./diagnostic-measures.ts";

const { jStat } = jstatModule as unknown as typeof import("jstat");

/** One cluster's contribution to a proportion: `count` of `total` cases. */
export interface ClusterCount {
  count: number;
  total: number;
}

export interface ClusterRobustProportion extends Proportion {
  /** Patients contributing at least one case to the denominator. */
  clusters: number;
  /** Cluster-robust variance of the estimate (null when not estimable). */
  variance: number | null;
  /** V / binomial variance, not truncated (null when not estimable). */
  designEffect: number | null;
  /** Sample size the interval was computed with: N / max(1, deff) · (t[N−1] / t[K−1])². */
  effectiveN: number;
  /** Why the design effect could not be estimated (interval then = the ordinary one), else null. */
  note: string | null;
}

export function clusterRobustProportion(
  clusters: readonly ClusterCount[],
  method: CiMethod,
  level: number,
  emptyReason: string,
): ClusterRobustProportion {
  const used = clusters.filter((c) => c.total > 0);
  const count = used.reduce((s, c) => s + c.count, 0);
  const total = used.reduce((s, c) => s + c.total, 0);
  const base = { count, total, method, level, clusters: used.length };
  if (total === 0) {
    return {
      ...base,
      estimate: null,
      lower: null,
      upper: null,
      undefinedReason: emptyReason,
      variance: null,
      designEffect: null,
      effectiveN: 0,
      note: null,
    };
  }
  const p = count / total;
  let variance: number | null = null;
  let designEffect: number | null = null;
  let note: string | null = null;
  const k = used.length;
  if (k < 2) note = "only one patient: the design effect is not estimable, ordinary interval shown";
  else {
    const ss = used.reduce((s, c) => s + (c.count - p * c.total) ** 2, 0);
    variance = ((k / (k - 1)) * ss) / (total * total);
    if (p === 0 || p === 1)
      note = `estimate is ${p * 100}%: the design effect is not estimable and is taken as 1`;
    else designEffect = variance / ((p * (1 - p)) / total);
  }
  const alpha = 1 - level;
  const dfFactor =
    k >= 2 && total >= 2 ? (tQuantile(alpha / 2, total - 1) / tQuantile(alpha / 2, k - 1)) ** 2 : 1;
  const effectiveN = (designEffect === null ? total : total / Math.max(1, designEffect)) * dfFactor;
  const [lower, upper] =
    method === "wilson"
      ? wilsonEffective(p, effectiveN, level)
      : clopperPearsonEffective(p, effectiveN, level);
  return {
    ...base,
    estimate: p,
    lower,
    upper,
    undefinedReason: null,
    variance,
    designEffect,
    effectiveN,
    note,
  };
}

/** Wilson score interval for proportion p with (possibly non-integer) sample size n. */
export function wilsonEffective(p: number, n: number, level: number): [number, number] {
  const z = jStat.normal.inv(1 - (1 - level) / 2, 0, 1);
  const denom = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  return [p === 0 ? 0 : Math.max(0, centre - half), p === 1 ? 1 : Math.min(1, centre + half)];
}

/** Clopper–Pearson interval with effective counts x* = p·n*, n* (Korn & Graubard 1998). */
export function clopperPearsonEffective(p: number, n: number, level: number): [number, number] {
  const alpha = 1 - level;
  const x = p * n;
  const lower = p === 0 ? 0 : betaQuantile(alpha / 2, x, n - x + 1);
  const upper = p === 1 ? 1 : betaQuantile(1 - alpha / 2, x + 1, n - x);
  return [lower, upper];
}

/**
 * Quantile of Beta(a, b). Effective counts can be far below 1 (few patients, a high level), where
 * jStat's Newton iteration returns NaN — the quantile is then below double precision (e.g.
 * 0.005^(1/0.007) ≈ 1e-311; found by the fuzzer, fuzz/fixtures/accuracy/). Bisection on the
 * regularised incomplete beta function is the fallback: slow but monotone, so always an answer.
 */
export function betaQuantile(q: number, a: number, b: number): number {
  const fast = jStat.beta.inv(q, a, b);
  return Number.isFinite(fast) && fast >= 0 && fast <= 1 ? fast : bisectBetaQuantile(q, a, b);
}

/** Beta(a, b) quantile by bisection on I_x(a, b) (the fallback of betaQuantile). */
export function bisectBetaQuantile(q: number, a: number, b: number): number {
  let lo = 0;
  let hi = 1;
  // 1,100 halvings reach the smallest double (2^−1074); the loop ends once the midpoint is an endpoint.
  for (let i = 0; i < 1100; i++) {
    const mid = (lo + hi) / 2;
    if (mid === lo || mid === hi) break;
    if (jStat.ibeta(mid, a, b) < q) lo = mid;
    else hi = mid;
  }
  return hi;
}
