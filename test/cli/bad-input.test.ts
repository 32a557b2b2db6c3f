// Issue 11 end to end: one bad record never costs the others, in every command. The CLI runs as a
// subprocess on real files; each test names the item of the issue it pins down.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { syntheticCases } from "../../bench/synthetic-cohort.ts";

const BIN = join(import.meta.dirname, "../../bin/ranokit.js");
const EXAMPLES = join(import.meta.dirname, "../../examples");
const env = { ...process.env, NO_COLOR: "1", RANOKIT_DEBUG: "" };
const ranokit = (args: string[], input?: string) =>
  spawnSync("node", [BIN, ...args], { input, encoding: "utf8", env });
const example = (name: string) => JSON.parse(readFileSync(join(EXAMPLES, name), "utf8"));
const tmp = () => mkdtempSync(join(tmpdir(), "ranokit-bad-"));
const ndjson = (...cases: unknown[]) => `${cases.map((c) => JSON.stringify(c)).join("\n")}\n`;
const withId = (c: Record<string, any>, id: string): Record<string, any> => ({
  ...c,
  patient: { ...c.patient, id },
});

const gbm = example("01-recurrent-gbm-response-then-progression.json");
const pseudo = example("02-pseudoprogression-confirmed-as-progression.json");
/** A course whose (back-dated) progression falls 3 days before T0: once an internal error in cohort. */
const beforeT0 = withId({ ...pseudo, protocol: { ...pseudo.protocol, t0: "2024-05-27" } }, "SECRET-PRE-T0");
const noStack = (s: string) => expect(s).not.toMatch(/\n\s+at /);

describe("item 1: an internal error costs one patient, not the batch", () => {
  it("cohort with a progression before T0 still summarises the other patients (exit 2 or 0, never 1)", () => {
    const dir = tmp();
    writeFileSync(join(dir, "c.ndjson"), ndjson(gbm, beforeT0, withId(gbm, "OTHER")));
    const r = ranokit(["cohort", join(dir, "c.ndjson"), "--criteria", "rano2,hgg", "--format", "json"]);
    noStack(r.stderr);
    expect(r.status).not.toBe(1);
    const out = JSON.parse(r.stdout);
    if (r.status === 2) {
      // The engine still throws for this case: it is that patient's one-line error entry.
      expect(r.stderr.split("\n")[0]).toMatch(
        /c\.ndjson:2: \$: internal error while assessing under RANO 2\.0 .*: .*; the patient is not assessed/,
      );
      expect(out.summaries.map((s: { n: number }) => s.n)).toEqual([2, 2]);
      expect(out.invalid).toBe(1);
    } else {
      expect(r.status).toBe(0);
      expect(out.summaries.map((s: { n: number }) => s.n)).toEqual([3, 3]);
    }
    expect(r.stderr).not.toContain("SECRET-PRE-T0");
  });
});

describe("item 2: implausible numbers are rejected by path, never crash assess, cohort or sdtm", () => {
  const bad = structuredClone(gbm);
  bad.patient.id = "P-HUGE";
  bad.assessments[1].lesions[0].diametersMm = [1e154, 1e154];
  const dose = withId(structuredClone(gbm), "P-DOSE");
  dose.steroids = [{ date: "2024-01-20", doseMgPerDay: 1e308 }];
  const date = withId(structuredClone(gbm), "P-DATE");
  date.assessments[3].date = "9999-12-31";
  const input = ndjson(gbm, bad, dose, date);
  it.each([
    [["assess", "-", "--format", "ndjson"]],
    [["cohort", "-", "--format", "json"]],
    [["sdtm", "-", "--out", "OUT"]],
    [["validate", "-"]],
  ])("%j", (args) => {
    const r = ranokit(
      args.map((a) => (a === "OUT" ? tmp() : a)),
      input,
    );
    expect(r.status).toBe(2);
    noStack(r.stderr);
    expect(r.stderr).not.toContain("internal error");
    expect(r.stderr).toContain("stdin:2: $.assessments[1].lesions[0].diametersMm[0]: must be at most 300 mm");
    expect(r.stderr).toContain("stdin:3: $.steroids[0].doseMgPerDay: must be at most 2000 mg/day");
    expect(r.stderr).toContain("stdin:4: $.assessments[3].date: must lie between 1900-01-01 and 2100-12-31");
    expect(r.stderr).toContain("3 of 4 records invalid; the others were processed");
    if (args[0] === "assess") expect(r.stdout.trim().split("\n")).toHaveLength(1);
    if (args[0] === "cohort") expect(JSON.parse(r.stdout).summaries[0].n).toBe(1);
    if (args[0] === "sdtm") expect(r.stdout).toMatch(/^wrote TU \d+/);
  });
});

