// The input boundary (issue 11): UTF-8 and byte-order marks, JSON syntax positions, the streaming case
// reader (duplicates, empty input, non-nesting sources) and CSV rows recovered around bad ones.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeJson } from "../../src/engine/index.ts";
import { firstJsonErrorOffset } from "../../src/engine/model/json-syntax.ts";
import { formatCsvIssue, importCsvFolder } from "../../src/io/csv-import.ts";
import { readCsvRecords } from "../../src/io/csv-records.ts";
import { formatInputErrors, readCases, readNdjson } from "../../src/io/read-cases.ts";
import { invalidUtf8Offset } from "../../src/io/utf8.ts";
import { caseJsonWithId } from "../support/case-builder.ts";

const caseJson = caseJsonWithId;
const dir = (files: Record<string, string | Buffer>) => {
  const d = mkdtempSync(join(tmpdir(), "ranokit-boundary-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
  return d;
};
const errorsOf = async (inputs: string[], stdin?: string) =>
  (await readCases(inputs, stdin === undefined ? undefined : Readable.from([Buffer.from(stdin)]))).flatMap(
    formatInputErrors,
  );

describe("UTF-8 decoding", () => {
  it("finds the first invalid sequence; the bytes before it are valid (property)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        const off = invalidUtf8Offset(bytes);
        const valid = (b: Uint8Array) => {
          try {
            new TextDecoder("utf-8", { fatal: true }).decode(b);
            return true;
          } catch {
            return false;
          }
        };
        expect(off === -1).toBe(valid(bytes));
        if (off >= 0) {
          expect(valid(bytes.subarray(0, off))).toBe(true);
          // No valid sequence starts at the offset that would reach the end of a shorter valid prefix.
          expect(valid(bytes.subarray(0, off + 1)) && off + 1 === bytes.length).toBe(false);
        }
      }),
      { numRuns: 2000 },
    );
  });
  it("names overlong forms and surrogates as invalid", () => {
    expect(invalidUtf8Offset(Buffer.from([0x41, 0xc0, 0x80]))).toBe(1);
    expect(invalidUtf8Offset(Buffer.from([0x41, 0x42, 0xed, 0xa0, 0x80]))).toBe(2);
    expect(invalidUtf8Offset(Buffer.from("héllo"))).toBe(-1);
  });
});

describe("JSON syntax errors (item 7)", () => {
  it("give line and column, never the text (which could hold an identifier)", () => {
    const text = '{\n  "patient": {\n    "id": SECRET-7\n  }\n}';
    const r = decodeJson(text);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.message).toBe("invalid JSON at line 3, column 11: Unexpected token 'S'");
      expect(r.error.message).not.toContain("SECRET-7");
    }
    const missingComma = decodeJson('{"a": 1\n "b": 2}');
    expect(!missingComma.ok && missingComma.error.message).toBe(
      "invalid JSON at line 2, column 2: Expected ',' or '}' after property value",
    );
    const truncated = decodeJson('{"a": [1,\n2');
    expect(!decodeJson('{"a": tr').ok && decodeJson('{"a": tr')).toMatchObject({
      error: { message: "invalid JSON at line 1, column 9: Unexpected end of JSON input" },
    });
    expect(!truncated.ok && truncated.error.message).toBe(
      "invalid JSON at line 2, column 2: Expected ',' or ']' after array element",
    );
  });
  it("the scanner agrees with JSON.parse on what is valid, and points inside the text (property)", () => {
    const piece = fc.constantFrom(
      "{",
      "}",
      "[",
      "]",
      ",",
      ":",
      '"a"',
      '"',
      "1",
      "-",
      "0.5",
      "e",
      "true",
      "nul",
      " ",
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (parts) => {
        const text = parts.join("");
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        const off = firstJsonErrorOffset(text);
        expect(off === -1).toBe(valid);
        expect(off).toBeLessThanOrEqual(text.length);
      }),
      { numRuns: 3000 },
    );
  });
});

