// One Comprehensive 3D SR per time point and reader: the Measurement Report of DICOM PS3.16 TID 1500.
//
//   CONTAINER (126000, DCM, "Imaging Measurement Report")            TID 1500
//     HAS CONCEPT MOD  Language (en-US)                              TID 1204
//     HAS OBS CONTEXT  Observer Type = Person, Person Observer Name   TID 1001/1002 (the reader)
//     HAS CONCEPT MOD  Procedure reported = Imaging procedure
//     HAS OBS CONTEXT  Time Point, Time Point Type, Time Point Order,
//                      Longitudinal Temporal Offset from Event (days since T0)   TID 1502
//     CONTAINS CONTAINER Image Library (empty: measurements come from the case, not from images)
//     CONTAINS CONTAINER Imaging Measurements
//       CONTAINS CONTAINER Measurement Group, one per lesion          TID 1501
//         Tracking Identifier (the lesion id) + Tracking Unique Identifier (the same at every time point)
//         Finding = Neoplasm; Long Axis / Short Axis (mm), Volume (mm³) (TID 300 concept names)
//         qualitative evaluations: component, role (Baseline Category at baseline), status, other fields
//         (advanced imaging as the case model's JSON text)
//     CONTAINS CONTAINER Qualitative Evaluations
//       Current Response, Best Overall Response (as of this scan), Response Evaluation Method = RANO,
//       the exact criteria set, the rules that fired and the explanation.
//
// The responses come from the engine (assess); nothing here re-implements a rule. Where a case field has
// no standard concept it is written under the private scheme 99RANOKIT so that import-sr gets the same
// case back (docs/dicom.md lists every code).
import type { NaturalDataset } from "dcmjs";
import { assess, type Case, getCriteria, recommendedCriteria } from "../../engine/index.ts";
import type { Assessment, Lesion } from "../../engine/model/case.ts";
import type { PatientResult, TimepointResult } from "../../engine/model/result.ts";
import { C, type Code, CRITERIA, P, PRIVATE_SCHEME, RESPONSE } from "../codes.ts";
import { uidFor } from "../uids.ts";
import {
  codeItem,
  container,
  type Item,
  numItem,
  personItem,
  scoord3dItem,
  textItem,
  uidItem,
} from "./content.ts";
import type { AxisLines, LinesByDate } from "./mask-lines.ts";

export const COMPREHENSIVE_3D_SR = "1.2.840.10008.5.1.4.1.1.88.34";
export const SOFTWARE_VERSION = "RANOkit 0.1.0";

export interface SrOptions {
  /** Criteria set for the responses (default: the recommended one for the tumour type). */
  criteria?: string;
  /** Reader name (default: protocol.reader, else "unspecified"). */
  reader?: string;
  /** Content date/time written into the header (default: now; tests fix it). */
  now?: Date;
  /** Axis end points from the masks (mask-lines.ts), written as SCOORD3D polylines under the axes. */
  lines?: LinesByDate;
}

export interface WrittenReport {
  date: string;
  reader: string;
  /** The response written as Current Response (null when the engine gave none, e.g. at baseline). */
  label: string | null;
  bestOverallResponse: string;
  lesions: number;
  dataset: NaturalDataset;
}

const da = (iso: string) => iso.replaceAll("-", "");
const days = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

/** Study Instance UID of a scan: the case's reference, else one derived from patient and date. */
export function studyUidOf(c: Case, a: Assessment): string {
  return a.studyInstanceUid ?? uidFor("study", c.patient.id, a.date);
}

/** The Tracking Unique Identifier of a lesion: the same at every time point, for every reader. */
export const trackingUidOf = (patientId: string, lesionId: string) => uidFor("lesion", patientId, lesionId);

/** The case up to and including `date` (the SR of a scan cannot know later scans or events). */
function caseAsOf(c: Case, date: string): Case {
  const upTo = <T extends { date: string }>(xs: T[]) => xs.filter((x) => x.date <= date);
  return {
    ...c,
    assessments: upTo(c.assessments),
    steroids: upTo(c.steroids),
    clinical: upTo(c.clinical),
    pathology: upTo(c.pathology),
    events: upTo(c.events),
  };
}