describe("item 3: a bad row in the long CSV costs that row and its patient only", () => {
  it("reports file:line (column), loads the rest, names the incomplete patient by its row", () => {
    const dir = tmp();
    writeFileSync(
      join(dir, "patients.csv"),
      "patient_id,tumor_type,setting,t0\nCSV-1,glioblastoma_idh_wildtype,recurrent,2024-02-01\nCSV-2,glioblastoma_idh_wildtype,recurrent,2024-02-01\n",
    );
    writeFileSync(
      join(dir, "lesions.csv"),
      [
        "patient_id,date,lesion_id,component,role,ld_mm,perp_mm",
        "CSV-1,2024-01-25,L1,enhancing,target,20,20",
        "CSV-1,2024-03-28,L1,enhancing,,20",
        "CSV-2,2024-01-25,L1,enhancing,target,30,20",
        "CSV-2,2024-03-28,L1,enhancing,,14,10",
      ].join("\n"),
    );
    const r = ranokit(["assess", dir, "--format", "csv"]);
    expect(r.status).toBe(2);
    expect(r.stderr.split("\n")).toEqual([
      `${join(dir, "patients.csv")}:2: incomplete patient, not assessed: lesions.csv:3 could not be read (see its error)`,
      `${join(dir, "lesions.csv")}:3 (column perp_mm): the row has 6 of the header's 7 fields; the row is skipped`,
      "2 of 3 records invalid; the others were processed",
      "",
    ]);
    expect(r.stdout).toContain("CSV-2,RANO 2.0,2024-03-28");
    expect(r.stdout).not.toContain("CSV-1");
  });
});

describe("item 4: a closed pipe ends the command quietly", () => {
  it("assess … | head -1: no stack trace, exit 0", async () => {
    const dir = tmp();
    writeFileSync(join(dir, "big.ndjson"), `${[...syntheticCases(3000, 6, 5)].join("\n")}\n`);
    const child = spawn("node", [BIN, "assess", join(dir, "big.ndjson")], { env });
    let stderr = "";
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    // Read the first chunk (far less than the several MB of output), then close the pipe like `head`.
    await new Promise<void>((r) => child.stdout.once("data", () => r()));
    child.stdout.destroy();
    const code = await new Promise<number | null>((r) => child.on("close", (c) => r(c)));
    expect(stderr).toBe("");
    expect(code).toBe(0);
  });
});

describe("item 5: a patient is never assessed or counted twice", () => {
  it("twice in NDJSON, in two JSON files and across a JSON file and a CSV folder: one count, both sources named", () => {
    const dir = tmp();
    writeFileSync(join(dir, "a.json"), JSON.stringify(gbm));
    writeFileSync(join(dir, "b.json"), JSON.stringify(gbm));
    writeFileSync(join(dir, "c.ndjson"), ndjson(withId(gbm, "TWICE"), withId(gbm, "TWICE")));
    const r = ranokit(["cohort", dir, join(EXAMPLES, "csv"), join(EXAMPLES, "csv"), "--format", "json"]);
    expect(r.status).toBe(2);
    const lines = r.stderr.trim().split("\n");
    expect(lines.slice(0, 2)).toEqual([
      `${join(dir, "b.json")}: $.patient.id: duplicate patient: the same patient id as ${join(dir, "a.json")}; only the first is assessed`,
      `${join(dir, "c.ndjson")}:2: $.patient.id: duplicate patient: the same patient id as ${join(dir, "c.ndjson")}:1; only the first is assessed`,
    ]);
    // The second pass over the CSV folder: every patient a duplicate of its first row.
    expect(
      lines.filter((l) => l.includes("(column patient_id): duplicate patient: the same patient id as")),
    ).toHaveLength(2);
    const once = ranokit(["cohort", dir, join(EXAMPLES, "csv"), "--format", "json"]);
    expect(JSON.parse(r.stdout).summaries[0].n).toBe(JSON.parse(once.stdout).summaries[0].n);
    expect(JSON.parse(once.stdout).summaries[0].n).toBe(2 + 2);
  });
});