describe("the case reader", () => {
  it("accepts a byte-order mark in JSON and NDJSON (item 6)", async () => {
    const d = dir({
      "a.json": `\uFEFF${caseJson("A")}`,
      "b.ndjson": `\uFEFF${caseJson("B")}\n${caseJson("C")}\n`,
    });
    const records = await readCases([d]);
    expect(records.map((r) => r.result.ok)).toEqual([true, true, true]);
  });
  it("rejects invalid UTF-8 with the file and byte offset, keeping the other lines (item 6)", async () => {
    const good = caseJson("A");
    const bad = Buffer.concat([
      Buffer.from('{"patient": {"id": "B'),
      Buffer.from([0xe9]),
      Buffer.from('"}}'),
    ]);
    const d = dir({
      "c.ndjson": Buffer.concat([Buffer.from(`${good}\n`), bad, Buffer.from(`\n${caseJson("C")}\n`)]),
      "d.json": Buffer.concat([Buffer.from("{ "), Buffer.from([0xff])]),
    });
    const records = await readCases([d]);
    expect(records.map((r) => r.result.ok)).toEqual([true, false, true, false]);
    expect(records.flatMap(formatInputErrors)).toEqual([
      `${join(d, "c.ndjson")}:2: not UTF-8 text: invalid byte at byte offset ${good.length + 1 + 21} of ${join(d, "c.ndjson")}`,
      `${join(d, "d.json")}: not UTF-8 text: invalid byte at byte offset 2`,
    ]);
  });
  it("reports a patient seen twice at the second source, naming the first, in any mix of inputs (item 5)", async () => {
    const d = dir({ "a.json": caseJson("P1"), "b.json": caseJson("P1") });
    const csv = dir({
      "patients.csv": "patient_id,tumor_type,setting\nP2,glioblastoma_idh_wildtype,recurrent\n",
      "lesions.csv": "patient_id,date,lesion_id,component,ld_mm,perp_mm\nP2,2024-01-25,L1,enhancing,20,20\n",
    });
    const records = await readCases([d, csv, "-"], Readable.from([`${caseJson("P2")}\n${caseJson("P1")}\n`]));
    expect(records.map((r) => r.result.ok)).toEqual([true, false, true, false, false]);
    const errors = records.flatMap(formatInputErrors);
    expect(errors).toEqual([
      `${join(d, "b.json")}: $.patient.id: duplicate patient: the same patient id as ${join(d, "a.json")}; only the first is assessed`,
      `stdin:1: $.patient.id: duplicate patient: the same patient id as ${join(csv, "patients.csv")}:2; only the first is assessed`,
      `stdin:2: $.patient.id: duplicate patient: the same patient id as ${join(d, "a.json")}; only the first is assessed`,
    ]);
    expect(errors.join("\n")).not.toMatch(/P1|P2/);
  });
  it("says 'no input' for empty stdin and an empty file (item 9)", async () => {
    const empty = await readNdjson("\n  \n", "stdin");
    expect(empty).toHaveLength(1);
    expect(empty[0]!.noInput).toBe(true);
    expect(formatInputErrors(empty[0]!)).toEqual([
      "stdin: no input: no case records (NDJSON has one case per line)",
    ]);
    const d = dir({ "e.json": "" });
    expect(await errorsOf([join(d, "e.json")])).toEqual([
      `${join(d, "e.json")}: no input: the file is empty`,
    ]);
  });
  it("a folder without JSON names the long CSV layout and its missing patients.csv (item 8)", async () => {
    const d = dir({ "lesions.csv": "patient_id,date\n" });
    expect(await errorsOf([d])).toEqual([
      `${d}: no *.json or *.ndjson files, and no patients.csv: a folder in the long CSV layout needs patients.csv beside lesions.csv (docs/csv-format.md)`,
    ]);
  });
  it("CSV problems carry their own file:line (column), never nested under the patient's row (item 8)", async () => {
    const d = dir({
      "patients.csv": "patient_id,tumor_type,setting\nP1,glioblastoma_idh_wildtype,recurrent\n",
      "lesions.csv": "patient_id,date,lesion_id,component,ld_mm,perp_mm\nP1,2024-01-25,L1,enhancing,20,x\n",
    });
    expect(await errorsOf([d])).toEqual([
      `${join(d, "lesions.csv")}:2 (column perp_mm): "x" is not a number`,
    ]);
  });
});

