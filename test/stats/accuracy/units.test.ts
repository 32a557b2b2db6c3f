// Small worked examples: value parsing, combination rules, undefined statistics, input errors.
import { describe, expect, it } from "vitest";
import {
  betaQuantile,
  bisectBetaQuantile,
  clopperPearsonEffective,
} from "../../../src/stats/accuracy/clustering.ts";
import {
  AccuracyInputError,
  analyseAccuracy,
  applyCombination,
  CombinationRuleError,
  clusterRobustProportion,
  diagnosticMeasures,
  mcnemar,
  parseBinary,
  parseCombinationRule,
  twoByTwo,
} from "../../../src/stats/accuracy/index.ts";

describe("binary values", () => {
  it.each(["1", "pos", "Positive", "TRUE", "yes", " YES "])("%s is positive", (v) =>
    expect(parseBinary(v)).toBe(true),
  );
  it.each(["0", "NEG", "negative", "false", "No"])("%s is negative", (v) =>
    expect(parseBinary(v)).toBe(false),
  );
  it.each(["", "2", "y", "n", "equivocal", "+", "-", "1.0"])("%j is rejected", (v) =>
    expect(parseBinary(v)).toBeNull(),
  );
});

describe("2×2 table and measures (hand-computed)", () => {
  it("counts cells and computes the measures", () => {
    const t = twoByTwo([
      { reference: true, test: true },
      { reference: true, test: true },
      { reference: true, test: false },
      { reference: false, test: true },
      { reference: false, test: false },
      { reference: false, test: false },
      { reference: false, test: false },
    ]);
    expect(t).toEqual({ tp: 2, fn: 1, fp: 1, tn: 3 });
    const d = diagnosticMeasures(t);
    expect(d.sensitivity.estimate).toBeCloseTo(2 / 3, 12);
    expect(d.specificity.estimate).toBeCloseTo(3 / 4, 12);
    expect(d.ppv.estimate).toBeCloseTo(2 / 3, 12);
    expect(d.npv.estimate).toBeCloseTo(3 / 4, 12);
    expect(d.accuracy.estimate).toBeCloseTo(5 / 7, 12);
    expect(d.prevalence.estimate).toBeCloseTo(3 / 7, 12);
    expect(d.positiveLikelihoodRatio.estimate).toBeCloseTo(2 / 3 / (1 / 4), 12);
    expect(d.negativeLikelihoodRatio.estimate).toBeCloseTo(1 / 3 / (3 / 4), 12);
    expect(d.sensitivity.method).toBe("wilson");
  });
  it("says why a statistic is undefined instead of NaN", () => {
    const d = diagnosticMeasures({ tp: 0, fn: 0, fp: 2, tn: 5 });
    expect(d.sensitivity).toMatchObject({
      estimate: null,
      lower: null,
      undefinedReason: "no reference-positive cases",
    });
    expect(diagnosticMeasures({ tp: 0, fn: 0, fp: 0, tn: 5 }).ppv.undefinedReason).toBe(
      "no test-positive cases",
    );
    expect(d.positiveLikelihoodRatio.undefinedReason).toBe("no reference-positive cases");
    const perfect = diagnosticMeasures({ tp: 5, fn: 0, fp: 0, tn: 5 });
    expect(perfect.positiveLikelihoodRatio).toMatchObject({
      estimate: null,
      undefinedReason: expect.stringMatching(/infinite/),
    });
    expect(perfect.negativeLikelihoodRatio).toMatchObject({
      estimate: 0,
      lower: null,
      undefinedReason: expect.stringMatching(/sensitivity 100%/),
    });
    expect(JSON.stringify(perfect)).not.toContain("NaN");
  });
});

describe("combination rules", () => {
  it('"PET|MR" is either, "PET&MR" both, with any number of operands', () => {
    const or = parseCombinationRule("PET|MR");
    const and = parseCombinationRule(" PET & MR & CT ");
    expect(or).toEqual({ name: "PET|MR", operator: "any", operands: ["PET", "MR"] });
    expect(and.operands).toEqual(["PET", "MR", "CT"]);
    expect(applyCombination(or, { PET: false, MR: true })).toBe(true);
    expect(applyCombination(and, { PET: true, MR: true, CT: false })).toBe(false);
  });
  it.each(["PET|MR&CT", "PET", "PET|", "PET|PET"])("refuses %j", (e) =>
    expect(() => parseCombinationRule(e)).toThrow(CombinationRuleError),
  );
  it("refuses a rule naming an unknown test", () => {
    expect(() =>
      analyseAccuracy([{ reference: true, results: { A: true } }], { tests: ["A"], combinations: ["A|B"] }),
    ).toThrow(/"B" is not one of the tests/);
  });
});

