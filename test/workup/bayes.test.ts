// Post-test probabilities checked against hand-computed Bayes examples (odds form).
import { describe, expect, it } from "vitest";
import { odds, postTest, postTestProbability } from "../../src/workup/bayes.ts";
import { REVIEW_ESTIMATES, reviewLikelihoodRatios } from "../../src/workup/review-estimates.ts";

describe("post-test probability = pre-test odds × LR", () => {
  it("hand-computed: pre-test 60%, LR 4 → odds 1.5 × 4 = 6 → 6/7", () => {
    expect(odds(0.6)).toBeCloseTo(1.5, 12);
    expect(postTestProbability(0.6, 4)).toBeCloseTo(6 / 7, 12);
  });
  it("hand-computed: pre-test 20%, LR 0.25 → odds 0.25 × 0.25 = 0.0625 → 0.0625/1.0625", () => {
    expect(postTestProbability(0.2, 0.25)).toBeCloseTo(1 / 17, 12);
  });
  it("LR 1 leaves the probability unchanged; LR 0 gives 0", () => {
    expect(postTestProbability(0.37, 1)).toBeCloseTo(0.37, 12);
    expect(postTestProbability(0.37, 0)).toBe(0);
  });
  it("review DSC (Se 89%, Sp 80%): LR+ 4.45, LR− 0.1375; the 70–91% band after a negative rCBV", () => {
    const lr = reviewLikelihoodRatios(REVIEW_ESTIMATES.dsc!);
    expect(lr.positive).toBeCloseTo(0.89 / 0.2, 12);
    expect(lr.negative).toBeCloseTo(0.11 / 0.8, 12);
    // 0.70 → odds 7/3 × 0.1375 = 0.3208333 → 0.2429022; 0.91 → odds 91/9 × 0.1375 = 1.3902778 → 0.5816386
    const band = postTest({ kind: "band", low: 0.7, high: 0.91, source: "" }, lr.negative);
    expect(band).toEqual({ low: expect.closeTo(0.2429022, 6), high: expect.closeTo(0.5816386, 6) });
  });
  it("rejects a pre-test probability of 0 or 1 and a negative LR", () => {
    expect(() => postTestProbability(0, 2)).toThrow(/pre-test/);
    expect(() => postTestProbability(1, 2)).toThrow(/pre-test/);
    expect(() => postTestProbability(0.5, -1)).toThrow(/likelihood ratio/);
  });
});