describe("items 6–8: encodings, JSON positions, CSV layouts", () => {
  it("a BOM is accepted; bytes that are not UTF-8 are rejected with the byte offset", () => {
    const dir = tmp();
    writeFileSync(join(dir, "bom.json"), `\uFEFF${JSON.stringify(gbm, null, 2)}`);
    writeFileSync(join(dir, "latin1.json"), Buffer.from('{"patient": {"id": "M\xfcller"}}', "latin1"));
    const r = ranokit(["assess", dir, "--format", "ndjson"]);
    expect(r.status).toBe(2);
    expect(r.stdout.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain(`${join(dir, "latin1.json")}: not UTF-8 text: invalid byte at byte offset 21`);
  });
  it("a JSON syntax error names line and column", () => {
    const dir = tmp();
    const text = JSON.stringify(gbm, null, 2).replace('"setting": "recurrent"', '"setting": "recurrent",,');
    writeFileSync(join(dir, "broken.json"), text);
    const line = text.split("\n").findIndex((l) => l.includes(",,")) + 1;
    const column = text.split("\n")[line - 1]!.indexOf(",,") + 2;
    const r = ranokit(["validate", join(dir, "broken.json")]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(
      `${join(dir, "broken.json")}: $: invalid JSON at line ${line}, column ${column}: Expected double-quoted property name`,
    );
  });
  it("a semicolon-separated CSV folder is read; a folder without patients.csv names the CSV layout", () => {
    const dir = tmp();
    for (const f of ["patients.csv", "lesions.csv"]) {
      writeFileSync(join(dir, f), readFileSync(join(EXAMPLES, "csv", f), "utf8").replaceAll(",", ";"));
    }
    const r = ranokit(["assess", dir, "--format", "csv"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("CSV-001,RANO 2.0");
    const lonely = tmp();
    writeFileSync(join(lonely, "lesions.csv"), "patient_id,date\n");
    const l = ranokit(["assess", lonely]);
    expect(l.status).toBe(2);
    expect(l.stderr).toContain("a folder in the long CSV layout needs patients.csv beside lesions.csv");
  });
});

describe("item 9: empty input", () => {
  it.each([
    ["assess", "-", "--format", "csv"],
    ["assess", "-", "--format", "json"],
    ["cohort", "-"],
    ["validate", "-"],
  ])("%s %s %s %s: 'no input', exit 2, nothing on stdout", (...args) => {
    const r = ranokit(args.filter(Boolean), "");
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("stdin: no input: no case records (NDJSON has one case per line)\n");
  });
});

describe("item 10: no patient identifier in any error; one error format in every command", () => {
  it("validate, assess, cohort and compare report the same lines for the same bad input", () => {
    const dir = tmp();
    const secret = "SECRET-4711";
    const broken = structuredClone(gbm);
    broken.patient.id = secret;
    broken.assessments[1].lesions[0].diametersMm = [10, 12];
    const file = join(dir, "bad.ndjson");
    writeFileSync(
      file,
      `${JSON.stringify(broken)}\n{"patient": {"id": ${secret}}}\n${JSON.stringify(withId(gbm, secret))}\n${JSON.stringify(withId(gbm, secret))}\n`,
    );
    const expected = [
      `${file}:1: $.assessments[1].lesions[0].diametersMm[1]: the perpendicular (12 mm) is longer than the longest diameter (10 mm); give [longest, perpendicular]`,
      `${file}:2: $: invalid JSON at line 1, column 20: Unexpected token 'S'`,
      `${file}:4: $.patient.id: duplicate patient: the same patient id as ${file}:3; only the first is assessed`,
    ];
    for (const args of [["validate"], ["assess"], ["cohort"], ["compare"]]) {
      const r = ranokit([...args, file]);
      expect(r.status).toBe(2);
      expect(r.stderr.split("\n").slice(0, 3)).toEqual(expected);
      expect(r.stderr).not.toContain(secret);
    }
    const csv = tmp();
    writeFileSync(
      join(csv, "patients.csv"),
      "patient_id,tumor_type,setting\nA,glioblastoma_idh_wildtype,recurrent\n",
    );
    writeFileSync(
      join(csv, "lesions.csv"),
      `patient_id,date,lesion_id,component,ld_mm,perp_mm\nA,2024-01-25,L1,enhancing,20,20\n${secret},2024-01-25,L1,enhancing,20,20\n`,
    );
    const c = ranokit(["validate", csv]);
    expect(c.stderr).toContain(
      `${join(csv, "lesions.csv")}:3 (column patient_id): this patient_id is not in patients.csv; its row not used`,
    );
    expect(c.stderr).not.toContain(secret);
  });
});

describe("item 13: streaming output", () => {
  it("the first result is written before the input ends", async () => {
    const child = spawn("node", [BIN, "assess", "-", "--format", "ndjson"], { env });
    child.stdin.write(`${JSON.stringify(gbm)}\n`);
    const first = await new Promise<string>((r) => child.stdout.once("data", (d) => r(String(d))));
    expect(JSON.parse(first.split("\n")[0]!).patientId).toBe("DEMO-001");
    child.stdin.end(`${JSON.stringify(withId(gbm, "SECOND"))}\n`);
    const code = await new Promise<number | null>((r) => child.on("close", (c) => r(c)));
    expect(code).toBe(0);
  });
  it("--format json streams byte-identical to one JSON.stringify of the array", () => {
    const r = ranokit(["assess", EXAMPLES, "--format", "json"]);
    expect(r.status).toBe(0);
    const parsed = JSON.parse(r.stdout);
    const cases = readdirSync(EXAMPLES).filter((f) => f.endsWith(".json"));
    expect(parsed).toHaveLength(cases.length);
    expect(r.stdout).toBe(`${JSON.stringify(parsed, null, 2)}\n`);
  });
});
