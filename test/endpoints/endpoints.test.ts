// Kaplan–Meier and binomial intervals against independently published values, and cohort endpoints
// against the worked scenario SC-48.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { disagreementRates, summariseCohort } from "../../src/endpoints/cohort.ts";
import { kaplanMeier } from "../../src/endpoints/kaplan-meier.ts";
import { proportionCI } from "../../src/endpoints/proportion-ci.ts";
import { assess } from "../../src/engine/index.ts";
import type { PatientResult } from "../../src/engine/model/result.ts";
import { validCase } from "../support/case-builder.ts";

// Freireich et al. 6-MP arm (Gehan 1965), the textbook Kaplan–Meier example. Reference values:
// R survival::survfit(Surv(time, status) ~ 1) (conf.type "log"), as printed in the survival package
// documentation and most survival-analysis textbooks.
const sixMp = [
  ...[6, 6, 6, 7, 10, 13, 16, 22, 23].map((time) => ({ time, event: true })),
  ...[6, 9, 10, 11, 17, 19, 20, 25, 32, 32, 34, 35].map((time) => ({ time, event: false })),
];

describe("Kaplan–Meier", () => {
  it("matches R survfit on the 6-MP data (survival, Greenwood SE, log CI)", () => {
    const km = kaplanMeier(sixMp);
    const at = (t: number) => km.steps.find((s) => s.time === t)!;
    const expected: Array<[number, number, number, number, number, number]> = [
      // time, n.risk, survival, std.err, lower, upper
      [6, 21, 0.8571, 0.0764, 0.7198, 1.0],
      [7, 17, 0.8067, 0.0869, 0.6531, 0.9964],
      [10, 15, 0.7529, 0.0963, 0.5859, 0.9676],
      [13, 12, 0.6902, 0.1068, 0.5096, 0.9348],
      [16, 11, 0.6275, 0.1141, 0.4394, 0.896],
      [22, 7, 0.5378, 0.1282, 0.337, 0.8582],
      [23, 6, 0.4482, 0.1346, 0.2487, 0.8075],
    ];
    for (const [t, n, s, se, lo, hi] of expected) {
      expect(at(t).atRisk).toBe(n);
      expect(at(t).survival).toBeCloseTo(s, 4);
      expect(at(t).stdErr).toBeCloseTo(se, 4);
      expect(at(t).lower).toBeCloseTo(lo, 3);
      expect(at(t).upper).toBeCloseTo(hi, 3);
    }
    expect([km.median, km.medianLower, km.medianUpper]).toEqual([23, 16, null]);
    expect([km.n, km.events, km.censored]).toEqual([21, 9, 12]);
  });
  it("log-log intervals stay inside (0, 1) (hand-computed at t = 6)", () => {
    const km = kaplanMeier(sixMp, "log-log");
    const s6 = km.steps[0]!;
    // se(log S) = sqrt(3 / (21 · 18)); se(log(−log S)) = that / |log S|; bounds S^exp(∓1.96·se).
    const seLogLog = Math.sqrt(3 / (21 * 18)) / Math.abs(Math.log(18 / 21));
    expect(s6.lower).toBeCloseTo((18 / 21) ** Math.exp(1.959964 * seLogLog), 6);
    expect(s6.upper).toBeCloseTo((18 / 21) ** Math.exp(-1.959964 * seLogLog), 6);
    expect(s6.upper).toBeLessThan(1);
  });
  it("a curve exactly at 0.5 gives the midpoint median, as R does", () => {
    const km = kaplanMeier([1, 2, 3, 4].map((time) => ({ time, event: true })));
    expect(km.median).toBe(2.5);
  });
  it("no events: median not reached, survival 1", () => {
    const km = kaplanMeier([
      { time: 10, event: false },
      { time: 20, event: false },
    ]);
    expect(km.median).toBeNull();
    expect(km.steps.every((s) => s.survival === 1)).toBe(true);
  });
  it("property: survival is non-increasing and within [0, 1], the CI brackets it", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ time: fc.integer({ min: 0, max: 500 }), event: fc.boolean() }), {
          minLength: 1,
          maxLength: 60,
        }),
        (obs) => {
          const km = kaplanMeier(obs);
          let prev = 1;
          for (const s of km.steps) {
            expect(s.survival).toBeLessThanOrEqual(prev + 1e-12);
            expect(s.survival).toBeGreaterThanOrEqual(0);
            expect(s.lower).toBeLessThanOrEqual(s.survival + 1e-12);
            expect(s.upper).toBeGreaterThanOrEqual(s.survival - 1e-12);
            prev = s.survival;
          }
        },
      ),
    );
  });
});

