// Very large (but finite) measurements overflow sums of squares to Infinity and give NaN statistics.
// Dividing by a power of two is exact, and CCC, Pearson r and the location shift u are scale-free
// (Bland–Altman quantities scale linearly), so huge inputs are rescaled before the sums.

/** A power of two to divide by so every |value| is ≤ 1, or 1 when the values are of ordinary size. */
export function overflowScale(...columns: ReadonlyArray<readonly number[]>): number {
  let max = 0;
  for (const c of columns) for (const v of c) max = Math.max(max, Math.abs(v));
  // 1e100² leaves a wide margin below 1.8e308; ordinary data keep their exact, unscaled arithmetic.
  return max > 1e100 ? 2 ** Math.ceil(Math.log2(max)) : 1;
}
