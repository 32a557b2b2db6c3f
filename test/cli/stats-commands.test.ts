// `ranokit roc`, `ranokit agreement` and `ranokit pool` run as a user would (subprocess, real CSV
// files); numbers are checked against the R reference values in test/fixtures/stats/*.json.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const BIN = join(import.meta.dirname, "../../bin/ranokit.js");
const FX = join(import.meta.dirname, "../fixtures/stats");
const ranokit = (args: string[]) =>
  spawnSync("node", [BIN, ...args], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
const fixture = (f: string) => JSON.parse(readFileSync(join(FX, f), "utf8"));
const tmp = mkdtempSync(join(tmpdir(), "ranokit-stats-"));
const csv = (name: string, text: string) => {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
};

describe("ranokit roc", () => {
  const r = fixture("roc.json").rcbvAdc;
  it("two markers with their own directions: AUCs, DeLong CIs and the paired test match pROC", () => {
    const out = ranokit([
      "roc",
      join(FX, "rcbv-adc.csv"),
      "--reference",
      "progression",
      "--marker",
      "rcbv_max,adc_mean",
      "--direction",
      "higher,lower",
      "--target-sensitivity",
      "0.9",
      "--format",
      "json",
    ]);
    expect(out.status).toBe(0);
    const j = JSON.parse(out.stdout);
    expect(j.markers[0].auc.auc).toBeCloseTo(r.rcbvResult.auc, 10);
    expect(j.markers[1].auc.lower).toBeCloseTo(r.adcResult.lower, 10);
    expect(j.markers[0].youden.point.threshold).toBe(r.rcbvResult.youden.threshold);
    expect(j.markers[1].target.point.threshold).toBe(r.adcResult.sens90.threshold);
    expect(j.paired.z).toBeCloseTo(r.paired.z, 8);
    expect(j.paired.p).toBeCloseTo(r.paired.p, 8);
    expect(out.stdout).not.toContain("NaN");
  });
  it("prints a readable table", () => {
    const out = ranokit([
      "roc",
      join(FX, "rcbv-adc.csv"),
      "--reference",
      "progression",
      "--marker",
      "rcbv_max",
    ]);
    expect(out.status).toBe(0);
    expect(out.stdout).toContain("44 positive, 26 negative cases");
    expect(out.stdout).toMatch(/AUC 0\.\d{3} \(95% CI 0\.\d{3} to 0\.\d{3}, DeLong/);
    expect(out.stdout).toContain(`Youden-optimal: threshold ≥ ${r.rcbvResult.youden.threshold}`);
  });
  it("--curve lists every threshold; --ci wilson changes the interval method", () => {
    const f = csv("small.csv", "case,ref,m\n1,pos,3\n2,neg,1\n3,pos,2\n4,neg,2\n5,pos,4\n");
    const out = ranokit(["roc", f, "--reference", "ref", "--marker", "m", "--curve", "--ci", "wilson"]);
    expect(out.status).toBe(0);
    // Thresholds 4, 3, 2 (tie of a positive and a negative: one diagonal step), 1, plus the start.
    const rows = out.stdout.split("\n").filter((l) => /^\s+(\(none\)|\d)\s/.test(l));
    expect(rows.map((l) => l.trim().split(/\s+/)[0])).toEqual(["(none)", "4", "3", "2", "1"]);
    const j = JSON.parse(
      ranokit(["roc", f, "--reference", "ref", "--marker", "m", "--ci", "wilson", "--format", "json"]).stdout,
    );
    expect(j.markers[0].youden.point.sensitivity.method).toBe("wilson");
    expect(j.markers[0].auc.auc).toBeCloseTo(5.5 / 6, 12); // 5 of 6 pairs ordered, 1 tie
    // The curve's points are opt-in in JSON (issue 11 item 13): counts only, unless --curve.
    expect(j.markers[0].curve).toEqual({ direction: "higher", positives: 3, negatives: 2 });
    const withCurve = JSON.parse(
      ranokit(["roc", f, "--reference", "ref", "--marker", "m", "--curve", "--format", "json"]).stdout,
    );
    expect(withCurve.markers[0].curve.points.map((p: { threshold: number | null }) => p.threshold)).toEqual([
      null,
      4,
      3,
      2,
      1,
    ]);
  });
  it("--direction must give one value or one per marker", () => {
    const out = ranokit([
      "roc",
      join(FX, "rcbv-adc.csv"),
      "--reference",
      "progression",
      "--marker",
      "rcbv_max",
      "--direction",
      "higher,lower",
    ]);
    expect(out.status).toBe(2);
    expect(out.stderr).toContain("one per --marker column");
  });
  it("reports every bad cell with file:line (column) and exits 2", () => {
    const f = csv("bad.csv", "case,ref,m\n1,yes,2\n2,maybe,3\n3,no,\n4,no,x\n5,no,1\n");
    const out = ranokit(["roc", f, "--reference", "ref", "--marker", "m"]);
    expect(out.status).toBe(2);
    expect(out.stderr).toContain(`${f}:3 (ref): reference value "maybe" is neither positive nor negative`);
    expect(out.stderr).toContain(`${f}:4 (m): missing marker value`);
    expect(out.stderr).toContain(`${f}:5 (m): "x" is not a plain decimal number`);
    expect(out.stdout).toBe("");
  });
  it("says AUC is undefined without negative cases (exit 2, no NaN)", () => {
    const f = csv("allpos.csv", "case,ref,m\n1,1,2\n2,true,3\n");
    const out = ranokit(["roc", f, "--reference", "ref", "--marker", "m"]);
    expect(out.status).toBe(2);
    expect(out.stderr).toContain("ROC/AUC undefined: 2 positive and 0 negative case(s)");
  });
  it("names missing columns and bad options", () => {
    expect(
      ranokit(["roc", join(FX, "rcbv-adc.csv"), "--reference", "pd", "--marker", "rcbv_max"]).stderr,
    ).toContain("missing column(s) pd");
    const both = ranokit([
      "roc",
      join(FX, "rcbv-adc.csv"),
      "--reference",
      "progression",
      "--marker",
      "rcbv_max",
      "--target-sensitivity",
      "0.9",
      "--target-specificity",
      "0.9",
    ]);
    expect(both.status).toBe(2);
    expect(both.stderr).toContain("not both");
  });
});

describe("ranokit agreement", () => {
  const ag = fixture("agreement.json");
  it("weighted kappa for two readers and Fleiss' kappa for three match R", () => {
    const out = ranokit([
      "agreement",
      join(FX, "readers.csv"),
      "--readers",
      "reader_a,reader_b,reader_c",
      "--weights",
      "quadratic",
      "--categories",
      "CR,PR,MR,SD,PD",
      "--format",
      "json",
    ]);
    expect(out.status).toBe(0);
    const j = JSON.parse(out.stdout);
    expect(j.cohen[0].result.kappa).toBeCloseTo(ag.quadratic.kappa, 10);
    expect(j.cohen[0].result.se).toBeCloseTo(ag.quadratic.se, 10);
    expect(j.fleiss.kappa).toBeCloseTo(ag.fleiss.kappa, 10);
  });
  it("a rating outside --categories is an error at its cell", () => {
    const f = csv("cats.csv", "case,a,b\n1,SD,SD\n2,PR,sd\n");
    const out = ranokit(["agreement", f, "--readers", "a,b", "--categories", "CR,PR,MR,SD,PD"]);
    expect(out.status).toBe(2);
    expect(out.stderr).toContain(`${f}:3 (b): category "sd" is not in --categories`);
  });
  it("weighted kappa without --categories is refused (the order would be a guess)", () => {
    const out = ranokit([
      "agreement",
      join(FX, "readers.csv"),
      "--readers",
      "reader_a,reader_b",
      "--weights",
      "linear",
    ]);
    expect(out.status).toBe(2);
    expect(out.stderr).toContain("needs --categories");
  });
  it("kappa with expected agreement 1 is reported as undefined, not NaN", () => {
    const f = csv("same.csv", "case,a,b\n1,SD,SD\n2,SD,SD\n");
    const out = ranokit(["agreement", f, "--readers", "a,b"]);
    expect(out.status).toBe(0);
    expect(out.stdout).toContain("undefined: kappa undefined: expected agreement is 1");
    expect(out.stdout).not.toContain("NaN");
  });
  it("--measure: CCC and Bland–Altman with units match R", () => {
    const m = fixture("measurements.json").products;
    const out = ranokit([
      "agreement",
      join(FX, "products.csv"),
      "--readers",
      "automated_mm2,manual_mm2",
      "--measure",
      "--unit",
      "mm²",
      "--format",
      "json",
    ]);
    expect(out.status).toBe(0);
    const j = JSON.parse(out.stdout);
    expect(j.unit).toBe("mm²");
    expect(j.concordance.ccc).toBeCloseTo(m.ccc.ccc, 10);
    expect(j.blandAltman.upperLimit.estimate).toBeCloseTo(m.blandAltman.upperLimit, 8);
    const table = ranokit([
      "agreement",
      join(FX, "products.csv"),
      "--readers",
      "automated_mm2,manual_mm2",
      "--measure",
      "--unit",
      "mm²",
    ]);
    expect(table.stdout).toMatch(/bias\s+21\.13 mm²/);
  });
  it("--measure reports a missing measurement at its cell", () => {
    const f = csv("meas.csv", "lesion,a,b\nL1,100,90\nL2,,80\nL3,50,55\n");
    const out = ranokit(["agreement", f, "--readers", "a,b", "--measure"]);
    expect(out.status).toBe(2);
    expect(out.stderr).toContain(`${f}:3 (a): missing measurement`);
  });
});

describe("ranokit pool", () => {
  const p = fixture("pooling.json");
  it("pooled sensitivity/specificity, τ², Q and I² match metafor", () => {
    const out = ranokit(["pool", join(FX, "studies.csv"), "--format", "json"]);
    expect(out.status).toBe(0);
    const j = JSON.parse(out.stdout);
    expect(j.sensitivity.estimate).toBeCloseTo(p.sensitivity.estimate, 10);
    expect(j.specificity.tau2).toBeCloseTo(p.specificity.tau2, 10);
    expect(j.sensitivity.i2).toBeCloseTo(p.sensitivity.i2, 10);
    expect(j.correctedStudies).toEqual(["S4"]);
    const table = ranokit(["pool", join(FX, "studies.csv")]);
    expect(table.stdout).toContain("Pooled sensitivity  82.9% (95% CI 70.9%–90.7%)");
  });
  it("rejects a non-count cell and a study without diseased cases", () => {
    const f = csv("studies.csv", "study,tp,fp,fn,tn\nA,10,2,1.5,9\nB,0,2,0,9\n");
    const out = ranokit(["pool", f]);
    expect(out.status).toBe(2);
    expect(out.stderr).toContain(`${f}:2 (fn): "1.5" is not a whole number; a count is a whole number ≥ 0`);
    expect(out.stderr).toContain(`${f}:3 (tp): no diseased cases`);
  });
});

// Issue 11 item 11: statistics CSVs accept plain numbers only and say when an estimate degenerates.
describe("statistics inputs that used to be silently wrong", () => {
  it("pool: hexadecimal, exponent and duplicate study names are errors at their cells", () => {
    const f = csv("hex.csv", "study,tp,fp,fn,tn\nA,0x10,2,1,9\nB,1e1,2,3,9\n a ,5,1,2,8\n");
    const out = ranokit(["pool", f]);
    expect(out.status).toBe(2);
    expect(out.stderr).toContain(`${f}:2 (tp): "0x10" is not a plain decimal number`);
    expect(out.stderr).toContain(`${f}:3 (tp): "1e1" is in exponent notation`);
    expect(out.stderr).toContain(`${f}:4 (study): study "a" is already on line 2`);
    expect(out.stdout).toBe("");
  });
  it("pool: τ² is null (undefined) with a single study", () => {
    const f = csv("one.csv", "study,tp,fp,fn,tn\nA,10,2,1,9\n");
    const j = JSON.parse(ranokit(["pool", f, "-f", "json"]).stdout);
    expect(j.sensitivity.tau2).toBeNull();
    expect(j.specificity.q).toBeNull();
    expect(j.sensitivity.estimate).toBeCloseTo(10 / 11, 12);
  });
  it("roc: a fully tied marker is not called 'classes do not overlap'", () => {
    const f = csv("tie.csv", "id,ref,m\n1,1,5\n2,0,5\n3,1,5\n4,0,5\n");
    const out = ranokit(["roc", f, "--reference", "ref", "--marker", "m"]);
    expect(out.status).toBe(0);
    expect(out.stdout).toContain("AUC 0.500 (95% CI 0.500 to 0.500");
    expect(out.stdout).toContain(
      "Warning: every case has the same marker value (the classes overlap completely)",
    );
    expect(out.stdout).not.toContain("do not overlap");
  });
  it("agreement: NA is a missing rating, unless --categories names it; a one-category reader is warned", () => {
    const f = csv("na.csv", "id,A,B\n1,PR,PR\n2,PR,SD\n3,PR,NA\n");
    const out = ranokit(["agreement", f, "--readers", "A,B"]);
    expect(out.status).toBe(2);
    expect(out.stderr).toContain(`${f}:4 (B): missing rating ("NA")`);
    const ok = ranokit(["agreement", f, "--readers", "A,B", "--categories", "PR,SD,NA", "-f", "json"]);
    expect(ok.status).toBe(0);
    const k = JSON.parse(ok.stdout).cohen[0].result;
    expect(k.kappa).toBe(0);
    expect(k.lower).toBe(k.upper);
    expect(k.warning).toContain("the first reader gave every case the same category");
  });
  it("accuracy: a constant test's LR is warned about; the level label keeps its digits", () => {
    const f = csv("const.csv", "id,ref,T\n1,1,1\n2,0,1\n3,1,1\n4,0,1\n");
    const out = ranokit(["accuracy", f, "--reference", "ref", "--tests", "T", "--conf-level", "0.9999999"]);
    expect(out.status).toBe(0);
    expect(out.stdout).toContain("99.99999% CIs");
    expect(out.stdout).toContain("1.00 [1.00–1.00]");
    expect(out.stdout).toContain(
      "Warning: T: the test is positive for every case: LR+ is 1 with a zero-width interval",
    );
    expect(out.stdout).toContain("LR− is 0/0");
    const hex = ranokit(["accuracy", f, "--reference", "ref", "--tests", "T", "--conf-level", "0x1"]);
    expect(hex.status).toBe(2);
  });
});