export function writeReports(c: Case, options: SrOptions = {}): WrittenReport[] {
  const criteria = options.criteria ? getCriteria(options.criteria) : recommendedCriteria(c);
  const result = assess(c, criteria.id);
  const reader = options.reader ?? c.protocol.reader ?? "unspecified";
  const now = options.now ?? new Date();
  const performed = [...c.assessments]
    .filter((a) => a.performed)
    .sort((x, y) => x.date.localeCompare(y.date));
  return performed.map((a, index) => {
    // What the engine concludes from this scan and the earlier ones: the report of a scan never uses
    // later scans (a PD-P stays preliminary, a response unconfirmed, until the confirming report).
    const asOf = assess(caseAsOf(c, a.date), criteria.id);
    const tp = asOf.timepoints.find((t) => t.date === a.date && t.kind !== "clinical");
    const content = reportContent(
      c,
      a,
      index + 1,
      tp,
      asOf.bestOverallResponse,
      result,
      criteria.id,
      reader,
      options.lines?.get(a.date),
    );
    return {
      date: a.date,
      reader,
      label: tp?.label ?? null,
      bestOverallResponse: asOf.bestOverallResponse.category,
      lesions: a.lesions.length,
      dataset: wrap(c, a, reader, content, now),
    };
  });
}

function wrap(c: Case, a: Assessment, reader: string, content: Item, now: Date): NaturalDataset {
  const seriesUid = uidFor("sr-series", c.patient.id, a.date, reader);
  const iso = now.toISOString();
  const contentDate = iso.slice(0, 10).replaceAll("-", "");
  const contentTime = iso.slice(11, 19).replaceAll(":", "");
  const sopUid = uidFor("sr", c.patient.id, a.date, reader, JSON.stringify(content));
  return {
    _meta: {},
    SpecificCharacterSet: "ISO_IR 192",
    SOPClassUID: COMPREHENSIVE_3D_SR,
    SOPInstanceUID: sopUid,
    InstanceCreationDate: contentDate,
    InstanceCreationTime: contentTime,
    // Patient module: the pseudonym is both name and ID (never a real identifier).
    // A trailing caret makes it the family-name component (PS3.5 §6.2.1: the non-retired PN form).
    PatientName: `${c.patient.id}^`,
    PatientID: c.patient.id,
    PatientBirthDate: "",
    PatientSex: "",
    // General Study module: the scan's study, so the report files beside its images.
    StudyInstanceUID: studyUidOf(c, a),
    StudyDate: da(a.date),
    StudyTime: "",
    ReferringPhysicianName: "",
    StudyID: "",
    AccessionNumber: "",
    // SR Document Series and General Equipment modules.
    Modality: "SR",
    SeriesInstanceUID: seriesUid,
    SeriesNumber: 9001,
    SeriesDescription: `RANOkit measurement report (${reader})`,
    ReferencedPerformedProcedureStepSequence: [],
    Manufacturer: "RANOkit",
    SoftwareVersions: SOFTWARE_VERSION,
    // SR Document General module.
    InstanceNumber: 1,
    CompletionFlag: "COMPLETE",
    VerificationFlag: "UNVERIFIED",
    ContentDate: contentDate,
    ContentTime: contentTime,
    PerformedProcedureCodeSequence: [],
    // SOP Common: the private coding scheme is declared (PS3.3 C.12.1.1.2).
    CodingSchemeIdentificationSequence: [
      {
        CodingSchemeDesignator: PRIVATE_SCHEME,
        CodingSchemeName: "RANOkit private codes (docs/dicom.md)",
        CodingSchemeResponsibleOrganization: "RANOkit project",
      },
    ],
    ...content,
  };
}

