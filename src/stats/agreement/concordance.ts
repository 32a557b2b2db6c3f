// Lin's concordance correlation coefficient (Lin 1989) between two measurements of the same cases,
// with the CI from Fisher's z transform and Lin's asymptotic variance (Lin 1989, eq. for σ²(Ẑ)).
// Moments use denominator n, as in Lin's definition.

import { normalQuantile } from "../normal.ts";
import { overflowScale } from "./scale.ts";

export interface Concordance {
  n: number;
  ccc: number;
  /** Pearson correlation (precision) and bias-correction factor C_b = ccc / r (accuracy). */
  pearson: number;
  biasCorrection: number;
  /** Fisher-z based CI, null when undefined (|ccc| = 1 or n < 3). */
  lower: number | null;
  upper: number | null;
  level: number;
  note?: string;
}

export class UndefinedConcordanceError extends Error {
  override name = "UndefinedConcordanceError";
}

export function linConcordance(x0: readonly number[], y0: readonly number[], level = 0.95): Concordance {
  const n = x0.length;
  if (y0.length !== n) throw new RangeError("the two measurements differ in length");
  const s = overflowScale(x0, y0);
  const x = s === 1 ? x0 : x0.map((v) => v / s);
  const y = s === 1 ? y0 : y0.map((v) => v / s);
  if (n < 2) throw new UndefinedConcordanceError("concordance undefined: fewer than 2 cases");
  const mx = x.reduce((s, v) => s + v, 0) / n;
  const my = y.reduce((s, v) => s + v, 0) / n;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  sxx /= n;
  syy /= n;
  sxy /= n;
  if (sxx === 0 || syy === 0) {
    throw new UndefinedConcordanceError(
      "concordance undefined: one measurement has no variation (all values equal)",
    );
  }
  const ccc = (2 * sxy) / (sxx + syy + (mx - my) ** 2);
  const r = sxy / Math.sqrt(sxx * syy);
  const base = { n, ccc, pearson: r, biasCorrection: ccc / r, level };
  if (n < 3 || Math.abs(ccc) >= 1 - 1e-12) {
    return { ...base, lower: null, upper: null, note: "CI undefined (|CCC| = 1 or fewer than 3 cases)" };
  }
  // u: location shift relative to the scales (Lin 1989).
  const u = (mx - my) / Math.sqrt(Math.sqrt(sxx * syy));
  const c2 = ccc * ccc;
  const varZ =
    (((1 - r * r) * c2) / ((1 - c2) * r * r) +
      (2 * ccc ** 3 * (1 - ccc) * u * u) / (r * (1 - c2) ** 2) -
      (ccc ** 4 * u ** 4) / (2 * r * r * (1 - c2) ** 2)) /
    (n - 2);
  const zc = Math.atanh(ccc);
  const q = normalQuantile(1 - (1 - level) / 2);
  const half = q * Math.sqrt(Math.max(0, varZ));
  return { ...base, lower: Math.tanh(zc - half), upper: Math.tanh(zc + half) };
}
