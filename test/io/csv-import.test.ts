// The long CSV layout: assembled cases, and every error traced to its file, line and column.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { assess } from "../../src/engine/index.ts";
import { formatCsvIssue, importCsvFolder } from "../../src/io/csv-import.ts";

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "ranokit-csv-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const patients =
  "patient_id,tumor_type,setting,t0\nP1,glioblastoma_idh_wildtype,recurrent,2024-02-01\nP2,glioblastoma_idh_wildtype,recurrent,2024-02-01\n";
const lesions = [
  "patient_id,date,lesion_id,component,role,ld_mm,perp_mm",
  "P1,2024-01-25,L1,enhancing,target,20,20",
  "P1,2024-03-28,L1,enhancing,,20,10",
  "P2,2024-01-25,L1,enhancing,target,30,20",
  "P2,2024-03-28,L1,enhancing,,31,20",
].join("\n");

describe("CSV import", () => {
  it("assembles one case per patient and assesses it", () => {
    const { cases, issues } = importCsvFolder(folder({ "patients.csv": patients, "lesions.csv": lesions }));
    expect(issues).toEqual([]);
    expect(cases.map((c) => c.patientId)).toEqual(["P1", "P2"]);
    const p1 = cases[0]!.result;
    expect(p1.ok).toBe(true);
    if (p1.ok) {
      expect(p1.value.assessments[1]!.lesions[0]!.diametersMm).toEqual([20, 10]);
      expect(assess(p1.value, "rano2").timepoints[1]!.label).toBe("PR");
    }
  });
  it("reports a bad cell by line and column and keeps the other patients", () => {
    const bad = lesions.replace("P1,2024-03-28,L1,enhancing,,20,10", "P1,2024-03-28,L1,enhancing,,20,ten");
    const { cases } = importCsvFolder(folder({ "patients.csv": patients, "lesions.csv": bad }));
    const p1 = cases.find((c) => c.patientId === "P1")!.result;
    // The bad row is dropped; P1's 03-28 scan is then missing and P1 still loads with one scan.
    expect(p1.ok).toBe(false);
    if (!p1.ok)
      expect(p1.issues.map(formatCsvIssue)).toEqual([
        'lesions.csv:3 (column perp_mm): "ten" is not a number',
      ]);
    expect(cases.find((c) => c.patientId === "P2")!.result.ok).toBe(true);
  });
  it("a row the parser cannot read (stray quote) costs only its own patient (fuzz, issue 11)", () => {
    const treatments = 'patient_id,type,start,end,agent\nP1,x"y,radiotherapy,2024-01-02,2024-01-20\n';
    const { cases, issues } = importCsvFolder(
      folder({ "patients.csv": patients, "lesions.csv": lesions, "treatments.csv": treatments }),
    );
    expect(issues.map(formatCsvIssue)).toEqual([
      "treatments.csv:2: unreadable row: Invalid Opening Quote: a quote is found on field 1; the row is skipped",
    ]);
    expect(cases.find((c) => c.patientId === "P1")!.result.ok).toBe(false);
    expect(cases.find((c) => c.patientId === "P2")!.result.ok).toBe(true);
  });
  it("maps schema errors on the assembled case back to the CSV cell", () => {
    const neg = lesions.replace("P2,2024-03-28,L1,enhancing,,31,20", "P2,2024-03-28,L1,enhancing,,31,-2");
    const wrongType = patients.replace("P1,glioblastoma_idh_wildtype", "P1,glioma");
    const { cases } = importCsvFolder(folder({ "patients.csv": wrongType, "lesions.csv": neg }));
    const p1 = cases.find((c) => c.patientId === "P1")!.result;
    const p2 = cases.find((c) => c.patientId === "P2")!.result;
    expect(!p1.ok && formatCsvIssue(p1.issues[0]!)).toMatch(
      /^patients\.csv:2 \(column tumor_type\): \$\.patient\.tumorType: Invalid option/,
    );
    expect(!p2.ok && formatCsvIssue(p2.issues[0]!)).toMatch(
      /^lesions\.csv:5 \(column perp_mm\): \$\.assessments\[1\]\.lesions\[0\]\.diametersMm\[1\]: /,
    );
  });
  it("flags rows for unknown patients (never naming them) and missing required columns", () => {
    const { cases, issues } = importCsvFolder(
      folder({
        "patients.csv": patients,
        "lesions.csv": `${lesions}\nP9,2024-01-25,L1,enhancing,target,20,20`,
        "steroids.csv": "patient_id,date\nP1,2024-01-01\n",
      }),
    );
    expect(issues.map(formatCsvIssue)).toEqual(
      expect.arrayContaining([
        "lesions.csv:6 (column patient_id): this patient_id is not in patients.csv; its row not used",
        "steroids.csv:1: missing required column(s): dose_mg_per_day; the header has patient_id, date",
      ]),
    );
    expect(issues.map(formatCsvIssue).join("\n")).not.toContain("P9");
    // steroids.csv could not be read at all: no patient is assessed without its steroid records.
    expect(cases.map((c) => !c.result.ok && formatCsvIssue(c.result.issues[0]!))).toEqual([
      "patients.csv:2: incomplete patient, not assessed: steroids.csv could not be read (see its error)",
      "patients.csv:3: incomplete patient, not assessed: steroids.csv could not be read (see its error)",
    ]);
  });
});