describe("binomial confidence intervals", () => {
  it("Clopper–Pearson matches R binom.test", () => {
    // binom.test(1, 4)$conf.int = 0.006309463 0.805879550; binom.test(45, 50) lower = 0.7818646
    const a = proportionCI(1, 4);
    expect(a.lower).toBeCloseTo(0.006309463, 8);
    expect(a.upper).toBeCloseTo(0.80587955, 7);
    expect(proportionCI(45, 50).lower).toBeCloseTo(0.7818646, 7);
    expect(proportionCI(0, 10)).toMatchObject({ lower: 0 });
    expect(proportionCI(10, 10)).toMatchObject({ upper: 1 });
  });
  it("Wilson matches prop.test(correct = FALSE)", () => {
    // prop.test(1, 4, correct = FALSE)$conf.int = 0.04558726 0.69935816
    const w = proportionCI(1, 4, "wilson");
    expect(w.lower).toBeCloseTo(0.04558726, 7);
    expect(w.upper).toBeCloseTo(0.69935816, 7);
  });
  it("an empty denominator is undefined, not NaN", () => {
    expect(proportionCI(0, 0)).toMatchObject({ estimate: null, lower: null, upper: null });
  });
  it("property: the interval contains the estimate", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.nat(),
        fc.constantFrom("clopper-pearson", "wilson") as fc.Arbitrary<"clopper-pearson" | "wilson">,
        (n, k, m) => {
          const p = proportionCI(k % (n + 1), n, m);
          expect(p.lower!).toBeLessThanOrEqual(p.estimate! + 1e-12);
          expect(p.upper!).toBeGreaterThanOrEqual(p.estimate! - 1e-12);
        },
      ),
    );
  });
});

describe("cohort endpoints (SC-48)", () => {
  const patients: PatientResult[] = [
    validCase({
      t0: "2024-02-01",
      scans: [
        ["2024-01-25", { L1: [20, 20] }],
        ["2024-03-28", { L1: [14, 14] }],
        ["2024-04-25", { L1: [14, 13] }],
        ["2024-06-20", { L1: [15, 14] }],
        ["2024-08-15", { L1: [20, 18] }],
      ],
    }),
    validCase({
      t0: "2024-02-01",
      events: [{ type: "new_anticancer_therapy", date: "2024-05-01" }],
      scans: [
        ["2024-01-25", { L1: [20, 20] }],
        ["2024-03-28", { L1: [19, 19] }],
        ["2024-06-20", { L1: [25, 24] }],
      ],
    }),
    validCase({
      t0: "2024-02-01",
      scans: [
        ["2024-01-25", { L1: [20, 20] }],
        ["2024-03-28", { L1: [14, 14] }],
        ["2024-04-25", { L1: [18, 18] }],
      ],
    }),
    validCase({
      t0: "2024-02-01",
      events: [{ type: "off_study", date: "2024-02-20" }],
      scans: [["2024-01-25", { L1: [20, 20] }]],
    }),
  ].map((c) => assess(c, "rano2"));
  it("ORR 1/4 = 25%, DCR 3/4 = 75%, and the per-patient time-to-event records", () => {
    const s = summariseCohort(patients);
    expect(s.bestResponse).toEqual({ CR: 0, PR: 1, MR: 0, SD: 2, PD: 0, NE: 1 });
    expect([s.orr.count, s.orr.total]).toEqual([1, 4]);
    expect(s.orr.estimate).toBe(0.25);
    expect(s.dcr.estimate).toBe(0.75);
    expect(s.patients.map((p) => [p.pfsDays, p.pfsEvent])).toEqual([
      [196, true],
      [56, false],
      [84, true],
      [0, false],
    ]);
    expect(s.patients[0]!.dorDays).toBe(140);
    expect(s.dor?.n).toBe(1);
    expect(s.pfs.events).toBe(2);
  });
  it("disagreement rates compare only patients assessed under both criteria", () => {
    const a = new Map(patients.map((r, i) => [i, r]));
    const hgg = new Map([
      [0, patients[0]!],
      [
        2,
        {
          ...patients[2]!,
          bestOverallResponse: { ...patients[2]!.bestOverallResponse, category: "PD" as const },
        },
      ],
    ]);
    const [d] = disagreementRates(
      new Map([
        ["rano2", a],
        ["hgg", hgg],
      ]),
    );
    expect(d).toMatchObject({ n: 2, patients: [patients[2]!.patientId] });
    expect(d!.bestResponseDiffers.estimate).toBe(0.5);
  });
});
