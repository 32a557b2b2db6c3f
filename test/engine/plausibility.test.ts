// Plausibility bounds of the case model (issue 11, item 2): implausible numbers are rejected with their
// JSON path by validation, so they never reach the exact arithmetic (where 1e154 mm overflowed).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assess, PLAUSIBLE, parseCase } from "../../src/engine/index.ts";
import { buildCase } from "../support/case-builder.ts";

const base = () =>
  buildCase({
    scans: [
      ["2024-01-25", { L1: [20, 20] }],
      ["2024-03-28", { L1: [18, 16] }],
    ],
    steroids: [["2024-01-20", 4]],
  }) as unknown as Record<string, any>;

const errorsOf = (c: unknown) => {
  const r = parseCase(c);
  return r.ok ? [] : r.errors.map((e) => `${e.path}: ${e.message}`);
};

describe("plausibility bounds", () => {
  it("rejects the numbers that used to crash assess, cohort and sdtm, by JSON path", () => {
    const c = base();
    c.assessments[0].lesions[0].diametersMm = [1e154, 1e154];
    c.assessments[1].lesions[0].diametersMm = [1e20, 10];
    c.steroids[0].doseMgPerDay = 1e308;
    c.assessments[1].lesions[0].volumeMm3 = 5e6;
    expect(errorsOf(c)).toEqual([
      "$.assessments[0].lesions[0].diametersMm[0]: must be at most 300 mm (larger than any head: a unit error?)",
      "$.assessments[0].lesions[0].diametersMm[1]: must be at most 300 mm (larger than any head: a unit error?)",
      "$.assessments[1].lesions[0].diametersMm[0]: must be at most 300 mm (larger than any head: a unit error?)",
      "$.assessments[1].lesions[0].volumeMm3: must be at most 2500000 mm³ (more than the whole intracranial volume)",
      "$.steroids[0].doseMgPerDay: must be at most 2000 mg/day (twice a methylprednisolone pulse)",
    ]);
  });
  it("rejects dates outside 1900–2100", () => {
    const c = base();
    c.assessments[0].date = "0000-01-01";
    c.protocol.t0 = "9999-12-31";
    expect(errorsOf(c)).toEqual([
      "$.protocol.t0: must lie between 1900-01-01 and 2100-12-31",
      "$.assessments[0].date: must lie between 1900-01-01 and 2100-12-31",
    ]);
  });
  it("rejects a perpendicular longer than the longest diameter; equal is fine", () => {
    const c = base();
    c.assessments[1].lesions[0].diametersMm = [18, 19];
    expect(errorsOf(c)).toEqual([
      "$.assessments[1].lesions[0].diametersMm[1]: the perpendicular (19 mm) is longer than the longest diameter (18 mm); give [longest, perpendicular]",
    ]);
    c.assessments[1].lesions[0].diametersMm = [18, 18];
    expect(errorsOf(c)).toEqual([]);
  });
  it("every value within the bounds is assessed to a finite result (property)", () => {
    const d = fc.double({ min: 0, max: PLAUSIBLE.maxMm, noNaN: true });
    fc.assert(
      fc.property(
        d,
        d,
        d,
        d,
        fc.double({ min: 0, max: PLAUSIBLE.maxDoseMgPerDay, noNaN: true }),
        (a, b, x, y, dose) => {
          const c = base();
          c.assessments[0].lesions[0].diametersMm = [Math.max(a, b), Math.min(a, b)];
          c.assessments[1].lesions[0].diametersMm = [Math.max(x, y), Math.min(x, y)];
          c.steroids[0].doseMgPerDay = dose;
          const r = parseCase(c);
          expect(r.ok).toBe(true);
          if (!r.ok) return;
          const result = assess(r.value, "rano2");
          for (const t of result.timepoints) {
            if (t.changePct !== null) expect(Number.isFinite(t.changePct)).toBe(true);
            if (t.steroidDexEqMgPerDay !== null) expect(Number.isFinite(t.steroidDexEqMgPerDay)).toBe(true);
          }
          expect(Number.isInteger(result.pfs.days) && result.pfs.days >= 0).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