function reportContent(
  c: Case,
  a: Assessment,
  order: number,
  tp: TimepointResult | undefined,
  bor: PatientResult["bestOverallResponse"],
  result: PatientResult,
  criteriaId: string,
  reader: string,
  lines: Map<string, AxisLines> | undefined,
): Item {
  const isBaseline = tp?.kind === "baseline";
  const timePointLabel = isBaseline
    ? "baseline"
    : tp?.kind === "pre_baseline"
      ? `pre-baseline ${a.date}`
      : `follow-up ${a.date}`;
  const children: Item[] = [
    codeItem("HAS CONCEPT MOD", C.language, C.englishUS),
    codeItem("HAS OBS CONTEXT", C.observerType, C.person),
    personItem("HAS OBS CONTEXT", C.personObserverName, `${reader}^`),
    codeItem("HAS CONCEPT MOD", C.procedureReported, C.imagingProcedure),
    textItem("HAS OBS CONTEXT", C.timePoint, timePointLabel),
    ...(tp?.kind === "pre_baseline"
      ? []
      : [codeItem("HAS OBS CONTEXT", C.timePointType, isBaseline ? C.baseline : C.posttreatment)]),
    numItem("HAS OBS CONTEXT", C.timePointOrder, order, C.noUnits),
    numItem("HAS OBS CONTEXT", C.temporalOffset, days(result.t0, a.date), C.day, [
      codeItem("HAS CONCEPT MOD", C.temporalEventType, C.protocolT0),
    ]),
    container("CONTAINS", C.imageLibrary, []),
    container(
      "CONTAINS",
      C.imagingMeasurements,
      a.lesions.map((l) => lesionGroup(c.patient.id, l, isBaseline, lines?.get(l.id))),
    ),
    container("CONTAINS", C.qualitativeEvaluations, [
      ...responseItems(tp, bor, criteriaId),
      ...assessmentFields(a),
    ]),
  ];
  const root = container(undefined, C.imagingMeasurementReport, children, "1500");
  const { RelationshipType: _omit, ...rootItem } = root;
  return rootItem;
}

function responseItems(
  tp: TimepointResult | undefined,
  bor: PatientResult["bestOverallResponse"],
  criteriaId: string,
): Item[] {
  const method = [
    codeItem("HAS CONCEPT MOD", C.responseEvaluationMethod, C.rano),
    codeItem("HAS CONCEPT MOD", P.criteriaSet, CRITERIA[criteriaId] ?? C.rano),
  ];
  const items: Item[] = [];
  if (tp?.label) {
    items.push(
      codeItem("CONTAINS", C.currentResponse, RESPONSE[tp.label]!, [
        ...method,
        textItem("HAS PROPERTIES", P.responseStatus, tp.status),
        textItem("HAS PROPERTIES", P.rulesFired, tp.rules.join(" ") || "none"),
        textItem("HAS PROPERTIES", P.explanation, tp.explanation || "none"),
      ]),
    );
  }
  items.push(
    codeItem("CONTAINS", C.bestOverallResponse, RESPONSE[bor.category]!, [
      ...method,
      textItem("HAS PROPERTIES", P.responseStatus, bor.confirmed ? "confirmed" : "unconfirmed"),
      textItem("HAS PROPERTIES", P.rulesFired, bor.rules.join(" ") || "none"),
      textItem("HAS PROPERTIES", P.explanation, bor.reason || "none"),
    ]),
  );
  return items;
}

/** Assessment-level fields other than date and lesions, as JSON text under private concepts. */
export const ASSESSMENT_DEFAULTS: Record<string, unknown> = { performed: true, evaluable: true };
function assessmentFields(a: Assessment): Item[] {
  const items: Item[] = [];
  for (const [key, value] of Object.entries(a)) {
    if (key === "date" || key === "lesions" || key === "studyInstanceUid" || value === undefined) continue;
    if (ASSESSMENT_DEFAULTS[key] === value) continue;
    items.push(textItem("CONTAINS", P.field(`a.${key}`), JSON.stringify(value)));
  }
  return items;
}

const ROLE_AT_BASELINE: Record<string, Code> = {
  target: { value: "112074", scheme: "DCM", meaning: "Target Lesion at Baseline" },
  non_target: { value: "112075", scheme: "DCM", meaning: "Non-Target Lesion at Baseline" },
};
export const BASELINE_CATEGORY: Code = { value: "112016", scheme: "DCM", meaning: "Baseline Category" };
export const ROLE_CODES: Record<string, Code> = {
  target: P.target,
  non_target: P.nonTarget,
  new: P.newLesion,
};

