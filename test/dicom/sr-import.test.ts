// SR import (issue 16 §2): RANOkit's own reports round-trip to the identical case; OHIF (Cornerstone3D
// adapter) and 3D Slicer (dcmqi TID 1411) reports map to diametersMm / volumes; bad input is refused
// with one line naming the file.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DicomInputError } from "../../src/dicom/errors.ts";
import { datasetToPart10, readPart10 } from "../../src/dicom/part10.ts";
import { parseReport } from "../../src/dicom/sr/read-report.ts";
import { reportsToCase } from "../../src/dicom/sr/to-case.ts";
import { studyUidOf, writeReports } from "../../src/dicom/sr/write-report.ts";
import { type Case, CaseDocument, type CaseInput } from "../../src/engine/index.ts";
import { ohifReport, slicerReport } from "../support/sr-fixtures.ts";

const EXAMPLES = join(import.meta.dirname, "../../examples");
const BIN = join(import.meta.dirname, "../../bin/ranokit.js");
const NOW = new Date("2026-01-02T03:04:05Z");
const examples = readdirSync(EXAMPLES)
  .filter((f) => f.endsWith(".json"))
  .map((f) => ({ file: f, case: CaseDocument.parse(JSON.parse(readFileSync(join(EXAMPLES, f), "utf8"))) }));

/** Case → SR files (bytes) → parsed → case, with the non-imaging parts from the original as --base. */
function roundTrip(c: Case): Case {
  const reports = writeReports(c, { now: NOW }).map((r, i) =>
    parseReport(readPart10(datasetToPart10(r.dataset), `r${i}.dcm`), `r${i}.dcm`),
  );
  const { document, problems } = reportsToCase(reports, { base: { ...c, assessments: [] } as CaseInput });
  expect(problems).toEqual([]);
  return CaseDocument.parse(document);
}

/** What an SR carries: performed scans, each with its (possibly derived) Study Instance UID; lesions
 * with every field, advanced imaging included. */
const expectedAfterRoundTrip = (c: Case): Case => ({
  ...c,
  assessments: c.assessments
    .filter((a) => a.performed)
    .map((a) => ({ ...a, studyInstanceUid: studyUidOf(c, a) })),
});

describe("round trip: case → SR → case", () => {
  it.each(examples.map((e) => [e.file, e.case] as const))("%s comes back identical", (_file, c) => {
    expect(roundTrip(c)).toEqual(expectedAfterRoundTrip(c));
  });

  it("keeps every lesion field for arbitrary lesions (property)", () => {
    const base = examples[0]!.case;
    const mm = fc.double({ min: 0, max: 200, noNaN: true, noDefaultInfinity: true });
    const lesion = fc.record(
      {
        id: fc.stringMatching(/^[A-Z][A-Za-z0-9-]{0,7}$/),
        component: fc.constantFrom("enhancing", "non_enhancing"),
        role: fc.constantFrom("target", "non_target", "new"),
        status: fc.constantFrom(
          "present",
          "absent",
          "improved",
          "unequivocal_progression",
          "too_small",
          "not_evaluable",
        ),
        diametersMm: fc.tuple(mm, mm),
        volumeMm3: fc.double({ min: 0, max: 1e6, noNaN: true, noDefaultInfinity: true }),
        extentsMm: fc.tuple(mm, mm, mm),
        slices: fc.integer({ min: 1, max: 200 }),
        sliceThicknessMm: mm,
        wellDefined: fc.boolean(),
        cystOrCavity: fc.boolean(),
        noduleDiametersMm: fc.tuple(mm, mm),
        equivocal: fc.boolean(),
        location: fc.string({ maxLength: 30 }).filter((s) => s.trim() === s && s !== ""),
        advancedImaging: fc.record(
          {
            dsc: fc.record({ rcbvMaxRatio: fc.double({ min: 0.01, max: 30, noNaN: true }) }),
            note: fc.string({ maxLength: 30 }),
          },
          { requiredKeys: [] },
        ),
      },
      { requiredKeys: ["id", "component"] },
    );
    fc.assert(
      fc.property(fc.uniqueArray(lesion, { selector: (l) => l.id, maxLength: 4 }), (lesions) => {
        const c = CaseDocument.parse({
          ...base,
          assessments: [{ date: "2024-03-01", sliceThicknessMm: 1.5, note: "ok", lesions }],
        });
        expect(roundTrip(c)).toEqual(expectedAfterRoundTrip(c));
      }),
      { numRuns: 40 },
    );
  });
});

