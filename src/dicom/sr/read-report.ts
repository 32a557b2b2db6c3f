// Reading a TID 1500 Measurement Report: the header references (patient, study, date, observer) and one
// record per measurement group (TID 1501 as OHIF writes it, TID 1410/1411 as dcmqi writes it), with
// its tracking identifier and UID, free-text label, NUM measurements and coded evaluations. Anything
// that is not a TID 1500 SR is refused with the reason.
import type { NaturalDataset } from "dcmjs";
import { C, type Code, LEGACY, PRIVATE_SCHEME } from "../codes.ts";
import { DicomInputError } from "../errors.ts";

/** SR Storage SOP classes (PS3.4 B.5) that can carry TID 1500. */
const SR_CLASSES: Record<string, string> = {
  "1.2.840.10008.5.1.4.1.1.88.11": "Basic Text SR",
  "1.2.840.10008.5.1.4.1.1.88.22": "Enhanced SR",
  "1.2.840.10008.5.1.4.1.1.88.33": "Comprehensive SR",
  "1.2.840.10008.5.1.4.1.1.88.34": "Comprehensive 3D SR",
  "1.2.840.10008.5.1.4.1.1.88.35": "Extensible SR",
};
const OTHER_CLASSES: Record<string, string> = {
  "1.2.840.10008.5.1.4.1.1.66.4": "Segmentation Storage",
  "1.2.840.10008.5.1.4.1.1.4": "MR Image Storage",
  "1.2.840.10008.5.1.4.1.1.4.1": "Enhanced MR Image Storage",
  "1.2.840.10008.5.1.4.1.1.2": "CT Image Storage",
  "1.2.840.10008.5.1.4.1.1.88.59": "Key Object Selection",
};

export interface Num {
  concept: Code;
  value: number;
  unit: string;
}
export interface CodedValue {
  name: Code;
  value: Code;
}
export interface MeasurementGroup {
  trackingIdentifier?: string;
  trackingUid?: string;
  /** OHIF's free-text label (finding or finding site coded CORNERSTONEFREETEXT). */
  label?: string;
  nums: Num[];
  codes: CodedValue[];
  texts: Array<{ name: Code; value: string }>;
}
export interface ParsedReport {
  source: string;
  patientId: string;
  studyInstanceUid: string;
  /** Study date as an ISO date, when the header has one. */
  studyDate?: string;
  observer?: string;
  /** Written by RANOkit (its private coding scheme is declared). */
  ranokit: boolean;
  groups: MeasurementGroup[];
  /** Report-level qualitative evaluations (TEXT items), by code value. */
  reportTexts: Array<{ name: Code; value: string }>;
}

type Item = any;
const list = (x: unknown): Item[] => (x === undefined || x === null ? [] : Array.isArray(x) ? x : [x]);
const codeOf = (seq: unknown): Code | undefined => {
  const c = list(seq)[0];
  return c
    ? {
        value: String(c.CodeValue ?? c.LongCodeValue ?? ""),
        scheme: String(c.CodingSchemeDesignator ?? ""),
        meaning: String(c.CodeMeaning ?? ""),
      }
    : undefined;
};
const nameOf = (i: Item) => codeOf(i.ConceptNameCodeSequence);
const is = (i: Item, c: Code) => {
  const n = nameOf(i);
  return n !== undefined && n.value === c.value && n.scheme === c.scheme;
};
/** Legacy SRT codes map to their SCT successors so both read the same. */
const canonical = (c: Code): Code => (c.scheme === "SRT" && LEGACY[c.value] ? LEGACY[c.value]! : c);

/** UT is single-valued, but dcmjs splits every string at the backslash: put it back together. */
const text = (v: unknown): string => (Array.isArray(v) ? v.join("\\") : String(v ?? ""));
const isoDate = (da: unknown): string | undefined => {
  const s = typeof da === "string" ? da.trim() : "";
  return /^\d{8}$/.test(s) ? `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}` : undefined;
};
const personName = (pn: unknown): string | undefined => {
  const v = list(pn)[0];
  const s = typeof v === "string" ? v : v?.Alphabetic;
  return typeof s === "string" && s !== "" ? s.replace(/\^+$/, "") : undefined;
};

