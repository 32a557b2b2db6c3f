// SR export (issue 16 §1): one TID 1500 report per time point and reader, validated by dciodvfy and
// dsrdump (zero errors), with tracking UIDs that persist over time points and the engine's responses.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { datasetToPart10 } from "../../src/dicom/part10.ts";
import { trackingUidOf, writeReports } from "../../src/dicom/sr/write-report.ts";
import { isValidUid } from "../../src/dicom/uids.ts";
import { assess, type Case, CaseDocument } from "../../src/engine/index.ts";
import { dciodvfyErrors, dsrdump, skipMessage } from "../support/dicom-tools.ts";

const EXAMPLES = join(import.meta.dirname, "../../examples");
const examples = readdirSync(EXAMPLES)
  .filter((f) => f.endsWith(".json"))
  .map((f) => ({ file: f, case: CaseDocument.parse(JSON.parse(readFileSync(join(EXAMPLES, f), "utf8"))) }));
const NOW = new Date("2026-01-02T03:04:05Z");

type Item = any;
const named = (items: Item[] | undefined, code: string): Item[] =>
  (items ?? []).filter((i) => i.ConceptNameCodeSequence[0].CodeValue === code);
const one = (items: Item[] | undefined, code: string): Item => {
  const found = named(items, code);
  expect(found, `content item ${code}`).toHaveLength(1);
  return found[0];
};

describe("TID 1500 content", () => {
  const gbm = examples.find((e) => e.file.startsWith("01-"))!.case;
  const reports = writeReports({ ...gbm, protocol: { ...gbm.protocol, reader: "R1" } }, { now: NOW });

  it("writes one report per performed time point, each under its own study, with the reader", () => {
    expect(reports.map((r) => r.date)).toEqual(gbm.assessments.filter((a) => a.performed).map((a) => a.date));
    const studies = new Set(reports.map((r) => r.dataset.StudyInstanceUID));
    expect(studies.size).toBe(reports.length);
    for (const r of reports) {
      expect(isValidUid(r.dataset.StudyInstanceUID)).toBe(true);
      expect(r.dataset.PatientID).toBe(gbm.patient.id);
      expect(r.dataset.StudyDate).toBe(r.date.replaceAll("-", ""));
      expect(one(r.dataset.ContentSequence, "121008").PersonName).toBe("R1^");
    }
  });

  it("uses the case's Study Instance UID when it has one", () => {
    const c: Case = {
      ...gbm,
      assessments: gbm.assessments.map((a, i) => ({
        ...a,
        studyInstanceUid: `1.2.826.0.1.3680043.10.1.${i + 1}`,
      })),
    };
    expect(writeReports(c, { now: NOW }).map((r) => r.dataset.StudyInstanceUID)).toEqual(
      c.assessments.map((_, i) => `1.2.826.0.1.3680043.10.1.${i + 1}`),
    );
  });

  it("gives each lesion the same tracking UID at every time point and the TID 1502 context", () => {
    reports.forEach((r, index) => {
      const root = r.dataset.ContentSequence;
      const type = one(root, "126072").ConceptCodeSequence[0].CodeValue;
      expect(type).toBe(index === 0 ? "C1442488" : "126074");
      expect(one(root, "126073").MeasuredValueSequence[0].NumericValue).toBe(String(index + 1));
      const offset = one(root, "128740").MeasuredValueSequence[0];
      const t0 = assess(gbm).t0;
      expect(Number(offset.NumericValue)).toBe((Date.parse(r.date) - Date.parse(t0)) / 86_400_000);
      const groups = one(root, "126010").ContentSequence as Item[];
      const lesions = gbm.assessments.find((a) => a.date === r.date)!.lesions;
      expect(groups).toHaveLength(lesions.length);
      groups.forEach((g, i) => {
        expect(one(g.ContentSequence, "112039").TextValue).toBe(lesions[i]!.id);
        expect(one(g.ContentSequence, "112040").UID).toBe(trackingUidOf(gbm.patient.id, lesions[i]!.id));
        const [longest, perpendicular] = lesions[i]!.diametersMm!;
        expect(Number(one(g.ContentSequence, "103339001").MeasuredValueSequence[0].NumericValue)).toBe(
          longest,
        );
        expect(Number(one(g.ContentSequence, "103340004").MeasuredValueSequence[0].NumericValue)).toBe(
          perpendicular,
        );
      });
    });
  });

  it("reports the engine's response as of each scan and the best overall response so far", () => {
    reports.forEach((r) => {
      const c = { ...gbm, assessments: gbm.assessments.filter((a) => a.date <= r.date) };
      const expected = assess(c);
      const tp = expected.timepoints.find((t) => t.date === r.date && t.kind !== "clinical")!;
      const qualitative = one(r.dataset.ContentSequence, "C0034375").ContentSequence;
      const current = named(qualitative, "112048");
      if (tp.label) {
        expect(r.label).toBe(tp.label);
        expect(current).toHaveLength(1);
        const rules = one(current[0].ContentSequence, "RULES").TextValue;
        expect(rules).toBe(tp.rules.join(" "));
      } else expect(current).toHaveLength(0);
      expect(r.bestOverallResponse).toBe(expected.bestOverallResponse.category);
      const method = one(one(qualitative, "112049").ContentSequence, "112021");
      expect(method.ConceptCodeSequence[0]).toMatchObject({
        CodeValue: "C114879",
        CodingSchemeDesignator: "NCIt",
      });
    });
    // Progression at the last scan, after a confirmed response: the codes say so.
    const last = one(reports.at(-1)!.dataset.ContentSequence, "C0034375").ContentSequence;
    expect(one(last, "112048").ConceptCodeSequence[0].CodeValue).toBe(
      { PD: "C35571", "PD-P": "PD-P" }[reports.at(-1)!.label as "PD" | "PD-P"],
    );
  });

  it("writes long decimals as a ≤ 16-character DS with the exact double beside it", () => {
    const c: Case = {
      ...gbm,
      assessments: [
        {
          ...gbm.assessments[0]!,
          lesions: [{ ...gbm.assessments[0]!.lesions[0]!, diametersMm: [21.123456789012344, 10.1] }],
        },
      ],
    };
    const g = one(
      one(writeReports(c, { now: NOW })[0]!.dataset.ContentSequence, "126010").ContentSequence,
      "125007",
    );
    const value = one(g.ContentSequence, "103339001").MeasuredValueSequence[0];
    expect(value.NumericValue.length).toBeLessThanOrEqual(16);
    expect(value.FloatingPointValue).toBe(21.123456789012344);
  });
});