describe("long CSV rows (item 3, item 8)", () => {
  const patients =
    "patient_id,tumor_type,setting\nP1,glioblastoma_idh_wildtype,recurrent\nP2,glioblastoma_idh_wildtype,recurrent\nP3,glioblastoma_idh_wildtype,recurrent\n";
  const lesionRows = [
    "patient_id,date,lesion_id,component,ld_mm,perp_mm",
    "P1,2024-01-25,L1,enhancing,20,20",
    "P1,2024-03-28,L1,enhancing,18",
    "P2,2024-01-25,L1,enhancing,30,20",
    "P2,2024-03-28,L1,enhancing,31,20",
    "P3,2024-01-25,L1,enhancing,25,20,9",
    "P3,2024-03-28,L1,enhancing,25,20",
  ];
  it("a short and a long row are reported by line and column; the other patients load", () => {
    const { cases, issues } = importCsvFolder(
      dir({ "patients.csv": patients, "lesions.csv": lesionRows.join("\n") }),
    );
    expect(issues.map(formatCsvIssue)).toEqual([
      "lesions.csv:3 (column perp_mm): the row has 5 of the header's 6 fields; the row is skipped",
      "lesions.csv:6 (column 7): the row has 7 fields, the header 6; the row is skipped",
    ]);
    expect(cases.map((c) => c.result.ok)).toEqual([false, true, false]);
    expect(cases.map((c) => (c.result.ok ? "ok" : formatCsvIssue(c.result.issues[0]!)))).toEqual([
      "patients.csv:2: incomplete patient, not assessed: lesions.csv:3 could not be read (see its error)",
      "ok",
      "patients.csv:4: incomplete patient, not assessed: lesions.csv:6 could not be read (see its error)",
    ]);
  });
  it("an unclosed quote costs one row, not the rest of the file", () => {
    const rows = [...lesionRows.slice(0, 2), 'P1,2024-03-28,"L1,enhancing,18,16', ...lesionRows.slice(3, 5)];
    const { cases, issues } = importCsvFolder(
      dir({ "patients.csv": patients, "lesions.csv": rows.join("\n") }),
    );
    expect(issues.map(formatCsvIssue)).toEqual([
      "lesions.csv:3: a quoted field is never closed; the row is skipped and reading resumes on the next line",
    ]);
    expect(cases.map((c) => c.result.ok)).toEqual([false, true, false]);
    const p2 = cases[1]!.result;
    expect(p2.ok && p2.value.assessments.map((a) => a.lesions[0]!.diametersMm)).toEqual([
      [30, 20],
      [31, 20],
    ]);
  });
  it("reads a semicolon-separated export and hints at decimal commas", () => {
    const semi = (t: string) => t.replaceAll(",", ";");
    const lesions = `${semi(lesionRows[0]!)}\nP1;2024-01-25;L1;enhancing;20,5;20\nP2;2024-01-25;L1;enhancing;30;20\n`;
    const { cases, issues } = importCsvFolder(
      dir({ "patients.csv": semi(patients), "lesions.csv": lesions }),
    );
    expect(issues).toEqual([]);
    expect(cases.map((c) => (c.result.ok ? "ok" : formatCsvIssue(c.result.issues[0]!)))).toEqual([
      'lesions.csv:2 (column ld_mm): "20,5" is not a number (a decimal comma? write the decimal point: 12.5)',
      "ok",
      // P3 has no rows in lesions.csv: a case needs an assessment.
      expect.stringMatching(/^patients\.csv:4: \$\.assessments: /),
    ]);
  });
  it("a row that is not UTF-8 is skipped with its byte offset; its patient is incomplete", () => {
    const bytes = Buffer.concat([
      Buffer.from(`${lesionRows[0]}\n${lesionRows[1]}\nP1,2024-03-28,L`),
      Buffer.from([0xff]),
      Buffer.from(`,enhancing,18,16\n${lesionRows[3]}\n`),
    ]);
    const { records } = { records: readCsvRecords(bytes) };
    const offset = `${lesionRows[0]}\n${lesionRows[1]}\nP1,2024-03-28,L`.length;
    expect(records.problems).toEqual([
      {
        line: 3,
        message: `not UTF-8 text: invalid byte at byte offset ${offset}; the row is skipped (save the file as UTF-8)`,
        patientId: "P1",
      },
    ]);
    expect(records.rows.map((r) => r.line)).toEqual([2, 4]);
  });
  it("a duplicate row in patients.csv is an error naming the first row; never the identifier", () => {
    const dup = `${patients}P2,glioblastoma_idh_wildtype,recurrent\n`;
    const { cases, issues } = importCsvFolder(
      dir({ "patients.csv": dup, "lesions.csv": lesionRows.filter((_, i) => i !== 2 && i !== 5).join("\n") }),
    );
    expect(issues.map(formatCsvIssue)).toEqual([
      "patients.csv:5 (column patient_id): duplicate patient: the same patient_id as patients.csv:3; only that first row is used",
    ]);
    expect(cases.map((c) => c.source)).toEqual(["patients.csv:2", "patients.csv:3", "patients.csv:4"]);
  });
});