export function parseReport(dataset: NaturalDataset, source: string): ParsedReport {
  const sopClass = String(dataset.SOPClassUID ?? "");
  if (!SR_CLASSES[sopClass]) {
    const name = OTHER_CLASSES[sopClass] ?? (sopClass || "none");
    throw new DicomInputError(source, `wrong SOP class ${name}: not a structured report`);
  }
  if (dataset.ContentSequence === undefined && dataset.ConceptNameCodeSequence === undefined)
    throw new DicomInputError(source, "incomplete SR: no document content (a truncated file?)");
  const template = list(dataset.ContentTemplateSequence)[0]?.TemplateIdentifier;
  const title = codeOf(dataset.ConceptNameCodeSequence);
  if (String(template ?? "") !== "1500" && !(title && title.value === C.imagingMeasurementReport.value)) {
    throw new DicomInputError(
      source,
      `an SR without TID 1500 (template ${template ?? "none"}, title "${title?.meaning ?? "none"}"): only measurement reports can be imported`,
    );
  }
  const root = list(dataset.ContentSequence);
  // dcmjs writes "unknown^unknown" when the viewer has no user name: no observer.
  const named = personName(root.find((i) => is(i, C.personObserverName))?.PersonName);
  const observer = named === "unknown^unknown" ? undefined : named;
  const measurements = root.find((i) => is(i, C.imagingMeasurements));
  const groups = list(measurements?.ContentSequence)
    .filter((i) => i.ValueType === "CONTAINER")
    .map(readGroup);
  const qualitative = root.find((i) => is(i, C.qualitativeEvaluations));
  const reportTexts = list(qualitative?.ContentSequence)
    .filter((i) => i.ValueType === "TEXT")
    .map((i) => ({ name: nameOf(i)!, value: text(i.TextValue) }));
  const schemes = list(dataset.CodingSchemeIdentificationSequence).map((s) => s.CodingSchemeDesignator);
  const studyDate = isoDate(dataset.StudyDate);
  return {
    source,
    patientId: String(dataset.PatientID ?? ""),
    studyInstanceUid: String(dataset.StudyInstanceUID ?? ""),
    ...(studyDate ? { studyDate } : {}),
    ...(observer ? { observer } : {}),
    ranokit: schemes.includes(PRIVATE_SCHEME),
    groups,
    reportTexts,
  };
}

const FREE_TEXT = new Set(["CORNERSTONEFREETEXT"]);

function readGroup(group: Item): MeasurementGroup {
  const items = list(group.ContentSequence);
  const g: MeasurementGroup = { nums: [], codes: [], texts: [] };
  for (const i of items) {
    if (is(i, C.trackingIdentifier)) g.trackingIdentifier = text(i.TextValue);
    else if (is(i, C.trackingUid)) g.trackingUid = String(i.UID ?? "");
    else if (i.ValueType === "NUM") {
      const m = list(i.MeasuredValueSequence)[0];
      if (!m) continue;
      const fp = m.FloatingPointValue;
      const value = typeof fp === "number" ? fp : Number(m.NumericValue);
      g.nums.push({
        concept: canonical(nameOf(i)!),
        value,
        unit: codeOf(m.MeasurementUnitsCodeSequence)?.value ?? "",
      });
    } else if (i.ValueType === "CODE") {
      const name = nameOf(i)!;
      const value = codeOf(i.ConceptCodeSequence)!;
      g.codes.push({ name, value });
      if (FREE_TEXT.has(value.value)) g.label = value.meaning;
    } else if (i.ValueType === "TEXT") g.texts.push({ name: nameOf(i)!, value: text(i.TextValue) });
  }
  return g;
}