const skip = skipMessage(["dciodvfy", "dsrdump"]);
describe.skipIf(skip !== undefined)("validators: dciodvfy and dsrdump", () => {
  const dir = mkdtempSync(join(tmpdir(), "ranokit-sr-"));

  it("find zero errors in every report written for the example cases", () => {
    let checked = 0;
    for (const { file, case: c } of examples) {
      writeReports(c, { now: NOW }).forEach((r, i) => {
        const path = join(dir, `${file}-${i}.dcm`);
        writeFileSync(path, datasetToPart10(r.dataset));
        expect(dciodvfyErrors(path), `${file} ${r.date} (dciodvfy)`).toEqual([]);
        const dump = dsrdump(path);
        expect(dump.errors, `${file} ${r.date} (dsrdump)`).toEqual([]);
        expect(dump.status).toBe(0);
        expect(dump.text).toContain('"Imaging Measurement Report"');
        checked++;
      });
    }
    expect(checked).toBeGreaterThanOrEqual(20);
  });

  it("do report errors in a broken report (the check can fail)", () => {
    const [r] = writeReports(examples[0]!.case, { now: NOW });
    const broken = { ...r!.dataset, CompletionFlag: "MAYBE", Modality: undefined };
    const path = join(dir, "broken.dcm");
    writeFileSync(path, datasetToPart10(broken));
    expect(dciodvfyErrors(path).length).toBeGreaterThan(0);
  });
});
