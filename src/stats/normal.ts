// Standard normal, Student t and chi-square distribution functions (jstat), shared by the statistics
// modules.
import jstatModule from "jstat";

const { jStat } = jstatModule as unknown as typeof import("jstat");

/** z such that P(Z ≤ z) = p. */
export const normalQuantile = (p: number): number => jStat.normal.inv(p, 0, 1);
/** P(Z ≤ z). */
export const normalCdf = (z: number): number => jStat.normal.cdf(z, 0, 1);
/** Two-sided p-value of a standard normal test statistic. */
export const twoSidedP = (z: number): number => 2 * (1 - normalCdf(Math.abs(z)));
/** Student t quantile with `df` degrees of freedom. */
export const tQuantile = (p: number, df: number): number => jStat.studentt.inv(p, df);
/** Upper tail P(X ≥ x) of a chi-square with `df` degrees of freedom. */
export const chiSquareUpper = (x: number, df: number): number => 1 - jStat.chisquare.cdf(x, df);
/** ln Γ(x), for exact binomial probabilities without overflow. */
export const gammaLn = (x: number): number => jStat.gammaln(x);
