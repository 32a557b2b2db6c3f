// DerSimonian–Laird pooling of sensitivity and specificity against metafor::rma(method = "DL")
// (scripts/fixtures/stats-reference.R).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { poolAccuracy, type StudyCounts } from "../../src/stats/pooling/index.ts";

const fx = JSON.parse(readFileSync(join(import.meta.dirname, "../fixtures/stats/pooling.json"), "utf8"));
const studies: StudyCounts[] = fx.studies;

describe("random-effects pooling (logit, DerSimonian–Laird)", () => {
  const r = poolAccuracy(studies);
  it.each(["sensitivity", "specificity"] as const)("%s matches metafor", (which) => {
    const got = r[which];
    const e = fx[which];
    expect(got.estimate).toBeCloseTo(e.estimate, 10);
    expect(got.lower).toBeCloseTo(e.lower, 8);
    expect(got.upper).toBeCloseTo(e.upper, 8);
    expect(got.seLogit).toBeCloseTo(e.seLogit, 10);
    expect(got.tau2).toBeCloseTo(e.tau2, 10);
    expect(got.q!).toBeCloseTo(e.q, 10);
    expect(got.pQ!).toBeCloseTo(e.pQ, 8);
    expect(got.i2!).toBeCloseTo(e.i2, 10);
  });
  it("flags the study with a zero cell as continuity-corrected", () => {
    expect(r.correctedStudies).toEqual(["S4"]);
    expect(r.sensitivity.studies.find((s) => s.study === "S4")!.estimate).toBeCloseTo(12.5 / 15, 12);
  });
  it("homogeneous studies give τ² = 0 and I² = 0", () => {
    const same = ["A", "B", "C"].map((study) => ({ study, tp: 40, fn: 10, fp: 5, tn: 45 }));
    const h = poolAccuracy(same);
    expect(h.sensitivity.tau2).toBe(0);
    expect(h.sensitivity.i2).toBe(0);
    expect(h.sensitivity.estimate).toBeCloseTo(0.8, 12);
  });
  it("a single study has no heterogeneity statistics", () => {
    const one = poolAccuracy([{ study: "A", tp: 8, fn: 2, fp: 1, tn: 9 }]);
    expect(one.sensitivity.q).toBeNull();
    expect(one.sensitivity.tau2).toBeNull();
    expect(one.sensitivity.i2).toBeNull();
  });
  it("rejects a study without diseased cases", () => {
    expect(() => poolAccuracy([{ study: "X", tp: 0, fn: 0, fp: 1, tn: 9 }])).toThrow(/no diseased/);
  });
});
