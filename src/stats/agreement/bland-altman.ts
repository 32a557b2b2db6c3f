// Bland–Altman analysis of two measurement methods on the same cases (Bland & Altman 1986, 1999):
// bias = mean difference (A − B), 95% limits of agreement bias ± z·s (z = 1.96 for 95%), CI of the
// bias with t(n−1)·s/√n and CI of each limit with t(n−1)·s·√(1/n + z²/(2(n−1))) (Bland & Altman 1999,
// §5; the 1986 paper's √(3s²/n) is the large-n form of the same SE).
import { normalQuantile, tQuantile } from "../normal.ts";
import { overflowScale } from "./scale.ts";

export interface Interval {
  estimate: number;
  lower: number;
  upper: number;
}

export interface BlandAltman {
  n: number;
  /** Mean of A − B, with its CI. */
  bias: Interval;
  /** SD of the differences (denominator n − 1). */
  sdDifference: number;
  lowerLimit: Interval;
  upperLimit: Interval;
  /** Coverage of the limits (0.95) and confidence level of the CIs (0.95). */
  limitsCoverage: number;
  level: number;
}

export class UndefinedBlandAltmanError extends Error {
  override name = "UndefinedBlandAltmanError";
}

export function blandAltman(
  a: readonly number[],
  b: readonly number[],
  limitsCoverage = 0.95,
  level = 0.95,
): BlandAltman {
  const n = a.length;
  if (b.length !== n) throw new RangeError("the two measurements differ in length");
  if (n < 3) throw new UndefinedBlandAltmanError("limits of agreement need at least 3 cases");
  // Differences of huge values are computed on an exactly rescaled copy (see scale.ts), then scaled back.
  const k = overflowScale(a, b);
  const d = a.map((x, i) => x / k - b[i]! / k);
  const mean = (d.reduce((s, v) => s + v, 0) / n) * k;
  const sd = Math.sqrt(d.reduce((s, v) => s + (v - mean / k) ** 2, 0) / (n - 1)) * k;
  const z = normalQuantile(1 - (1 - limitsCoverage) / 2);
  const t = tQuantile(1 - (1 - level) / 2, n - 1);
  const seBias = sd / Math.sqrt(n);
  const seLimit = sd * Math.sqrt(1 / n + (z * z) / (2 * (n - 1)));
  const interval = (estimate: number, se: number): Interval => ({
    estimate,
    lower: estimate - t * se,
    upper: estimate + t * se,
  });
  if (!Number.isFinite(mean + z * sd + t * seLimit) || !Number.isFinite(mean - z * sd - t * seLimit))
    throw new UndefinedBlandAltmanError(
      "limits of agreement undefined: the differences exceed the range of double-precision numbers",
    );
  return {
    n,
    bias: interval(mean, seBias),
    sdDifference: sd,
    lowerLimit: interval(mean - z * sd, seLimit),
    upperLimit: interval(mean + z * sd, seLimit),
    limitsCoverage,
    level,
  };
}
