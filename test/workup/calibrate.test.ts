// Site calibration against R (pROC DeLong, binom.test, Simel LR intervals, glmnet) on the synthetic
// reference table of scripts/fixtures/workup-reference.R, and its small-sample and file checks.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readReferenceTable } from "../../src/io/reference-table.ts";
import { calibrate, type ReferenceRow } from "../../src/workup/calibrate.ts";
import { parseCalibration } from "../../src/workup/calibration-file.ts";

const dir = join(import.meta.dirname, "../fixtures/stats");
const fx = JSON.parse(readFileSync(join(dir, "workup.json"), "utf8"));
const markers = [
  { id: "dsc_rcbv_max_ratio", direction: "higher" as const },
  { id: "adc_min_um2_per_s", direction: "lower" as const },
  { id: "mrs_cho_naa_ratio", direction: "higher" as const },
];
const meta = { createdOn: "2026-12-01", software: "test", source: "fixture", reference: "progression" };
const table = readReferenceTable(join(dir, "workup-calibration.csv"), "progression", markers);

const fitFixture = () =>
  calibrate({
    rows: table.rows,
    markers,
    rule: { kind: "youden" },
    ciMethod: "clopper-pearson",
    folds: 5,
    seed: 1,
    meta,
  });

describe("calibrate vs R", () => {
  const cal = fitFixture();
  it.each(markers.map((m) => m.id))("%s: Youden threshold, 2×2, CIs, LRs, AUC", (id) => {
    const r = fx.markers[id];
    const m = cal.markers.find((x) => x.id === id)!;
    expect(m.threshold).toBe(r.threshold);
    expect([m.tp, m.fp, m.fn, m.tn]).toEqual([r.tp, r.fp, r.fn, r.tn]);
    expect(m.sensitivity.lower!).toBeCloseTo(r.sensitivityCI[0], 8);
    expect(m.sensitivity.upper!).toBeCloseTo(r.sensitivityCI[1], 8);
    expect(m.specificity.lower!).toBeCloseTo(r.specificityCI[0], 8);
    expect(m.specificity.upper!).toBeCloseTo(r.specificityCI[1], 8);
    expect(m.lrPositive.estimate!).toBeCloseTo(r.lrPositive[0], 10);
    expect(m.lrPositive.lower!).toBeCloseTo(r.lrPositive[1], 8);
    expect(m.lrPositive.upper!).toBeCloseTo(r.lrPositive[2], 8);
    expect(m.lrNegative.estimate!).toBeCloseTo(r.lrNegative[0], 10);
    expect(m.lrNegative.lower!).toBeCloseTo(r.lrNegative[1], 8);
    expect(m.lrNegative.upper!).toBeCloseTo(r.lrNegative[2], 8);
    expect(m.auc.estimate).toBeCloseTo(r.auc, 10);
    expect(m.auc.lower!).toBeCloseTo(r.aucLower, 8);
    expect(m.auc.upper!).toBeCloseTo(r.aucUpper, 8);
  });
  it("the sign-constrained model holds Cho/NAA at 0 and reports an honest cross-validated AUC", () => {
    const m = cal.model!;
    expect(fx.grid).toContain(m.lambda);
    expect(m.zeroed).toEqual(["mrs_cho_naa_ratio"]);
    expect(m.coefficients[0]).toBeGreaterThan(0);
    expect(m.coefficients[1]).toBeLessThan(0);
    // The cross-validated AUC is honest: below the apparent one here, and with a DeLong interval.
    expect(m.crossValidated.auc).toBeLessThanOrEqual(m.apparentAuc);
    expect(m.crossValidated.lower!).toBeLessThan(m.crossValidated.auc);
    expect(m.crossValidated.lambdas).toHaveLength(5);
  });
  it("writes a file that reads back valid, and is deterministic", () => {
    const again = fitFixture();
    expect(again).toEqual(cal);
    expect(parseCalibration(JSON.parse(JSON.stringify(cal)))).toEqual({ ok: true, value: cal });
  });
});

const fitTwo = (rows: ReferenceRow[]) =>
  calibrate({
    rows,
    markers: markers.slice(0, 2),
    rule: { kind: "youden" },
    ciMethod: "wilson",
    folds: 5,
    seed: 1,
    meta,
  });

describe("small samples and bad calibration files", () => {
  it("< 10 outcomes per class: warned, thresholds still reported, no model", () => {
    const rows: ReferenceRow[] = Array.from({ length: 14 }, (_, i) => ({
      positive: i < 8,
      values: { dsc_rcbv_max_ratio: i < 8 ? 2 + i / 10 : 1 + i / 20, adc_min_um2_per_s: 1000 + (i % 3) * 50 },
    }));
    const cal = fitTwo(rows);
    expect(cal.warnings[0]).toMatch(
      /only 8 true-progression and 6 treatment-effect outcome\(s\); fewer than 10/,
    );
    expect(cal.model).toBeNull();
    expect(cal.markers.map((m) => m.id)).toContain("dsc_rcbv_max_ratio");
  });
  it("a marker that does not discriminate is warned about and left out", () => {
    const rows: ReferenceRow[] = Array.from({ length: 40 }, (_, i) => ({
      positive: i % 2 === 0,
      values: { dsc_rcbv_max_ratio: 2, adc_min_um2_per_s: 1000 },
    }));
    const cal = fitTwo(rows);
    expect(cal.markers).toEqual([]);
    expect(cal.warnings.join("\n")).toMatch(/dsc_rcbv_max_ratio: sensitivity \+ specificity ≤ 1/);
  });
  it("errors name the JSON path; a newer format version is refused", () => {
    const good = JSON.parse(
      readFileSync(join(import.meta.dirname, "../../examples/workup/site-calibration.json"), "utf8"),
    );
    expect(parseCalibration(good).ok).toBe(true);
    const bad = structuredClone(good);
    bad.markers[1].threshold = "high";
    delete bad.prevalence;
    const r = parseCalibration(bad);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors).toContain("$.markers[1].threshold: Invalid input: expected number, received string");
      expect(r.errors.some((e) => e.startsWith("$.prevalence:"))).toBe(true);
    }
    expect(parseCalibration({ ...good, version: 2 })).toEqual({
      ok: false,
      errors: ["$.version: calibration format version 2 is newer than this RANOkit reads (1)"],
    });
  });
});
