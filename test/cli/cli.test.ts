// The `ranokit` command run as a user would: a subprocess, real files, exit codes and output.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { caseJsonSchema } from "../../src/cli/commands/schema.ts";

const BIN = join(import.meta.dirname, "../../bin/ranokit.js");
const EXAMPLES = join(import.meta.dirname, "../../examples");
const ranokit = (args: string[], input?: string) =>
  spawnSync("node", [BIN, ...args], { input, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });

const validCase = JSON.parse(
  readFileSync(join(EXAMPLES, "01-recurrent-gbm-response-then-progression.json"), "utf8"),
);

describe("ranokit assess", () => {
  it("assesses the bundled demo folder as a readable table (exit 0)", () => {
    const r = ranokit(["assess", EXAMPLES]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("DEMO-001 · glioblastoma, IDH-wildtype · recurrent · RANO 2.0");
    expect(r.stdout).toMatch(/2024-05-24\s+RT\+84\s+PD-P → PD/);
    expect(r.stdout).toContain("Best overall response: PR (confirmed)");
    expect(r.stdout).toContain("DEMO-008 · brain metastases · recurrent · RANO-BM");
  });
  it("prints JSON results and honours --criteria", () => {
    const r = ranokit([
      "assess",
      join(EXAMPLES, "07-immunotherapy-new-lesion.json"),
      "--criteria",
      "irano",
      "--format",
      "json",
    ]);
    expect(r.status).toBe(0);
    const [result] = JSON.parse(r.stdout);
    expect(result.criteria).toBe("iRANO (on RANO-HGG)");
    expect(result.progression.date).toBeNull();
  });
  it("writes CSV with unit columns", () => {
    const r = ranokit([
      "assess",
      join(EXAMPLES, "02-pseudoprogression-confirmed-as-progression.json"),
      "--format",
      "csv",
    ]);
    const [header, ...rows] = r.stdout.trim().split("\n");
    expect(header).toContain("reference_value,reference_unit,change_pct");
    const anchor = rows.find((x) => x.includes(",2024-05-24,"))!;
    expect(anchor).toContain(",PD-P,PD,confirmed,nadir,2024-03-29,580,mm²,43.4,");
  });
  it("reads NDJSON from stdin; a bad record is reported by line and JSON path, the good ones still assessed (exit 2)", () => {
    const bad = structuredClone(validCase);
    bad.assessments[1].lesions[0].diametersMm = [20, -3];
    const input = [
      JSON.stringify(validCase),
      JSON.stringify(bad),
      "{not json",
      JSON.stringify(validCase),
    ].join("\n");
    const r = ranokit(["assess", "-", "--format", "ndjson"], input);
    expect(r.status).toBe(2);
    expect(r.stdout.trim().split("\n")).toHaveLength(2);
    expect(r.stderr).toContain("stdin:2: $.assessments[1].lesions[0].diametersMm[1]:");
    expect(r.stderr).toContain("stdin:3: $: invalid JSON");
    expect(r.stderr).not.toContain("DEMO-001");
    expect(r.stderr).toContain("2 of 4 records invalid");
  });
  it("--option sets documented criteria options and rejects unknown or ill-typed ones by name", () => {
    const file = join(EXAMPLES, "03-pseudoprogression-refuted-then-response.json");
    const base = ranokit(["assess", file, "--format", "json"]);
    const withEvent = ranokit(["assess", file, "--format", "json", "-o", "pseudoprogressionWindowDays=60"]);
    // With a 60-day window the day-70 growth is no longer preliminary: PD at once.
    expect(JSON.parse(base.stdout)[0].progression.date).toBe("2024-10-11");
    expect(JSON.parse(withEvent.stdout)[0].progression.date).toBe("2024-05-10");
    const bad = ranokit(["assess", file, "-o", "confirmPolicy=maybe", "-o", "colour=red"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("--option confirmPolicy:");
    expect(bad.stderr).toContain("--option colour:");
  });
  it("unknown criteria, unknown format and missing files are usage errors (exit 2), never a stack trace", () => {
    for (const args of [
      ["assess", EXAMPLES, "--criteria", "recist"],
      ["assess", EXAMPLES, "--format", "xml"],
      ["assess", "/nonexistent/case.json"],
    ]) {
      const r = ranokit(args);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/^ranokit: /);
      expect(r.stderr).not.toContain("    at ");
    }
  });
});

describe("ranokit validate and schema", () => {
  it("lists every error with its JSON path", () => {
    const dir = mkdtempSync(join(tmpdir(), "ranokit-"));
    const bad = structuredClone(validCase);
    bad.patient.tumorType = "glioma";
    bad.assessments[0].date = "2024-13-01";
    bad.clinical = [{ date: "2024-03-01", status: "worse" }];
    writeFileSync(join(dir, "bad.json"), JSON.stringify(bad));
    const r = ranokit(["validate", join(dir, "bad.json")]);
    expect(r.status).toBe(2);
    expect(r.stdout).toContain("$.patient.tumorType");
    expect(r.stdout).toContain("$.assessments[0].date: must be an ISO calendar date YYYY-MM-DD");
    expect(r.stdout).toContain("$.clinical[0].attributableToTumor: required when status is 'worse'");
    expect(r.stdout).toContain("0 valid, 1 invalid");
  });
  it("validates the demo cases", () => {
    const r = ranokit(["validate", EXAMPLES]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("9 valid, 0 invalid");
  });
  it("the committed JSON Schema is the generated one (never stale)", () => {
    const committed = JSON.parse(
      readFileSync(join(import.meta.dirname, "../../schemas/case.schema.json"), "utf8"),
    );
    expect(committed).toEqual(JSON.parse(JSON.stringify(caseJsonSchema())));
    const printed = JSON.parse(execFileSync("node", [BIN, "schema"], { encoding: "utf8" }));
    expect(printed.properties.assessments.type).toBe("array");
  });
});

describe("ranokit cohort and sdtm", () => {
  it("summarises the demo cohort under two criteria with disagreement rates", () => {
    const r = ranokit(["cohort", EXAMPLES, "--criteria", "rano2,mrano", "--format", "json"]);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.summaries[0].n).toBe(7);
    expect(out.summaries[0].orr).toMatchObject({ count: 4, total: 7 });
    // Out of scope: the brain-metastasis and the leptomeningeal demo cases.
    expect(out.excluded).toEqual({ rano2: 2, mrano: 2 });
    expect(out.disagreements[0]).toMatchObject({ a: "rano2", b: "mrano", n: 7 });
  });
  it("reads a long-CSV folder and writes the SDTM datasets", () => {
    const out = mkdtempSync(join(tmpdir(), "ranokit-sdtm-"));
    const r = ranokit(["sdtm", join(EXAMPLES, "csv"), "--out", out, "--study", "TRIAL1"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^wrote TU 2, TR \d+, RS \d+, ADRS \d+, ADTTE \d+ records/);
    const tu = readFileSync(join(out, "tu.csv"), "utf8").trim().split("\n");
    expect(tu[0]).toContain("STUDYID,DOMAIN,USUBJID,TUSEQ");
    expect(tu[1]).toContain("TRIAL1,TU,TRIAL1-CSV-001,1,CE,T01,TUMIDENT");
  });
});

describe("ranokit assess --criteria outside its scope", () => {
  it("names the criteria set's scope and exits 2 (no pre-baseline rows)", () => {
    const r = ranokit([
      "assess",
      join(EXAMPLES, "01-recurrent-gbm-response-then-progression.json"),
      "--criteria",
      "rano-lm",
    ]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(
      "applies to leptomeningeal metastases; this case is an IDH-wildtype glioblastoma",
    );
    expect(r.stdout).not.toContain("pre-baseline");
  });
});

describe("ranokit compare", () => {
  it("shows every applicable criteria set and explains the disagreement", () => {
    const r = ranokit(["compare", join(EXAMPLES, "07-immunotherapy-new-lesion.json")]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/2024-03-06\s+PD\s+PD\s+PD-P→SD\s+PD-P→SD\s+◆/);
    expect(r.stdout).toContain("iRANO (on RANO-HGG): SD (assessed PD-P) — HGG-PD-1, IRANO-2, IRANO-3");
  });
});
