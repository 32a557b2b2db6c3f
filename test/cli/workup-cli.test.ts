// calibrate, assess/compare with the work-up, worklist and workup-eval run as a user would.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "../..");
const BIN = join(root, "bin/ranokit.js");
const DEMO = join(root, "examples/10-pseudoprogression-workup-advanced-imaging.json");
const CAL = join(root, "examples/workup/site-calibration.json");
const TABLE = join(root, "examples/workup/site-reference.csv");
const MARKERS =
  "dsc_rcbv_max_ratio,dsc_rcbv_mean_ratio,dce_ktrans_per_min,adc_min_um2_per_s,mrs_cho_naa_ratio,pet_tbr_max";
const MODEL = "dsc_rcbv_max_ratio,adc_min_um2_per_s,mrs_cho_naa_ratio";
const ranokit = (args: string[]) =>
  spawnSync("node", [BIN, ...args], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
const tmp = () => mkdtempSync(join(tmpdir(), "ranokit-workup-"));

describe("ranokit calibrate", () => {
  it("reproduces the committed demo calibration file", () => {
    const out = join(tmp(), "cal.json");
    const r = ranokit([
      "calibrate",
      TABLE,
      "--reference",
      "outcome",
      "--marker",
      MARKERS,
      "--model-markers",
      MODEL,
      "-o",
      out,
      "--date",
      "2026-12-01",
      "--site",
      "Demo site (synthetic)",
      "--protocol",
      "DSC: preload bolus, leakage correction; ADC b=1000; MRS multivoxel TE 135 ms; FET PET",
    ]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/240 rows: 136 true progression, 104 treatment effect/);
    expect(r.stdout).toMatch(/cross-validated AUC 0\.\d{3} \(95% CI/);
    const written = JSON.parse(readFileSync(out, "utf8"));
    expect({ ...written, source: "" }).toEqual({ ...JSON.parse(readFileSync(CAL, "utf8")), source: "" });
  });
  it("an rCBV ratio given as a percentage is an error at file:line (column); exit 2", () => {
    const d = tmp();
    const csv = readFileSync(TABLE, "utf8").split("\n");
    const cells = csv[3]!.split(",");
    cells[2] = "197";
    csv[3] = cells.join(",");
    writeFileSync(join(d, "t.csv"), csv.join("\n"));
    const r = ranokit([
      "calibrate",
      join(d, "t.csv"),
      "--reference",
      "outcome",
      "--marker",
      MARKERS,
      "-o",
      join(d, "c.json"),
    ]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(
      "t.csv:4 (dsc_rcbv_max_ratio): 197 is outside the plausible range 0–30 ratio of DSC rCBV max ratio — a percentage? give the ratio (e.g. 1.97)",
    );
    expect(r.stderr).not.toContain("    at ");
  });
  it("fewer than 10 outcomes per class: a warning, and no model", () => {
    const d = tmp();
    const lines = readFileSync(TABLE, "utf8").trim().split("\n").slice(0, 16);
    writeFileSync(join(d, "small.csv"), `${lines.join("\n")}\n`);
    const r = ranokit([
      "calibrate",
      join(d, "small.csv"),
      "--reference",
      "outcome",
      "--marker",
      MODEL,
      "-o",
      join(d, "c.json"),
    ]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(
      /warning: only \d+ true-progression and \d+ treatment-effect outcome\(s\); fewer than 10/,
    );
    expect(JSON.parse(readFileSync(join(d, "c.json"), "utf8")).model).toBeNull();
  });
});

describe("ranokit assess / compare with the work-up", () => {
  it("prints the advisory block after the table; categories and dates unchanged", () => {
    const plain = ranokit(["assess", DEMO, "--workup", "off", "-f", "json"]);
    const withCal = ranokit(["assess", DEMO, "--calibration", CAL, "-f", "json"]);
    expect(withCal.status).toBe(0);
    const [a] = JSON.parse(plain.stdout);
    const [{ workup, ...b }] = JSON.parse(withCal.stdout);
    expect(b).toEqual(a);
    expect(workup[0].date).toBe("2024-05-10");
    const table = ranokit(["assess", DEMO, "--calibration", CAL]);
    expect(table.stdout).toMatch(/2024-05-10\s+RT\+70\s+PD-P \(awaiting\)/);
    expect(table.stdout).toContain("Pseudoprogression work-up (advisory)");
    expect(table.stdout).toMatch(/L1 combined model: probability of true progression \d+\.\d%/);
    expect(table.stdout).toContain("does not change the RANO category or any date");
  });
  it("without a calibration: the review's estimates and the not-calibrated warning", () => {
    const r = ranokit(["assess", DEMO]);
    expect(r.stdout).toContain("pre-test probability of true progression: 70.0%–91.0%");
    expect(r.stdout).toContain("LR 0.14 → 24.3%–58.2%");
    expect(r.stdout).toContain("not site-calibrated");
  });
  it("a bad calibration file: exit 2 naming file and JSON path", () => {
    const d = tmp();
    const bad = JSON.parse(readFileSync(CAL, "utf8"));
    bad.model.coefficients = ["x"];
    writeFileSync(join(d, "bad.json"), JSON.stringify(bad));
    const r = ranokit(["assess", DEMO, "--calibration", join(d, "bad.json")]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("bad.json: $.model.coefficients[0]:");
  });
  it("compare adds the work-up across criteria sets", () => {
    const r = ranokit(["compare", DEMO, "--calibration", CAL]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("2024-05-10 · PD-P under RANO 2.0; IND under RANO-HGG; PD-P under mRANO");
  });
  it("the long CSV carries the markers; a percentage is reported at its cell", () => {
    const d = tmp();
    mkdirSync(join(d, "c"));
    writeFileSync(
      join(d, "c/patients.csv"),
      "patient_id,tumor_type,setting,t0,mgmt_status,idh_status\nP1,glioblastoma_idh_wildtype,newly_diagnosed,2024-04-01,methylated,wildtype\n",
    );
    writeFileSync(
      join(d, "c/treatments.csv"),
      "patient_id,type,start,end\nP1,radiotherapy,2024-01-22,2024-03-01\n",
    );
    const head =
      "patient_id,date,lesion_id,component,ld_mm,perp_mm,dsc_rcbv_max_ratio,dsc_leakage_correction,adc_min_um2_per_s";
    writeFileSync(
      join(d, "c/lesions.csv"),
      `${head}\nP1,2024-03-29,L1,enhancing,25,20,,,\nP1,2024-05-10,L1,enhancing,30,22,1.42,yes,1210\n`,
    );
    const ok = ranokit(["assess", join(d, "c"), "-f", "json"]);
    expect(ok.status).toBe(0);
    const [res] = JSON.parse(ok.stdout);
    expect(res.workup[0].findings.map((f: { marker: string }) => f.marker)).toEqual([
      "dsc_rcbv_max_ratio",
      "adc_min_um2_per_s",
    ]);
    expect(res.workup[0].context.mgmt).toBe("methylated");
    writeFileSync(
      join(d, "c/lesions.csv"),
      `${head}\nP1,2024-03-29,L1,enhancing,25,20,,,\nP1,2024-05-10,L1,enhancing,30,22,142,yes,1210\n`,
    );
    const bad = ranokit(["assess", join(d, "c")]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(
      /lesions\.csv:3 \(column dsc_rcbv_max_ratio\): \$\.assessments\[1\]\.lesions\[0\]\.advancedImaging\.dsc\.rcbvMaxRatio: must be a ratio ≤ 30/,
    );
  });
});

describe("ranokit worklist and workup-eval", () => {
  it("lists the open PD-P with its due date, rule and work-up summary", () => {
    const r = ranokit([
      "worklist",
      join(root, "examples"),
      "--as-of",
      "2024-05-20",
      "--calibration",
      CAL,
      "-f",
      "json",
    ]);
    expect(r.status).toBe(0);
    const { entries } = JSON.parse(r.stdout);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      patientId: "DEMO-010",
      label: "PD-P",
      date: "2024-05-10",
      dueFrom: "2024-06-07",
      rules: ["RANO2-CONF-4"],
      due: "not_yet_due",
      daysUntilDue: 18,
    });
    expect(entries[0].workup).toMatch(/^model P\(true progression\) \d+%; 0\/4 marker calls favour tumour/);
    const later = ranokit([
      "worklist",
      DEMO,
      "--as-of",
      "2024-06-10",
      "-o",
      "confirmMinDays=56",
      "-f",
      "json",
    ]);
    expect(JSON.parse(later.stdout).entries[0]).toMatchObject({ dueFrom: "2024-07-05", due: "not_yet_due" });
  });
  it("evaluates the work-up on held-out folds with the NRI against criteria only", () => {
    const r = ranokit(["workup-eval", TABLE, "--reference", "outcome", "--marker", MODEL, "-f", "json"]);
    expect(r.status).toBe(0);
    const ev = JSON.parse(r.stdout);
    expect(ev.heldOut).toBe(240);
    expect(ev.criteria.sensitivity.estimate).toBe(1);
    expect(ev.criteria.specificity.estimate).toBe(0);
    // Criteria only calls everything progression: the NRI is specificity minus the missed progressions.
    expect(ev.nri.nri).toBeCloseTo(ev.workup.specificity.estimate - (1 - ev.workup.sensitivity.estimate), 12);
    const split = ranokit([
      "workup-eval",
      TABLE,
      "--reference",
      "outcome",
      "--marker",
      MODEL,
      "--split",
      "0.3",
      "-f",
      "json",
    ]);
    expect(JSON.parse(split.stdout).heldOut).toBe(72);
  });
});
