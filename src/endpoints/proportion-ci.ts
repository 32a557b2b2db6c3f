// Confidence intervals for a binomial proportion (objective response rate, disease-control rate).
// Clopper–Pearson (exact, the default in oncology trial reports) and Wilson (score) intervals.
import jstatModule from "jstat";

const { jStat } = jstatModule as unknown as typeof import("jstat");

export interface ProportionEstimate {
  count: number;
  total: number;
  /** Proportion, null when the denominator is 0 (undefined, not NaN). */
  estimate: number | null;
  lower: number | null;
  upper: number | null;
  method: "clopper-pearson" | "wilson";
  level: number;
}

export function proportionCI(
  count: number,
  total: number,
  method: "clopper-pearson" | "wilson" = "clopper-pearson",
  level = 0.95,
): ProportionEstimate {
  if (!Number.isInteger(count) || !Number.isInteger(total) || count < 0 || count > total) {
    throw new RangeError(`invalid proportion ${count}/${total}`);
  }
  if (total === 0) return { count, total, estimate: null, lower: null, upper: null, method, level };
  const alpha = 1 - level;
  const p = count / total;
  if (method === "clopper-pearson") {
    const lower = count === 0 ? 0 : jStat.beta.inv(alpha / 2, count, total - count + 1);
    const upper = count === total ? 1 : jStat.beta.inv(1 - alpha / 2, count + 1, total - count);
    return { count, total, estimate: p, lower, upper, method, level };
  }
  const z = jStat.normal.inv(1 - alpha / 2, 0, 1);
  const denom = 1 + (z * z) / total;
  const centre = (p + (z * z) / (2 * total)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / total + (z * z) / (4 * total * total));
  return {
    count,
    total,
    estimate: p,
    lower: Math.max(0, centre - half),
    upper: Math.min(1, centre + half),
    method,
    level,
  };
}