describe("reports written by other tools", () => {
  const study = "1.2.826.0.1.3680043.10.99.1";
  const ohif = (annotations: Parameters<typeof ohifReport>[0]["annotations"]) =>
    ohifReport({
      studyUid: study,
      seriesUid: `${study}.1`,
      imageUid: `${study}.1.1`,
      patientId: "P-7",
      studyDate: "20240301",
      annotations,
    });
  it("OHIF Bidirectional → diametersMm, the label → lesion id; a Length is refused with the reason", () => {
    const bytes = ohif([
      {
        tool: "Bidirectional",
        label: "L1",
        points: [
          [0, 0, 0],
          [31.5, 0, 0],
          [15, -6, 0],
          [15, 6.2, 0],
        ],
        lengthMm: 31.5,
        widthMm: 12.2,
      },
      {
        tool: "Length",
        label: "L2",
        points: [
          [0, 0, 0],
          [12, 0, 0],
        ],
        lengthMm: 12,
      },
    ]);
    const report = parseReport(readPart10(bytes, "ohif.dcm"), "ohif.dcm");
    expect(report.ranokit).toBe(false);
    const r = reportsToCase([report], {
      patient: { tumorType: "glioblastoma_idh_wildtype", setting: "recurrent" },
    });
    expect(r.document.assessments).toEqual([
      {
        date: "2024-03-01",
        studyInstanceUid: study,
        lesions: [{ id: "L1", component: "enhancing", diametersMm: [31.5, 12.2] }],
      },
    ]);
    expect(r.problems).toEqual([
      expect.stringMatching(/^ohif\.dcm: measurement group 2: cannot use Length .*long and short axis/),
    ]);
    expect(r.warnings[0]).toMatch(/read as mm/);
  });

  it("OHIF without a label: the Tracking Unique Identifier is the lesion id", () => {
    const bytes = ohif([
      {
        tool: "Bidirectional",
        points: [
          [0, 0, 0],
          [20, 0, 0],
          [10, -5, 0],
          [10, 5, 0],
        ],
        lengthMm: 20,
        widthMm: 10,
      },
    ]);
    const report = parseReport(readPart10(bytes, "o.dcm"), "o.dcm");
    const r = reportsToCase([report], {
      patient: { tumorType: "glioblastoma_idh_wildtype", setting: "recurrent" },
    });
    expect(r.document.assessments[0]!.lesions![0]!.id).toBe(report.groups[0]!.trackingUid);
    expect(report.groups[0]!.trackingUid).toMatch(/^2\.25\.\d+$/);
  });

  it("3D Slicer (dcmqi) volumes in ml → volumeCm3, legacy SRT Volume included; the segment label names the lesion", () => {
    const bytes = slicerReport({
      studyUid: study,
      patientId: "P-7",
      studyDate: "20240301",
      segUid: `${study}.9`,
      sourceSeriesUid: `${study}.1`,
      observer: "Reader^One",
      segments: [
        { segmentNumber: 1, label: "Enhancing tumor", volumeMl: 2.5 },
        { segmentNumber: 2, label: "Edema", volumeMl: 14.25, legacy: true },
      ],
    });
    const r = reportsToCase([parseReport(readPart10(bytes, "s.dcm"), "s.dcm")], {
      patient: { tumorType: "glioblastoma_idh_wildtype", setting: "recurrent" },
      component: "enhancing",
    });
    expect(r.document.protocol).toEqual({ reader: "Reader^One" });
    expect(r.document.assessments[0]!.lesions).toEqual([
      { id: "Enhancing tumor", component: "enhancing", volumeCm3: 2.5 },
      { id: "Edema", component: "enhancing", volumeCm3: 14.25 },
    ]);
    expect(r.problems).toEqual([]);
  });
});

