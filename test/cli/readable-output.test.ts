// Output a person can read (issue 12): every human-readable table fits the width it is given (the
// terminal's, or 120 columns when not a terminal), explains its abbreviations in a closing legend
// (dropped with --no-legend), and counts in words that agree with their numbers.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { layoutColumns, plural, textWidth, wrap } from "../../src/cli/format/layout.ts";

const BIN = join(import.meta.dirname, "../../bin/ranokit.js");
const EX = join(import.meta.dirname, "../../examples");
const run = (args: string[], columns?: number) => {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
  if (columns) env.COLUMNS = String(columns);
  else delete env.COLUMNS;
  return spawnSync("node", [BIN, ...args], { encoding: "utf8", env });
};
const widest = (text: string) => Math.max(...text.split("\n").map(textWidth));

describe("tables fit the width", () => {
  const commands: [string, string[]][] = [
    ["assess (all demo cases)", ["assess", EX]],
    ["compare (4 criteria sets)", ["compare", join(EX, "07-immunotherapy-new-lesion.json")]],
    [
      "cohort with per-patient rows",
      ["cohort", join(EX, "ndjson/cohort.ndjson"), "-c", "rano2,hgg", "--per-patient"],
    ],
  ];
  for (const [name, args] of commands) {
    it(`${name}: ≤ 120 columns when not a terminal, ≤ 80 with COLUMNS=80`, () => {
      const wide = run(args);
      expect(wide.status, wide.stderr).toBe(0);
      expect(widest(wide.stdout)).toBeLessThanOrEqual(120);
      expect(widest(wide.stdout)).toBeGreaterThan(80); // the width is used, not a narrow fixed layout
      const narrow = run(args, 80);
      expect(widest(narrow.stdout)).toBeLessThanOrEqual(80);
    });
  }

  it("an explanation wraps under its row with nothing lost", () => {
    const file = join(EX, "02-pseudoprogression-confirmed-as-progression.json");
    const narrow = run(["assess", file], 80).stdout;
    const flat = narrow.replace(/\n\s+/g, " ");
    expect(flat).toContain(
      "preliminary progression (enhancing sum of products 832 mm², +43.4% vs nadir 2024-03-29 (580 mm²): ≥ 25% increase); 84 days after the end of radiotherapy (within 84)",
    );
    // The row's explanation lines sit under it, indented deeper than the row.
    const lines = narrow.split("\n");
    const row = lines.findIndex((l) => /^ {2}2024-05-24\s+RT\+84\s+PD-P → PD/.test(l));
    expect(lines[row + 1]).toMatch(/^ {6}\S/);
  });
});

describe("legend", () => {
  it("lists the abbreviations the table used, and only those", () => {
    const out = run(["assess", join(EX, "02-pseudoprogression-confirmed-as-progression.json")]).stdout;
    const legend = out.slice(out.indexOf("Legend:")).replace(/\n\s+/g, " ");
    expect(legend).toContain("PD-P preliminary PD, to be confirmed");
    expect(legend).toContain("RT+n day n after RT end");
    expect(legend).not.toContain("CR complete response"); // no CR in this case
    expect(legend).not.toContain("T0+n"); // newly diagnosed: days are counted from the end of RT
  });
  it("explains IND and AMB rule IDs where they occur", () => {
    const hgg = run([
      "assess",
      join(EX, "02-pseudoprogression-confirmed-as-progression.json"),
      "-c",
      "hgg",
    ]).stdout;
    expect(hgg.replace(/\n\s+/g, " ")).toContain("IND indeterminate");
    const lm = run(["assess", join(EX, "09-leptomeningeal-breast-cancer.json")]).stdout;
    expect(lm.replace(/\n\s+/g, " ")).toContain("AMB-n ambiguity resolved by RANOkit");
  });
  it("--no-legend drops it for assess, compare and cohort", () => {
    for (const args of [
      ["assess", join(EX, "01-recurrent-gbm-response-then-progression.json")],
      ["compare", join(EX, "01-recurrent-gbm-response-then-progression.json")],
      ["cohort", join(EX, "ndjson/cohort.ndjson")],
    ]) {
      expect(run(args).stdout).toContain("Legend:");
      const r = run([...args, "--no-legend"]);
      expect(r.status).toBe(0);
      expect(r.stdout).not.toContain("Legend:");
    }
  });
});

