// Exact threshold arithmetic (MEAS-1, MEAS-4). Measurements are converted once to integers
// (diameters in µm, products in µm², volumes in 0.001 mm³, doses in µg) and thresholds are compared by
// cross-multiplication, so a boundary such as exactly +25% can never be flipped by floating point.

/** Micrometres from millimetres. Input precision beyond 0.001 mm is below any imaging resolution. */
export function mmToUm(mm: number): number {
  return Math.round(mm * 1000);
}

/** Volumes in 0.001 mm³ units from mm³ or cm³ (1 cm³ = 1 mL = 1000 mm³). */
export function mm3ToMilli(mm3: number): number {
  return Math.round(mm3 * 1000);
}
export function cm3ToMilliMm3(cm3: number): number {
  return Math.round(cm3 * 1_000_000);
}

// Products of two safe integers stay exact only below 2^53; fall back to BigInt beyond.
const SAFE = Number.MAX_SAFE_INTEGER;
function mulCompare(a: number, b: number, c: number, d: number): number {
  const left = a * b;
  const right = c * d;
  if (Math.abs(left) < SAFE && Math.abs(right) < SAFE) return Math.sign(left - right);
  const l = BigInt(a) * BigInt(b);
  const r = BigInt(c) * BigInt(d);
  return l === r ? 0 : l > r ? 1 : -1;
}

/** value >= reference × (100 + percent)/100, i.e. an increase of at least `percent`%. */
export function increasedByAtLeast(value: number, reference: number, percent: number): boolean {
  return mulCompare(100, value, 100 + percent, reference) >= 0;
}

/** value <= reference × (100 − percent)/100, i.e. a decrease of at least `percent`%. */
export function decreasedByAtLeast(value: number, reference: number, percent: number): boolean {
  return mulCompare(100, value, 100 - percent, reference) <= 0;
}

/** value > reference × (100 + percent)/100 (strict, used where a paper says "more than"). */
export function increasedByMoreThan(value: number, reference: number, percent: number): boolean {
  return mulCompare(100, value, 100 + percent, reference) > 0;
}

/** value < reference × (100 − percent)/100 (strict). */
export function decreasedByMoreThan(value: number, reference: number, percent: number): boolean {
  return mulCompare(100, value, 100 - percent, reference) < 0;
}

/**
 * Percent change for display, rounded half away from zero — computed after classification, never used
 * to classify (MEAS-4). Null when the reference is 0. One decimal by default; more where one decimal
 * would round the value onto a threshold it does not reach (+24.9975 % is "+24.998%", never "+25.0%"
 * beside a +25 % PD threshold). `thresholds` are signed percent changes (e.g. +25, −50, −25).
 */
export function displayPercentChange(
  value: number,
  reference: number,
  thresholds: ReadonlyArray<number> = [],
): number | null {
  if (reference === 0) return null;
  for (let digits = 1; ; digits++) {
    const shown = roundedPercent(value, reference, digits);
    if (digits >= 12) return shown;
    let onBoundary = false;
    for (const t of thresholds) {
      if (shown === t && mulCompare(100, value, 100 + t, reference) !== 0) onBoundary = true;
    }
    if (!onBoundary) return shown;
  }
}

/** (value − reference) / reference × 100 rounded half away from zero to `digits` decimals. */
function roundedPercent(value: number, reference: number, digits: number): number {
  const scale = 100 * 10 ** digits;
  const diff = (value - reference) * scale;
  if (Math.abs(diff) < Number.MAX_SAFE_INTEGER && Math.abs(reference) < Number.MAX_SAFE_INTEGER) {
    // Integers below 2^53: quotient and remainder are exact in doubles.
    const absNum = Math.abs(diff);
    const absDen = Math.abs(reference);
    let q = Math.floor(absNum / absDen);
    const rem = absNum - q * absDen;
    if (rem * 2 >= absDen) q += 1;
    return (diff < 0 !== reference < 0 ? -q : q) / 10 ** digits;
  }
  const num = (BigInt(value) - BigInt(reference)) * BigInt(scale);
  const den = BigInt(reference);
  const neg = num < 0n !== den < 0n;
  const absNum = num < 0n ? -num : num;
  const absDen = den < 0n ? -den : den;
  let q = absNum / absDen;
  if ((absNum % absDen) * 2n >= absDen) q += 1n;
  return (Number(q) * (neg ? -1 : 1)) / 10 ** digits;
}

/** A signed percentage with the digits it carries (at least one): "+24.998%", "-30.0%", "0.0%". */
export function formatPercent(p: number): string {
  let digits: string;
  if (Number.isInteger(p)) digits = `${p}.0`;
  else {
    // Most changes carry one decimal: p is then the double nearest n/10 for an integer n, and for
    // |n| < 2^40 the shortest round-trip text of that double (what String gives) is n/10 written out
    // (an integer would not round-trip, and one decimal does), so build it from n instead of converting
    // the double. Anything else (more decimals, huge values) takes String.
    const n = Math.round(p * 10);
    if (n / 10 === p && Math.abs(n) < 2 ** 40) {
      const abs = n < 0 ? -n : n;
      const whole = Math.floor(abs / 10);
      digits = `${n < 0 ? "-" : ""}${whole}.${abs - whole * 10}`;
    } else digits = String(p);
  }
  return p > 0 ? `+${digits}%` : `${digits}%`;
}

/** µm² to mm² for display. */
export function um2ToMm2(v: number): number {
  return v / 1_000_000;
}
/** 0.001 mm³ units to mm³ for display. */
export function milliToMm3(v: number): number {
  return v / 1000;
}
/** µm to mm for display. */
export function umToMm(v: number): number {
  return v / 1000;
}
