// Fleiss' kappa for several readers each rating every case into one of k nominal categories
// (Fleiss 1971), with the standard error under H0: κ = 0 of Fleiss, Nee & Landis (1979).
// The CI κ ± z·SE0 uses that null SE; it is the usual approximation (software such as irr reports only
// the test) and is documented as such.
import { normalQuantile, twoSidedP } from "../normal.ts";
import { UndefinedKappaError } from "./cohen-kappa.ts";

export interface FleissKappa {
  categories: string[];
  subjects: number;
  raters: number;
  /** Overall proportion of ratings in each category (p_j). */
  categoryProportions: number[];
  /** Mean observed agreement P̄ and chance agreement P̄e. */
  observed: number;
  expected: number;
  kappa: number;
  seNull: number;
  z: number;
  p: number;
  lower: number;
  upper: number;
  level: number;
}

/** `ratings[s][r]` = category index (0..k−1) given to subject s by rater r; every subject has all raters. */
export function fleissKappa(
  ratings: readonly (readonly number[])[],
  categories: readonly string[],
  level = 0.95,
): FleissKappa {
  const N = ratings.length;
  const k = categories.length;
  if (N === 0) throw new UndefinedKappaError("Fleiss' kappa undefined: no cases");
  const n = ratings[0]!.length;
  if (n < 2) throw new UndefinedKappaError("Fleiss' kappa needs at least two raters");
  const totals = new Array<number>(k).fill(0);
  let sumPi = 0;
  for (const subject of ratings) {
    if (subject.length !== n)
      throw new RangeError("every subject must be rated by the same number of raters");
    const counts = new Array<number>(k).fill(0);
    for (const c of subject) {
      if (!(c >= 0 && c < k)) throw new RangeError(`category index ${c} out of range`);
      counts[c]!++;
    }
    counts.forEach((x, j) => {
      totals[j]! += x;
    });
    sumPi += (counts.reduce((s, x) => s + x * x, 0) - n) / (n * (n - 1));
  }
  const pj = totals.map((t) => t / (N * n));
  const observed = sumPi / N;
  const expected = pj.reduce((s, x) => s + x * x, 0);
  if (expected >= 1 - 1e-12) {
    throw new UndefinedKappaError(
      "Fleiss' kappa undefined: expected agreement is 1 (all readers used one and the same category)",
    );
  }
  const kappa = (observed - expected) / (1 - expected);
  const pq = pj.reduce((s, p) => s + p * (1 - p), 0);
  const pqqp = pj.reduce((s, p) => s + p * (1 - p) * (1 - 2 * p), 0);
  const seNull = Math.sqrt((2 / (N * n * (n - 1))) * (pq * pq - pqqp)) / pq;
  const z = kappa / seNull;
  const q = normalQuantile(1 - (1 - level) / 2);
  return {
    categories: [...categories],
    subjects: N,
    raters: n,
    categoryProportions: pj,
    observed,
    expected,
    kappa,
    seNull,
    z,
    p: twoSidedP(z),
    lower: kappa - q * seNull,
    upper: kappa + q * seNull,
    level,
  };
}
