// McNemar's test for two tests read on the same cases. Only the discordant pairs carry information:
//   b = cases test A got right and test B got wrong, c = the reverse.
// Four variants are reported side by side because publications rarely say which one they used:
//   asymptotic χ² = (b − c)² / (b + c)                      (McNemar 1947), 1 df
//   corrected χ² = (max(|b − c| − 1, 0))² / (b + c)          (Edwards 1948 continuity correction;
//                                                             R's mcnemar.test(correct = TRUE))
//   exact         two-sided binomial test of b in b + c trials at 1/2 (R's binom.test)
//   mid-p         exact p minus the probability of the observed table (Fagerland, Lydersen &
//                 Laake, BMC Med Res Methodol 2013;13:91 — their recommended variant)
// With no discordant pairs the χ² statistics are undefined (0/0) and the exact and mid-p values are 1.
import { chiSquareUpper, gammaLn } from "../normal.ts";

export interface ChiSquareTest {
  /** null when undefined (`undefinedReason`). */
  statistic: number | null;
  df: number;
  pValue: number | null;
  undefinedReason: string | null;
}

export interface McNemarResult {
  /** Cases in the comparison (both tests read). */
  n: number;
  bothCorrect: number;
  /** Discordant: A correct, B wrong. */
  b: number;
  /** Discordant: A wrong, B correct. */
  c: number;
  bothWrong: number;
  asymptotic: ChiSquareTest;
  corrected: ChiSquareTest;
  exactP: number;
  midP: number;
}

const NO_DISCORDANT = "no discordant pairs";

export function chiSquarePValue(statistic: number, df: number): number {
  return Math.min(1, Math.max(0, chiSquareUpper(statistic, df)));
}

function binomialCdf(k: number, n: number): number {
  // Exact for the sizes met here; summed in log space to avoid overflow of the binomial coefficient.
  let sum = 0;
  for (let i = 0; i <= k; i++) sum += Math.exp(logChoose(n, i) - n * Math.LN2);
  return Math.min(1, sum);
}

function logChoose(n: number, k: number): number {
  return gammaLn(n + 1) - gammaLn(k + 1) - gammaLn(n - k + 1);
}

/** McNemar's test from the four cells of the paired table. */
export function mcnemar(bothCorrect: number, b: number, c: number, bothWrong: number): McNemarResult {
  for (const [name, v] of Object.entries({ bothCorrect, b, c, bothWrong })) {
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`McNemar cell ${name} must be a count, got ${v}`);
  }
  const n = bothCorrect + b + c + bothWrong;
  const d = b + c;
  const undefinedTest: ChiSquareTest = {
    statistic: null,
    df: 1,
    pValue: null,
    undefinedReason: NO_DISCORDANT,
  };
  const chi = (s: number): ChiSquareTest => ({
    statistic: s,
    df: 1,
    pValue: chiSquarePValue(s, 1),
    undefinedReason: null,
  });
  const k = Math.min(b, c);
  const lowerTail = d === 0 ? 1 : binomialCdf(k, d);
  const pointProbability = d === 0 ? 1 : Math.exp(logChoose(d, k) - d * Math.LN2);
  return {
    n,
    bothCorrect,
    b,
    c,
    bothWrong,
    asymptotic: d === 0 ? undefinedTest : chi((b - c) ** 2 / d),
    corrected: d === 0 ? undefinedTest : chi(Math.max(Math.abs(b - c) - 1, 0) ** 2 / d),
    exactP: Math.min(1, 2 * lowerTail),
    midP: Math.min(1, 2 * (lowerTail - pointProbability / 2)),
  };
}

/** Per-case correctness of two tests → McNemar's test. */
export function mcnemarFromCorrectness(
  aCorrect: readonly boolean[],
  bCorrect: readonly boolean[],
): McNemarResult {
  if (aCorrect.length !== bCorrect.length)
    throw new RangeError("the two tests must be read on the same cases");
  let both = 0;
  let b = 0;
  let c = 0;
  let neither = 0;
  for (let i = 0; i < aCorrect.length; i++) {
    if (aCorrect[i] && bCorrect[i]) both++;
    else if (aCorrect[i]) b++;
    else if (bCorrect[i]) c++;
    else neither++;
  }
  return mcnemar(both, b, c, neither);
}

export interface PairedComparison {
  a: string;
  b: string;
  /** Reference-positive cases; "correct" = test positive. */
  sensitivity: McNemarResult;
  /** Reference-negative cases; "correct" = test negative. */
  specificity: McNemarResult;
  /** All cases; correct vs incorrect. */
  accuracy: McNemarResult;
  /**
   * Joint test of equal sensitivity and equal specificity: the sum of the two uncorrected McNemar
   * statistics (independent strata), 2 df. This is the "overall" test the PET/MR study reports
   * (its χ² values 51, 81, 13, 16 are these sums); a stratum without discordant pairs adds 0.
   */
  joint: ChiSquareTest;
}

export interface PairedCase {
  reference: boolean;
  a: boolean;
  b: boolean;
}

export function compareTests(aName: string, bName: string, cases: readonly PairedCase[]): PairedComparison {
  const pos = cases.filter((x) => x.reference);
  const neg = cases.filter((x) => !x.reference);
  const sensitivity = mcnemarFromCorrectness(
    pos.map((x) => x.a),
    pos.map((x) => x.b),
  );
  const specificity = mcnemarFromCorrectness(
    neg.map((x) => !x.a),
    neg.map((x) => !x.b),
  );
  const accuracy = mcnemarFromCorrectness(
    cases.map((x) => x.a === x.reference),
    cases.map((x) => x.b === x.reference),
  );
  const term = (m: McNemarResult) => m.asymptotic.statistic ?? 0;
  const jointStatistic = term(sensitivity) + term(specificity);
  const joint: ChiSquareTest =
    cases.length === 0
      ? { statistic: null, df: 2, pValue: null, undefinedReason: "no cases" }
      : {
          statistic: jointStatistic,
          df: 2,
          pValue: chiSquarePValue(jointStatistic, 2),
          undefinedReason: null,
        };
  return { a: aName, b: bName, sensitivity, specificity, accuracy, joint };
}
