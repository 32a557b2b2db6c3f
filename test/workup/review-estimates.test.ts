// The pooled-estimate defaults are the review's numbers: every value appears in the quoted sentence
// (Thust, van den Bent & Smits 2018; the quotes were checked against the review's text when written —
// tests read nothing outside the repository).
import { describe, expect, it } from "vitest";
import { REVIEW_ESTIMATES, REVIEW_PSEUDOPROGRESSION_INCIDENCE } from "../../src/workup/review-estimates.ts";

const pct = (p: number) => `${Math.round(p * 100)}%`;
const dec = (p: number) => p.toFixed(2);

describe("review pooled estimates", () => {
  const entries = Object.values(REVIEW_ESTIMATES).filter((e) => e !== null);
  it.each(entries.map((e) => [e!.technique, e!] as const))("%s: numbers are those quoted", (_, e) => {
    // A point value is quoted as "89%" or, for a pooled range, as its lower end "71–82%".
    const quoted = (p: number) => e.quoted.includes(pct(p)) || e.quoted.includes(`${Math.round(p * 100)}–`);
    expect(quoted(e.sensitivity.estimate)).toBe(true);
    expect(quoted(e.specificity.estimate)).toBe(true);
    for (const x of [e.sensitivity, e.specificity]) {
      if (x.lower === null || x.upper === null) continue;
      // CIs quoted as decimals (0.83–0.94) or, for DWI, the pooled range (71–82%).
      expect(
        e.quoted.includes(`${dec(x.lower)}–${dec(x.upper)}`) ||
          e.quoted.includes(`${Math.round(x.lower * 100)}–${pct(x.upper)}`),
      ).toBe(true);
    }
  });
  it("values the work-up uses", () => {
    expect(REVIEW_ESTIMATES.dsc).toMatchObject({
      sensitivity: { estimate: 0.89, lower: 0.83, upper: 0.94 },
      specificity: { estimate: 0.8, lower: 0.72, upper: 0.86 },
    });
    expect(REVIEW_ESTIMATES.dsc!.cutoffs).toMatchObject({
      dsc_rcbv_mean_ratio: { low: 0.9, high: 2.15 },
      dsc_rcbv_max_ratio: { low: 1.49, high: 3.1 },
    });
    expect(REVIEW_ESTIMATES.dce!.sensitivity.estimate).toBe(0.89);
    expect(REVIEW_ESTIMATES.mrs!.specificity).toEqual({ estimate: 0.95, lower: 0.65, upper: 0.99 });
    expect(REVIEW_ESTIMATES.adc!.sensitivity).toEqual({ estimate: 0.71, lower: 0.71, upper: 0.82 });
    expect(REVIEW_ESTIMATES.asl!.cutoffs!.asl_cbf_ratio!.low).toBe(1.3);
    expect(REVIEW_ESTIMATES.pet).toBeNull();
    expect(REVIEW_PSEUDOPROGRESSION_INCIDENCE).toMatchObject({ low: 0.09, high: 0.3 });
  });
});
