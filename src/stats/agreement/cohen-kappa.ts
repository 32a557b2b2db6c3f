// Cohen's kappa for two readers (Cohen 1960), weighted kappa for ordered categories (Cohen 1968) with
// linear or quadratic agreement weights, and the large-sample standard errors of Fleiss, Cohen &
// Everitt (1969): the non-null SE for the confidence interval and the null SE for the test of κ = 0.
import { type ProportionEstimate, proportionCI } from "../../endpoints/proportion-ci.ts";
import { normalQuantile, twoSidedP } from "../normal.ts";

export type KappaWeights = "none" | "linear" | "quadratic";

export interface CohenKappa {
  weights: KappaWeights;
  categories: string[];
  n: number;
  /** Contingency table: table[i][j] = cases rated categories[i] by reader A and categories[j] by B. */
  table: number[][];
  /** Unweighted proportion of cases with identical ratings, with a binomial CI. */
  percentAgreement: ProportionEstimate;
  observed: number;
  expected: number;
  kappa: number;
  se: number;
  lower: number;
  upper: number;
  level: number;
  /** Test of κ = 0 with the null standard error. */
  seNull: number;
  z: number | null;
  p: number | null;
  /** Set when the interval has zero width (SE 0), which understates the uncertainty. */
  warning: string | null;
}

/** Thrown when κ is undefined (expected agreement 1: both readers used one and the same category). */
export class UndefinedKappaError extends Error {
  override name = "UndefinedKappaError";
}

/** Agreement weight of categories i and j among k ordered ones (1 on the diagonal). */
export function agreementWeight(i: number, j: number, k: number, weights: KappaWeights): number {
  if (weights === "none" || k === 1) return i === j ? 1 : 0;
  const d = Math.abs(i - j) / (k - 1);
  return weights === "linear" ? 1 - d : 1 - d * d;
}

/**
 * `a[c]` and `b[c]` are the indices (0..k−1, in the order of `categories`) of case c's ratings.
 */
export function cohenKappa(
  a: readonly number[],
  b: readonly number[],
  categories: readonly string[],
  weights: KappaWeights = "none",
  level = 0.95,
): CohenKappa {
  const k = categories.length;
  const n = a.length;
  if (b.length !== n) throw new RangeError("the two readers rated different numbers of cases");
  if (n === 0) throw new UndefinedKappaError("kappa undefined: no cases");
  const table = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  let same = 0;
  for (let c = 0; c < n; c++) {
    const i = a[c]!;
    const j = b[c]!;
    if (!(i >= 0 && i < k && j >= 0 && j < k)) throw new RangeError(`rating index out of range at case ${c}`);
    table[i]![j]!++;
    if (i === j) same++;
  }
  const w = (i: number, j: number) => agreementWeight(i, j, k, weights);
  const p = table.map((row) => row.map((x) => x / n));
  const row = p.map((r) => r.reduce((s, x) => s + x, 0));
  const col = categories.map((_, j) => p.reduce((s, r) => s + r[j]!, 0));
  let po = 0;
  let pe = 0;
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) {
      po += w(i, j) * p[i]![j]!;
      pe += w(i, j) * row[i]! * col[j]!;
    }
  if (pe >= 1 - 1e-12) {
    throw new UndefinedKappaError(
      "kappa undefined: expected agreement is 1 (both readers gave every case the same single category)",
    );
  }
  const kappa = (po - pe) / (1 - pe);
  // Weighted marginal means w̄i. = Σj p.j wij and w̄.j = Σi pi. wij (Fleiss, Cohen & Everitt 1969).
  const wRow = row.map((_, i) => col.reduce((s, cj, j) => s + cj * w(i, j), 0));
  const wCol = col.map((_, j) => row.reduce((s, ri, i) => s + ri * w(i, j), 0));
  let sum = 0;
  let sum0 = 0;
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) {
      sum += p[i]![j]! * (w(i, j) - (wRow[i]! + wCol[j]!) * (1 - kappa)) ** 2;
      sum0 += row[i]! * col[j]! * (w(i, j) - (wRow[i]! + wCol[j]!)) ** 2;
    }
  const denom = n * (1 - pe) ** 2;
  const se = Math.sqrt(Math.max(0, (sum - (kappa - pe * (1 - kappa)) ** 2) / denom));
  const seNull = Math.sqrt(Math.max(0, (sum0 - pe * pe) / denom));
  const q = normalQuantile(1 - (1 - level) / 2);
  const z = seNull > 0 ? kappa / seNull : null;
  return {
    weights,
    categories: [...categories],
    n,
    table,
    percentAgreement: proportionCI(same, n),
    observed: po,
    expected: pe,
    kappa,
    se,
    lower: kappa - q * se,
    upper: kappa + q * se,
    level,
    seNull,
    z,
    p: z === null ? null : twoSidedP(z),
    warning: se < 1e-12 ? zeroSeWarning(row, col) : null,
  };
}

/** A reader who gives every case one category makes κ = 0 by construction, with SE 0 (FCE formula). */
function zeroSeWarning(row: readonly number[], col: readonly number[]): string {
  const single = (m: readonly number[]) => m.filter((x) => x > 0).length === 1;
  const who =
    single(row) && single(col)
      ? "each reader gave every case a single category"
      : single(row)
        ? "the first reader gave every case the same category"
        : single(col)
          ? "the second reader gave every case the same category"
          : "the ratings leave no variation";
  return `${who}: the SE of κ is 0 and the CI degenerates to a point, which understates the uncertainty`;
}