describe("bad input: one line naming the file, the others still imported", () => {
  const dir = mkdtempSync(join(tmpdir(), "ranokit-import-"));
  const c = examples[0]!.case;
  const reports = writeReports(c, { now: NOW });
  const good = reports.map((r, i) => {
    const path = join(dir, `good-${i}.dcm`);
    writeFileSync(path, datasetToPart10(r.dataset));
    return path;
  });
  const whole = readFileSync(good[0]!);
  const truncated = join(dir, "truncated.dcm");
  writeFileSync(truncated, whole.subarray(0, whole.length - 1));
  const cutAtElement = join(dir, "cut.dcm");
  writeFileSync(cutAtElement, whole.subarray(0, 600));
  const notDicom = join(dir, "notes.dcm");
  writeFileSync(notDicom, "hello");
  const mr = join(dir, "mr.dcm");
  writeFileSync(mr, datasetToPart10({ ...reports[0]!.dataset, SOPClassUID: "1.2.840.10008.5.1.4.1.1.4" }));
  const otherTemplate = join(dir, "other.dcm");
  writeFileSync(
    otherTemplate,
    datasetToPart10({
      ...reports[0]!.dataset,
      ContentTemplateSequence: [{ MappingResource: "DCMR", TemplateIdentifier: "2000" }],
      ConceptNameCodeSequence: [
        { CodeValue: "18748-4", CodingSchemeDesignator: "LN", CodeMeaning: "Diagnostic imaging report" },
      ],
    }),
  );

  it("parseReport / readPart10 refuse each kind with the reason", () => {
    const reason = (path: string) => {
      try {
        parseReport(readPart10(readFileSync(path), path), path);
        return "accepted";
      } catch (e) {
        expect(e).toBeInstanceOf(DicomInputError);
        return (e as Error).message;
      }
    };
    expect(reason(notDicom)).toBe(`${notDicom}: not a DICOM Part 10 file (no DICM prefix at byte 128)`);
    expect(reason(truncated)).toBe(`${truncated}: truncated: the file ends early (inside an element header)`);
    expect(reason(cutAtElement)).toBe(
      `${cutAtElement}: incomplete SR: no document content (a truncated file?)`,
    );
    expect(reason(mr)).toBe(`${mr}: wrong SOP class MR Image Storage: not a structured report`);
    expect(reason(otherTemplate)).toMatch(
      /an SR without TID 1500 \(template 2000, title "Diagnostic imaging report"\)/,
    );
  });

  it("ranokit import-sr: exit 2, one line per bad file, the good reports still make the case", () => {
    const out = join(dir, "case.json");
    const r = spawnSync(
      "node",
      [
        BIN,
        "import-sr",
        notDicom,
        ...good,
        truncated,
        mr,
        otherTemplate,
        "--tumor-type",
        "glioblastoma_idh_wildtype",
        "-o",
        out,
      ],
      { encoding: "utf8" },
    );
    expect(r.status).toBe(2);
    const errors = r.stderr.split("\n").filter((l) => l.startsWith("ranokit: "));
    expect(errors).toHaveLength(4);
    for (const f of [notDicom, truncated, mr, otherTemplate]) expect(r.stderr).toContain(`ranokit: ${f}: `);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
    const imported = CaseDocument.parse(JSON.parse(readFileSync(out, "utf8")));
    expect(imported.assessments.map((a) => a.date)).toEqual(c.assessments.map((a) => a.date));
    expect(r.stderr).not.toContain(c.patient.id);
  });

  it("a report without a study date and one of another patient are skipped with the reason", () => {
    const other = writeReports({ ...c, patient: { ...c.patient, id: "OTHER-9" } }, { now: NOW })[1]!;
    const noDate = { ...reports[1]!.dataset, StudyDate: "" };
    const parsed = [reports[0]!.dataset, noDate, other.dataset].map((d, i) =>
      parseReport(readPart10(datasetToPart10(d), `f${i}.dcm`), `f${i}.dcm`),
    );
    const r = reportsToCase(parsed, { base: { ...c, assessments: [] } as CaseInput });
    expect(r.problems).toEqual([
      "f1.dcm: no Study Date (0008,0020): the time point is unknown; skipped",
      "f2.dcm: belongs to a different patient than f0.dcm; skipped",
    ]);
    expect(r.document.assessments).toHaveLength(1);
    expect(r.problems.join("\n")).not.toContain("OTHER-9");
  });

  it("reports of two readers need --reader", () => {
    const r1 = writeReports(c, { now: NOW, reader: "R1" })[0]!;
    const r2 = writeReports(c, { now: NOW, reader: "R2" })[0]!;
    const parsed = [r1, r2].map((r, i) =>
      parseReport(readPart10(datasetToPart10(r.dataset), `${i}`), `${i}`),
    );
    expect(() => reportsToCase(parsed, { base: c as CaseInput })).toThrow(
      /reports by 2 readers \(R1, R2\).*--reader/,
    );
    const only = reportsToCase(parsed, { base: { ...c, assessments: [] } as CaseInput, reader: "R2" });
    expect(only.used).toBe(1);
  });
});