describe("McNemar edge cases and analysis errors", () => {
  it("no discordant pairs: χ² undefined with the reason, exact and mid-p 1", () => {
    const m = mcnemar(10, 0, 0, 3);
    expect(m.asymptotic).toMatchObject({
      statistic: null,
      pValue: null,
      undefinedReason: expect.stringMatching(/no discordant/),
    });
    expect([m.exactP, m.midP]).toEqual([1, 1]);
  });
  it("b = c: corrected statistic 0, as R's mcnemar.test", () => {
    expect(mcnemar(0, 4, 4, 0).corrected.statistic).toBe(0);
  });
  it("patient level needs patient ids; cluster-robust intervals too", () => {
    const cases = [{ reference: true, results: { A: true } }];
    expect(() => analyseAccuracy(cases, { tests: ["A"], level: "patient" })).toThrow(AccuracyInputError);
    expect(() => analyseAccuracy(cases, { tests: ["A"], clusterRobust: true })).toThrow(/patient id/);
  });
  it("warns that lesion-level intervals ignore clustering when patients have several lesions", () => {
    const cases = [
      { patient: "a", reference: true, results: { A: true } },
      { patient: "a", reference: false, results: { A: false } },
    ];
    expect(analyseAccuracy(cases, { tests: ["A"] }).warnings[0]).toMatch(/treat lesions as independent/);
    expect(analyseAccuracy(cases, { tests: ["A"], level: "patient" }).warnings).toEqual([]);
  });
  it("one patient: cluster-robust falls back to the ordinary interval with a note", () => {
    const r = clusterRobustProportion([{ count: 3, total: 4 }], "wilson", 0.95, "no cases");
    const plain = diagnosticMeasures({ tp: 3, fn: 1, fp: 0, tn: 0 }).sensitivity;
    expect([r.lower, r.upper]).toEqual([plain.lower, plain.upper]);
    expect(r.note).toMatch(/one patient/);
  });
});

describe("likelihood ratios of a constant test (issue 11)", () => {
  it("LR = 1 with a zero-width interval carries a warning; the other ratio is 0/0", () => {
    const t = diagnosticMeasures({ tp: 5, fp: 3, fn: 0, tn: 0 }, "wilson", 0.95);
    expect(t.positiveLikelihoodRatio.estimate).toBe(1);
    expect(t.positiveLikelihoodRatio.lower).toBe(1);
    expect(t.positiveLikelihoodRatio.warning).toContain("positive for every case");
    expect(t.negativeLikelihoodRatio.undefinedReason).toContain("never negative");
    const never = diagnosticMeasures({ tp: 0, fp: 0, fn: 4, tn: 6 }, "wilson", 0.95);
    expect(never.positiveLikelihoodRatio.undefinedReason).toContain("LR+ is 0/0");
    expect(never.negativeLikelihoodRatio.warning).toContain("negative for every case");
    expect(
      diagnosticMeasures({ tp: 4, fp: 1, fn: 1, tn: 4 }, "wilson", 0.95).positiveLikelihoodRatio.warning,
    ).toBeNull();
  });
});

describe("cluster-robust Clopper–Pearson with an effective size far below 1 (fuzzer, issue 11)", () => {
  it("gives a lower bound below double-precision range as a tiny positive number, not NaN", () => {
    // 3 of 5 over few patients at 99%: n* = 0.0123, x* = 0.0074; the quantile is about 0.005^(1/x*) ≈ 1e-313.
    const [lower, upper] = clopperPearsonEffective(0.6, 0.012260579823484826, 0.99);
    expect(Number.isFinite(lower)).toBe(true);
    expect(lower).toBeGreaterThan(0);
    expect(lower).toBeLessThan(1e-300);
    expect(upper).toBe(1);
  });
  it("the bisection fallback agrees with jStat where both work", () => {
    for (const [q, a, b] of [
      [0.025, 3, 8],
      [0.975, 0.5, 2.5],
      [0.005, 12.5, 1.2],
    ] as const)
      expect(bisectBetaQuantile(q, a, b)).toBeCloseTo(betaQuantile(q, a, b), 10);
  });
});