describe("compare", () => {
  const file = join(EX, "01-recurrent-gbm-response-then-progression.json");
  it("takes -c, -f and -o like assess", () => {
    const r = run(["compare", file, "-c", "rano2,mrano", "-f", "json", "-o", "confirmPolicy=persistence"]);
    expect(r.status, r.stderr).toBe(0);
    const cmp = JSON.parse(r.stdout);
    expect(cmp.criteria).toEqual(["rano2", "mrano"]);
    const bad = run(["compare", file, "-o", "noSuchOption=1"]);
    expect(bad.status).toBe(2);
  });
  it("names a missing progression in words, never as 'none []', and says 1 criteria set", () => {
    const out = run(["compare", file]).stdout;
    expect(out).not.toContain("[]");
    expect(out).toMatch(/mRANO\s+none — censored at the last adequate assessment 2024-04-25/);
    const dir = mkdtempSync(join(tmpdir(), "ranokit-cmp-"));
    const one = join(dir, "lm.json");
    writeFileSync(one, readFileSync(join(EX, "09-leptomeningeal-breast-cancer.json")));
    expect(run(["compare", one]).stdout).toContain("— 1 criteria set\n");
  });
  it("cells never run into each other", () => {
    const out = run(["compare", join(EX, "02-pseudoprogression-confirmed-as-progression.json")]).stdout;
    expect(out).toMatch(/2024-01-10\s+pre-BL\s+BL\s+pre-BL\s+◆/);
  });
});

describe("cohort", () => {
  it("prints the PFS curve as one row per event time and counts in agreeing words", () => {
    const out = run(["cohort", join(EX, "ndjson/cohort.ndjson")]).stdout;
    expect(out).toContain("24 patients, 8 events, 16 censored");
    const rows = out
      .split("\n")
      .filter((l) => /^ {4}\s*\d+\s+\d+\.\d%\s+\d+\.\d%–\d+\.\d%\s+\d+\s+\d+$/.test(l));
    expect(rows.map((l) => Number(l.trim().split(/\s+/)[0]))).toEqual([277, 329, 333, 389]);
    const single = run(["cohort", join(EX, "01-recurrent-gbm-response-then-progression.json")]).stdout;
    expect(single).toContain("Cohort · RANO 2.0 · 1 patient\n");
    expect(single).toContain("1 patient, 1 event, 0 censored");
  });
});

describe("layout", () => {
  it("plural", () => {
    expect(plural(1, "patient")).toBe("1 patient");
    expect(plural(0, "event")).toBe("0 events");
    expect(plural(2, "criteria set")).toBe("2 criteria sets");
  });
  it("wrap keeps every word in order and stays within the width when words fit", () => {
    const word = fc.stringMatching(/^[a-z≥²→%().,-]{1,12}$/);
    fc.assert(
      fc.property(fc.array(word, { maxLength: 40 }), fc.integer({ min: 20, max: 130 }), (words, width) => {
        const lines = wrap(words.join(" "), width, "  ", "    ");
        expect(lines.join(" ").split(/\s+/).filter(Boolean)).toEqual(words);
        for (const l of lines) expect(textWidth(l)).toBeLessThanOrEqual(width);
      }),
    );
  });
  it("layoutColumns aligns columns and moves the last column under the row when it would be too narrow", () => {
    const rows = [
      ["2024-01-01", "PD", "RANO2-THR-1, RANO2-TP-3"],
      ["2024-02-01", "PD-P → PD", "RANO2-CONF-1"],
    ];
    const cols = [{ header: "date" }, { header: "category" }, { header: "rules" }];
    const wide = layoutColumns(cols, rows, 80, { indent: "  " });
    expect(wide.header).toBe("  date        category   rules");
    expect(wide.rows[1]!.line).toEqual(["  2024-02-01  PD-P → PD  RANO2-CONF-1"]);
    const narrow = layoutColumns(cols, rows, 40, { indent: "  " });
    expect(narrow.rows[0]).toEqual({ line: ["  2024-01-01  PD"], overflow: "RANO2-THR-1, RANO2-TP-3" });
  });
});
