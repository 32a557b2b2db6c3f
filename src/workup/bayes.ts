// Bayes' theorem in odds form: post-test odds = pre-test odds × likelihood ratio (e.g. Sackett's
// Clinical Epidemiology). Probabilities are of true progression (tumour), not of pseudoprogression.

export function odds(p: number): number {
  return p / (1 - p);
}

/** Post-test probability from a pre-test probability in (0, 1) and a likelihood ratio ≥ 0. */
export function postTestProbability(pretest: number, lr: number): number {
  if (!(pretest > 0 && pretest < 1))
    throw new RangeError(`pre-test probability must be in (0, 1), got ${pretest}`);
  if (!(lr >= 0) || !Number.isFinite(lr))
    throw new RangeError(`likelihood ratio must be finite and ≥ 0, got ${lr}`);
  const o = odds(pretest) * lr;
  return o / (1 + o);
}

export type Pretest =
  | { kind: "site"; probability: number; source: string }
  | { kind: "user"; probability: number; source: string }
  | { kind: "band"; low: number; high: number; source: string };

export type Probability = { probability: number } | { low: number; high: number };

/** Post-test probability, or its band when the pre-test probability is a band (monotone in pre-test). */
export function postTest(pre: Pretest, lr: number): Probability {
  if (pre.kind === "band")
    return { low: postTestProbability(pre.low, lr), high: postTestProbability(pre.high, lr) };
  return { probability: postTestProbability(pre.probability, lr) };
}
