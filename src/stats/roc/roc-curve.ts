// Empirical ROC curve and AUC of a continuous marker against a binary reference standard.
// Every distinct marker value is a threshold; cases are called positive when marker ≥ threshold
// (direction "higher", e.g. rCBV ratio) or marker ≤ threshold (direction "lower", e.g. ADC).
// AUC is the Mann–Whitney statistic: P(marker of a positive ranks above a negative), ties count ½
// (Hanley & McNeil 1982), computed from mid-ranks in O(N log N).

export type Direction = "higher" | "lower";

/** Marker values with the reference standard of the same cases (true = positive). */
export interface LabelledMarker {
  values: readonly number[];
  positive: readonly boolean[];
}

export interface RocPoint {
  /** Cases with marker ≥ threshold (≤ for direction "lower") are called positive; null = nobody is. */
  threshold: number | null;
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  sensitivity: number;
  specificity: number;
}

export interface RocCurve {
  direction: Direction;
  positives: number;
  negatives: number;
  /** From the strictest threshold (sensitivity 0, specificity 1) to the most lenient (1, 0). */
  points: RocPoint[];
}

/** AUC undefined: the sample lacks positive or negative cases. */
export class UndefinedStatisticError extends Error {
  override name = "UndefinedStatisticError";
}

export function checkMarker(data: LabelledMarker): { m: number; n: number } {
  if (data.values.length !== data.positive.length) {
    throw new RangeError("marker values and reference labels differ in length");
  }
  for (const v of data.values)
    if (!Number.isFinite(v)) throw new RangeError(`marker value ${v} is not finite`);
  const m = data.positive.filter(Boolean).length;
  const n = data.positive.length - m;
  if (m === 0 || n === 0) {
    throw new UndefinedStatisticError(
      `ROC/AUC undefined: ${m} positive and ${n} negative case(s); both classes are needed`,
    );
  }
  return { m, n };
}

/** Marker on the "higher = positive" scale. */
export const oriented = (x: number, direction: Direction): number => (direction === "higher" ? x : -x);

export function rocCurve(data: LabelledMarker, direction: Direction = "higher"): RocCurve {
  const { m, n } = checkMarker(data);
  const order = data.values
    .map((v, i) => ({ s: oriented(v, direction), v, pos: data.positive[i]! }))
    .sort((a, b) => b.s - a.s);
  const points: RocPoint[] = [
    { threshold: null, tp: 0, fp: 0, fn: m, tn: n, sensitivity: 0, specificity: 1 },
  ];
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < order.length; ) {
    const s = order[i]!.s;
    const threshold = order[i]!.v;
    // All cases tied at this value change class together.
    while (i < order.length && order[i]!.s === s) {
      if (order[i]!.pos) tp++;
      else fp++;
      i++;
    }
    points.push({
      threshold,
      tp,
      fp,
      fn: m - tp,
      tn: n - fp,
      sensitivity: tp / m,
      specificity: (n - fp) / n,
    });
  }
  return { direction, positives: m, negatives: n, points };
}

/** Mid-ranks (1-based, ties get the average rank) of `x`. */
export function midRanks(x: readonly number[]): Float64Array {
  const idx = Array.from(x.keys()).sort((a, b) => x[a]! - x[b]!);
  const ranks = new Float64Array(x.length);
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && x[idx[j + 1]!] === x[idx[i]!]) j++;
    const r = (i + j + 2) / 2;
    for (let k = i; k <= j; k++) ranks[idx[k]!] = r;
    i = j + 1;
  }
  return ranks;
}

/** Mann–Whitney AUC (ties ½). */
export function auc(data: LabelledMarker, direction: Direction = "higher"): number {
  const { m, n } = checkMarker(data);
  const ranks = midRanks(data.values.map((v) => oriented(v, direction)));
  let sum = 0;
  data.positive.forEach((p, i) => {
    if (p) sum += ranks[i]!;
  });
  return (sum - (m * (m + 1)) / 2) / (m * n);
}
