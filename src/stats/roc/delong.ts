// DeLong, DeLong & Clarke-Pearson (1988) variance of the empirical AUC from its structural components
// (placement values), computed with the mid-rank algorithm of Sun & Xu (2014) in O(N log N):
//   V10(Xi) = (rank of Xi among all cases − rank of Xi among positives) / n
//   V01(Yj) = 1 − (rank of Yj among all cases − rank of Yj among negatives) / m
//   Var(AUC) = S10/m + S01/n,   S10, S01 = sample (co)variances of the components (denominator − 1).
// Several markers measured on the same cases give the covariance used by the paired test.
import { normalQuantile, twoSidedP } from "../normal.ts";
import { checkMarker, type Direction, midRanks, oriented, UndefinedStatisticError } from "./roc-curve.ts";

export interface AucEstimate {
  auc: number;
  /** DeLong standard error; null when a class has a single case (no variance estimate). */
  se: number | null;
  /** Wald CI auc ± z·se, truncated to [0, 1]; null when se is null. */
  lower: number | null;
  upper: number | null;
  level: number;
  positives: number;
  negatives: number;
  /** Why the interval is a single point (DeLong SE 0), which understates the uncertainty; else null. */
  warning: string | null;
}

export interface PairedDeLong {
  aucs: [AucEstimate, AucEstimate];
  /** auc[0] − auc[1]. */
  difference: number;
  se: number | null;
  z: number | null;
  p: number | null;
  lower: number | null;
  upper: number | null;
  level: number;
  /** Why z/p are null (e.g. identical markers: the difference has zero variance). */
  note?: string;
}

interface Components {
  aucs: number[];
  /** Covariance matrix of the AUCs (k × k). */
  cov: number[][] | null;
  m: number;
  n: number;
}

function components(
  markers: readonly (readonly number[])[],
  positive: readonly boolean[],
  directions: readonly Direction[],
): Components {
  const k = markers.length;
  const { m, n } = checkMarker({ values: markers[0]!, positive });
  const v10: Float64Array[] = [];
  const v01: Float64Array[] = [];
  const aucs: number[] = [];
  for (let r = 0; r < k; r++) {
    const values = markers[r]!;
    checkMarker({ values, positive });
    const s = values.map((x) => oriented(x, directions[r]!));
    const xs: number[] = [];
    const ys: number[] = [];
    s.forEach((x, i) => {
      (positive[i] ? xs : ys).push(x);
    });
    const tz = midRanks([...xs, ...ys]);
    const tx = midRanks(xs);
    const ty = midRanks(ys);
    const a = new Float64Array(m);
    const b = new Float64Array(n);
    let sum = 0;
    for (let i = 0; i < m; i++) {
      a[i] = (tz[i]! - tx[i]!) / n;
      sum += a[i]!;
    }
    for (let j = 0; j < n; j++) b[j] = 1 - (tz[m + j]! - ty[j]!) / m;
    v10.push(a);
    v01.push(b);
    aucs.push(sum / m);
  }
  if (m < 2 || n < 2) return { aucs, cov: null, m, n };
  const covOf = (u: Float64Array, mu: number, w: Float64Array, mw: number) => {
    let c = 0;
    for (let i = 0; i < u.length; i++) c += (u[i]! - mu) * (w[i]! - mw);
    return c / (u.length - 1);
  };
  const mean01 = v01.map((b) => b.reduce((x, y) => x + y, 0) / n);
  const cov = aucs.map((ar, r) =>
    aucs.map(
      (as, s) => covOf(v10[r]!, ar, v10[s]!, as) / m + covOf(v01[r]!, mean01[r]!, v01[s]!, mean01[s]!) / n,
    ),
  );
  return { aucs, cov, m, n };
}

// The DeLong SE is 0 when every placement value is the same: either the classes are completely
// separated (AUC 0 or 1) or every case has the same marker value (AUC ½, the classes overlap completely).
function zeroSeWarning(a: number): string {
  const why =
    a === 1 || a === 0
      ? "the classes do not overlap"
      : a === 0.5
        ? "every case has the same marker value (the classes overlap completely)"
        : "every placement value is the same";
  return `${why}: the DeLong SE is 0 and the CI degenerates to a point; it understates the uncertainty`;
}

function estimate(a: number, variance: number | null, level: number, m: number, n: number): AucEstimate {
  if (variance === null)
    return { auc: a, se: null, lower: null, upper: null, level, positives: m, negatives: n, warning: null };
  const se = Math.sqrt(Math.max(0, variance));
  const z = normalQuantile(1 - (1 - level) / 2);
  return {
    auc: a,
    se,
    lower: Math.max(0, a - z * se),
    upper: Math.min(1, a + z * se),
    level,
    positives: m,
    negatives: n,
    warning: se === 0 ? zeroSeWarning(a) : null,
  };
}

/** AUC with its DeLong standard error and Wald confidence interval. */
export function deLongAuc(
  values: readonly number[],
  positive: readonly boolean[],
  direction: Direction = "higher",
  level = 0.95,
): AucEstimate {
  const c = components([values], positive, [direction]);
  return estimate(c.aucs[0]!, c.cov ? c.cov[0]![0]! : null, level, c.m, c.n);
}

/** DeLong test of H0: AUC1 = AUC2 for two markers measured on the same cases. */
export function pairedDeLong(
  values1: readonly number[],
  values2: readonly number[],
  positive: readonly boolean[],
  directions: [Direction, Direction] = ["higher", "higher"],
  level = 0.95,
): PairedDeLong {
  if (values1.length !== values2.length) throw new RangeError("paired markers differ in length");
  const c = components([values1, values2], positive, directions);
  const [a1, a2] = [c.aucs[0]!, c.aucs[1]!];
  const aucs: [AucEstimate, AucEstimate] = [
    estimate(a1, c.cov ? c.cov[0]![0]! : null, level, c.m, c.n),
    estimate(a2, c.cov ? c.cov[1]![1]! : null, level, c.m, c.n),
  ];
  const difference = a1 - a2;
  const base = { aucs, difference, level };
  if (!c.cov) {
    return {
      ...base,
      se: null,
      z: null,
      p: null,
      lower: null,
      upper: null,
      note: "a class has a single case: no DeLong variance",
    };
  }
  const variance = c.cov[0]![0]! + c.cov[1]![1]! - 2 * c.cov[0]![1]!;
  // Rounding can leave a tiny non-zero variance for identical markers; treat it as zero.
  if (!(variance > 1e-14)) {
    return {
      ...base,
      se: 0,
      z: null,
      p: null,
      lower: difference,
      upper: difference,
      note: "the AUC difference has zero variance (markers rank the cases identically): the test is undefined",
    };
  }
  const se = Math.sqrt(variance);
  const z = difference / se;
  const q = normalQuantile(1 - (1 - level) / 2);
  return { ...base, se, z, p: twoSidedP(z), lower: difference - q * se, upper: difference + q * se };
}

export { UndefinedStatisticError };