/** Numeric lesion fields besides the axes and the volume: name → unit. */
export const LESION_NUMBERS: Record<string, Code> = {
  slices: C.count,
  sliceThicknessMm: C.mm,
  sliceGapMm: C.mm,
};
/** Boolean lesion fields and their defaults (written only when they differ). */
export const LESION_FLAGS: Record<string, boolean> = {
  wellDefined: true,
  cystOrCavity: false,
  outsideRadiationField: false,
  equivocal: false,
};

/** The masks' common space: co-registered masks of one patient share it (docs/dicom.md). */
export const maskFrameOfReference = (patientId: string) => uidFor("mask-frame-of-reference", patientId);

function lesionGroup(patientId: string, l: Lesion, isBaseline: boolean, lines?: AxisLines): Item {
  const items: Item[] = [
    textItem("HAS OBS CONTEXT", C.trackingIdentifier, l.id),
    uidItem("HAS OBS CONTEXT", C.trackingUid, trackingUidOf(patientId, l.id)),
    codeItem("CONTAINS", C.finding, C.neoplasm),
  ];
  if (l.diametersMm) {
    // Only when the case still has the mask's diameters (track writes them to 0.01 mm): never a line
    // under another value.
    const fits =
      lines !== undefined &&
      Math.abs(lines.lengthsMm[0] - l.diametersMm[0]) <= 0.005 + 1e-9 &&
      Math.abs(lines.lengthsMm[1] - l.diametersMm[1]) <= 0.005 + 1e-9;
    const polyline = (points: AxisLines["long"] | undefined) =>
      fits && points
        ? [scoord3dItem("INFERRED FROM", C.polyline, points.flat(), maskFrameOfReference(patientId))]
        : undefined;
    items.push(numItem("CONTAINS", C.longAxis, l.diametersMm[0], C.mm, polyline(lines?.long)));
    items.push(numItem("CONTAINS", C.shortAxis, l.diametersMm[1], C.mm, polyline(lines?.short)));
  }
  if (l.volumeMm3 !== undefined) items.push(numItem("CONTAINS", C.volume, l.volumeMm3, C.mm3));
  if (l.volumeCm3 !== undefined) items.push(numItem("CONTAINS", C.volume, l.volumeCm3, C.cm3));
  l.extentsMm?.forEach((e, i) => {
    items.push(numItem("CONTAINS", P.field(`extentsMm.${i}`), e, C.mm));
  });
  l.noduleDiametersMm?.forEach((e, i) => {
    items.push(numItem("CONTAINS", P.field(`noduleDiametersMm.${i}`), e, C.mm));
  });
  for (const [key, unit] of Object.entries(LESION_NUMBERS)) {
    const v = l[key as keyof Lesion];
    if (typeof v === "number") items.push(numItem("CONTAINS", P.field(key), v, unit));
  }
  items.push(codeItem("CONTAINS", P.component, l.component === "enhancing" ? P.enhancing : P.nonEnhancing));
  if (l.role) {
    const atBaseline = isBaseline ? ROLE_AT_BASELINE[l.role] : undefined;
    items.push(
      atBaseline
        ? codeItem("CONTAINS", BASELINE_CATEGORY, atBaseline)
        : codeItem("CONTAINS", P.role, ROLE_CODES[l.role]!),
    );
  }
  items.push(codeItem("CONTAINS", P.status, P.field(`status=${l.status}`)));
  for (const [key, fallback] of Object.entries(LESION_FLAGS)) {
    const v = l[key as keyof Lesion];
    if (typeof v === "boolean" && v !== fallback)
      items.push(codeItem("CONTAINS", P.field(key), v ? P.yes : P.no));
  }
  if (l.location !== undefined) items.push(textItem("CONTAINS", P.field("location"), l.location));
  // Perfusion, diffusion, MRS, PET of the lesion (pseudoprogression work-up): the case model's JSON.
  if (l.advancedImaging !== undefined)
    items.push(textItem("CONTAINS", P.field("advancedImaging"), JSON.stringify(l.advancedImaging)));
  return container("CONTAINS", C.measurementGroup, items, "1501");
}
