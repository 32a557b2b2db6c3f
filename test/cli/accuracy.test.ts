// `ranokit accuracy` run as a user would: subprocess, real files, exit codes, table and JSON output.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const BIN = join(import.meta.dirname, "../../bin/ranokit.js");
const PETMR = join(import.meta.dirname, "../fixtures/stats/petmr-lesions.csv");
const ranokit = (args: string[]) =>
  spawnSync("node", [BIN, "accuracy", ...args], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
const base = [
  PETMR,
  "--reference",
  "reference",
  "--tests",
  "CT,PET,MR,PET/MR",
  "--patient-column",
  "patient_id",
];

function csv(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "ranokit-accuracy-")), "cases.csv");
  writeFileSync(file, text);
  return file;
}

describe("ranokit accuracy", () => {
  it("prints the PET/MR study's Table 1 cells with Wilson intervals, the rule and the McNemar counts", () => {
    const r = ranokit([...base, "--combine", "PET|MR", "--compare", "PET/MR,CT"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("Diagnostic accuracy · lesion level · 306 lesions from 75 patients");
    expect(r.stdout).toMatch(
      /CT\s+134\s+4\s+45\s+123\s+74\.9% \(134\/179\) \[68\.0–80\.6\]\s+96\.9% \(123\/127\)/,
    );
    expect(r.stdout).toContain("100.0% (179/179) [97.9–100.0]");
    expect(r.stdout).toContain("Combination PET|MR: positive when any of PET, MR is positive");
    expect(r.stdout).toMatch(
      /specificity \(reference −\)\s+127\s+0\s+6\s+6\.000 \(p 0\.014\)\s+4\.167 \(p 0\.041\)/,
    );
    expect(r.stdout).toContain(
      "joint sensitivity + specificity (sum of the two uncorrected χ², 2 df): 51.000 (p <0.001)",
    );
    expect(r.stdout).toContain(
      "Warning: lesion-level intervals and McNemar tests treat lesions as independent",
    );
    expect(r.stdout).not.toMatch(/NaN|Infinity/);
  });

  it("derives the patient level from the lesion rows (Table 2) and reports an undefined McNemar χ²", () => {
    const r = ranokit([...base, "--level", "patient", "--compare", "PET/MR,MR", "--ci", "clopper-pearson"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("75 patients (from 306 lesion rows");
    expect(r.stdout).toMatch(/MR\s+43\s+9\s+2\s+21\s+95\.6% \(43\/45\)/);
    expect(r.stdout).toContain("Clopper–Pearson exact");
    expect(r.stdout).toMatch(/specificity \(reference −\)\s+30\s+0\s+0\s+undefined \(no discordant pairs\)/);
    expect(r.stdout).not.toContain("Warning");
  });

  it("writes JSON with nulls and reasons, never NaN", () => {
    const r = ranokit([...base, "--format", "json", "--compare", "PET,MR"]);
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    const pet = report.tests.find((t: { test: string }) => t.test === "PET");
    expect(pet.table).toEqual({ tp: 108, fp: 0, fn: 71, tn: 127 });
    expect(pet.positiveLikelihoodRatio).toMatchObject({
      estimate: null,
      undefinedReason: expect.stringMatching(/no false positives/),
    });
    expect(pet.specificity.upper).toBe(1);
    expect(report.comparisons[0].sensitivity).toMatchObject({ b: 2, c: 71 });
    expect(report.patients).toBe(75);
  });

  it("honours --conf-level (90% Wilson interval of 134/179, R: prop.test)", () => {
    const r = ranokit([...base, "--conf-level", "0.9", "--format", "json"]);
    const ct = JSON.parse(r.stdout).tests[0];
    expect(ct.sensitivity.level).toBe(0.9);
    expect(ct.sensitivity.lower).toBeCloseTo(0.691836738997635, 9);
  });

  it("shows cluster-robust intervals and design effects with --cluster-robust", () => {
    const r = ranokit([...base, "--cluster-robust"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("cluster-robust (patients as clusters");
    expect(r.stdout).toContain("Design effects");
  });

  it("names file, line, column and value of an impossible result (exit 2), listing every problem", () => {
    const file = csv("pid,ref,A\np1,pos,1\np1,equivocal,0\np2,neg,2\n");
    const r = ranokit([file, "--reference", "ref", "--tests", "A"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${file}:3 (ref): "equivocal" is neither positive nor negative`);
    expect(r.stderr).toContain(`${file}:4 (A): "2" is neither positive nor negative`);
    expect(r.stdout).toBe("");
  });

  it("requires a patient id on every row for the patient level", () => {
    const file = csv("pid,ref,A\np1,1,1\n,0,0\n");
    const r = ranokit([
      file,
      "--reference",
      "ref",
      "--tests",
      "A",
      "--level",
      "patient",
      "--patient-column",
      "pid",
    ]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${file}:3 (pid): missing patient id`);
  });

  it("says why a statistic is undefined (no reference-positive cases)", () => {
    const file = csv("ref,A\nneg,1\nneg,0\n");
    const r = ranokit([file, "--reference", "ref", "--tests", "A"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("undefined: no reference-positive cases");
    expect(r.stdout).not.toMatch(/NaN/);
  });

  it.each([
    [["--tests", "CT,XX"], "missing column(s) XX"],
    [["--tests", "CT", "--combine", "CT|MR"], '"MR" is not one of the tests'],
    [["--tests", "CT,MR", "--combine", "CT|MR&PET"], "mixes | and &"],
    [["--tests", "CT", "--level", "patient"], "--level patient needs --patient-column"],
    [["--tests", "CT", "--compare", "CT"], "--compare takes two names"],
    [["--tests", "CT", "--ci", "wald"], "--ci must be wilson or clopper-pearson"],
    [["--tests", "CT", "--conf-level", "95"], "--conf-level must be a number in [0.5, 1)"],
  ])("usage error %j → exit 2", (args, message) => {
    const r = ranokit([PETMR, "--reference", "reference", ...args]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
  });
});
