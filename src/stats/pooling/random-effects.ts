// Univariate random-effects pooling of sensitivity and specificity across published studies, each on
// the logit scale, with the DerSimonian & Laird (1986) moment estimator of τ², Cochran's Q and
// I² = (Q − df)/Q (Higgins & Thompson 2002). A study with a zero cell gets 0.5 added to all four of its
// cells (Haldane–Anscombe continuity correction, as in Meta-DiSc); such studies are flagged.
import { chiSquareUpper, normalQuantile } from "../normal.ts";

export interface StudyCounts {
  study: string;
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

export interface StudyEstimate {
  study: string;
  /** Proportion on the natural scale (after correction), its logit and the variance of the logit. */
  estimate: number;
  logit: number;
  variance: number;
  corrected: boolean;
}

export interface PooledProportion {
  /** Pooled proportion (back-transformed from the logit scale) with its CI. */
  estimate: number;
  lower: number;
  upper: number;
  level: number;
  logit: number;
  seLogit: number;
  /** Between-study variance on the logit scale (DerSimonian–Laird); null (undefined) with a single study. */
  tau2: number | null;
  /** Cochran's Q with k − 1 degrees of freedom, its p-value, and I² (0..1); null with a single study. */
  q: number | null;
  df: number;
  pQ: number | null;
  i2: number | null;
  studies: StudyEstimate[];
}

export interface PooledAccuracy {
  k: number;
  continuityCorrection: number;
  correctedStudies: string[];
  sensitivity: PooledProportion;
  specificity: PooledProportion;
}

const logistic = (x: number) => 1 / (1 + Math.exp(-x));

/** DerSimonian–Laird random-effects mean of effects y with within-study variances v. */
export function derSimonianLaird(
  y: readonly number[],
  v: readonly number[],
): {
  mu: number;
  se: number;
  tau2: number;
  q: number | null;
  df: number;
  pQ: number | null;
  i2: number | null;
} {
  const k = y.length;
  if (k === 0) throw new RangeError("no studies to pool");
  const w = v.map((x) => 1 / x);
  const sw = w.reduce((s, x) => s + x, 0);
  const sw2 = w.reduce((s, x) => s + x * x, 0);
  const fixed = y.reduce((s, yi, i) => s + w[i]! * yi, 0) / sw;
  const q = y.reduce((s, yi, i) => s + w[i]! * (yi - fixed) ** 2, 0);
  const df = k - 1;
  const tau2 = k > 1 ? Math.max(0, (q - df) / (sw - sw2 / sw)) : 0;
  const ws = v.map((x) => 1 / (x + tau2));
  const sws = ws.reduce((s, x) => s + x, 0);
  const mu = y.reduce((s, yi, i) => s + ws[i]! * yi, 0) / sws;
  return {
    mu,
    se: Math.sqrt(1 / sws),
    tau2,
    q: k > 1 ? q : null,
    df,
    pQ: k > 1 ? chiSquareUpper(q, df) : null,
    i2: k > 1 ? (q > 0 ? Math.max(0, (q - df) / q) : 0) : null,
  };
}

export function poolAccuracy(
  studies: readonly StudyCounts[],
  level = 0.95,
  correction = 0.5,
): PooledAccuracy {
  if (studies.length === 0) throw new RangeError("no studies to pool");
  const corrected: string[] = [];
  const sens: StudyEstimate[] = [];
  const spec: StudyEstimate[] = [];
  for (const s of studies) {
    if (s.tp + s.fn === 0 || s.fp + s.tn === 0) {
      throw new RangeError(`study ${s.study} has no diseased or no non-diseased cases`);
    }
    const zero = s.tp === 0 || s.fp === 0 || s.fn === 0 || s.tn === 0;
    const c = zero ? correction : 0;
    if (zero) corrected.push(s.study);
    const [tp, fp, fn, tn] = [s.tp + c, s.fp + c, s.fn + c, s.tn + c];
    sens.push({
      study: s.study,
      estimate: tp / (tp + fn),
      logit: Math.log(tp / fn),
      variance: 1 / tp + 1 / fn,
      corrected: zero,
    });
    spec.push({
      study: s.study,
      estimate: tn / (tn + fp),
      logit: Math.log(tn / fp),
      variance: 1 / tn + 1 / fp,
      corrected: zero,
    });
  }
  const pool = (est: StudyEstimate[]): PooledProportion => {
    const r = derSimonianLaird(
      est.map((e) => e.logit),
      est.map((e) => e.variance),
    );
    const z = normalQuantile(1 - (1 - level) / 2);
    return {
      estimate: logistic(r.mu),
      lower: logistic(r.mu - z * r.se),
      upper: logistic(r.mu + z * r.se),
      level,
      logit: r.mu,
      seLogit: r.se,
      // With one study τ² is not estimable (the pooled value is that study's own, with τ² = 0 used).
      tau2: r.q === null ? null : r.tau2,
      q: r.q,
      df: r.df,
      pQ: r.pQ,
      i2: r.i2,
      studies: est,
    };
  };
  return {
    k: studies.length,
    continuityCorrection: correction,
    correctedStudies: corrected,
    sensitivity: pool(sens),
    specificity: pool(spec),
  };
}
