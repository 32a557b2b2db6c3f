// Coded concepts used in the SR RANOkit writes and reads. Sources (docs/dicom.md lists each code with
// its source): DICOM PS3.16 (DCM, via the CID value sets of the DICOM terminology), dcmjs 0.51 (the
// codes OHIF writes), NCIt, and the private scheme 99RANOKIT for concepts with no standard code.

export interface Code {
  value: string;
  scheme: string;
  meaning: string;
}

const code = (value: string, scheme: string, meaning: string): Code => ({ value, scheme, meaning });
const dcm = (value: string, meaning: string) => code(value, "DCM", meaning);
const sct = (value: string, meaning: string) => code(value, "SCT", meaning);
const ncit = (value: string, meaning: string) => code(value, "NCIt", meaning);
const umls = (value: string, meaning: string) => code(value, "UMLS", meaning);
/** The private coding scheme (PS3.3 C.12.1: local designators begin with "99"). */
export const PRIVATE_SCHEME = "99RANOKIT";
const rk = (value: string, meaning: string) => code(value, PRIVATE_SCHEME, meaning);

export const sameCode = (a: { value: string; scheme: string } | undefined, b: Code): boolean =>
  a !== undefined && a.value === b.value && a.scheme === b.scheme;

export const C = {
  // TID 1500 structure
  imagingMeasurementReport: dcm("126000", "Imaging Measurement Report"),
  imagingMeasurements: dcm("126010", "Imaging Measurements"),
  qualitativeEvaluations: umls("C0034375", "Qualitative Evaluations"),
  measurementGroup: dcm("125007", "Measurement Group"),
  imageLibrary: dcm("111028", "Image Library"),
  language: dcm("121049", "Language of Content Item and Descendants"),
  englishUS: code("en-US", "RFC5646", "English (United States)"),
  procedureReported: dcm("121058", "Procedure reported"),
  imagingProcedure: sct("363679005", "Imaging procedure"),
  // TID 1001 / 1002 observer context
  observerType: dcm("121005", "Observer Type"),
  person: dcm("121006", "Person"),
  personObserverName: dcm("121008", "Person Observer Name"),
  // TID 1502 time point context, CID 6146 time point types, TID 1502 temporal offset
  timePoint: umls("C2348792", "Time Point"),
  timePointType: dcm("126072", "Time Point Type"),
  timePointOrder: dcm("126073", "Time Point Order"),
  baseline: umls("C1442488", "Baseline"),
  posttreatment: dcm("126074", "Posttreatment"),
  temporalOffset: dcm("128740", "Longitudinal Temporal Offset from Event"),
  temporalEventType: dcm("128741", "Longitudinal Temporal Event Type"),
  protocolT0: rk("T0", "Protocol time zero (randomisation, enrolment or treatment start)"),
  // TID 1501 measurement group and TID 300 measurements
  trackingIdentifier: dcm("112039", "Tracking Identifier"),
  trackingUid: dcm("112040", "Tracking Unique Identifier"),
  finding: dcm("121071", "Finding"),
  findingSite: sct("363698007", "Finding Site"),
  neoplasm: sct("108369006", "Neoplasm"),
  longAxis: sct("103339001", "Long Axis"),
  shortAxis: sct("103340004", "Short Axis"),
  length: sct("410668003", "Length"),
  volume: sct("118565006", "Volume"),
  /** Concept name of the SCOORD3D under a measurement (TID 300 "Purpose of Reference", as dcmjs writes). */
  polyline: dcm("121055", "Path"),
  // Response (CID 6147 response criteria; DCM response concept names)
  currentResponse: dcm("112048", "Current Response"),
  bestOverallResponse: dcm("112049", "Best Overall Response"),
  responseEvaluationMethod: dcm("112021", "Response Evaluation Method"),
  rano: ncit("C114879", "RANO"),
  // Units (UCUM)
  mm: code("mm", "UCUM", "millimeter"),
  mm3: code("mm3", "UCUM", "cubic millimeter"),
  cm3: code("cm3", "UCUM", "cubic centimeter"),
  ml: code("ml", "UCUM", "milliliter"),
  day: code("d", "UCUM", "day"),
  count: code("{count}", "UCUM", "count"),
  noUnits: code("1", "UCUM", "no units"),
} as const;

/** Legacy SNOMED-RT (SRT) codes that older tools (dcmqi, OHIF before 2021) still write. */
export const LEGACY: Record<string, Code> = {
  "G-A185": C.longAxis,
  "G-A186": C.shortAxis,
  "G-D7FE": C.length,
  "G-D705": C.volume,
};

/** Overall response values: NCIt where a concept exists, private codes for RANO-specific labels. */
export const RESPONSE: Record<string, Code> = {
  CR: ncit("C4870", "Complete Response"),
  PR: ncit("C18058", "Partial Response"),
  SD: ncit("C18213", "Stable Disease"),
  PD: ncit("C35571", "Progressive Disease"),
  NE: ncit("C62222", "Not Evaluable"),
  MR: rk("MR", "Minor Response"),
  "PD-P": rk("PD-P", "Preliminary Progressive Disease (awaiting confirmation)"),
  IND: rk("IND", "Indeterminate response"),
};

/** The exact criteria set (CID 6147 has one code, NCIt RANO, for the whole RANO family). */
export const CRITERIA: Record<string, Code> = {
  rano2: rk("RANO2", "RANO 2.0"),
  hgg: rk("RANO-HGG", "RANO high-grade glioma (2010)"),
  mrano: rk("MRANO", "Modified RANO (mRANO)"),
  irano: rk("IRANO", "Immunotherapy RANO (iRANO)"),
  lgg: rk("RANO-LGG", "RANO low-grade glioma"),
  bm: rk("RANO-BM", "RANO brain metastases"),
  "rano-lm": rk("RANO-LM", "RANO leptomeningeal metastases"),
};

/** Private concept names for case fields that have no standard DICOM concept. */
export const P = {
  criteriaSet: rk("CRIT", "Response criteria set"),
  responseStatus: rk("RSTAT", "Response status"),
  rulesFired: rk("RULES", "Rules that fired"),
  explanation: rk("EXPL", "Explanation"),
  component: rk("COMP", "Tumour component"),
  enhancing: rk("ENH", "Enhancing"),
  nonEnhancing: rk("NONENH", "Non-enhancing (T2/FLAIR)"),
  role: rk("ROLE", "Lesion role"),
  target: rk("TARGET", "Target lesion"),
  nonTarget: rk("NONTARGET", "Non-target lesion"),
  newLesion: rk("NEW", "New lesion"),
  status: rk("STATUS", "Lesion status"),
  // Numbers, flags and text of the case model, one concept per field (code values are SH: ≤ 16 chars).
  field: (name: string): Code => {
    const value = FIELD_CODES[name];
    if (!value) throw new Error(`no private code for case field ${name}`);
    return rk(value, `RANOkit case field ${name}`);
  },
  yes: code("373066001", "SCT", "Yes"),
  no: code("373067005", "SCT", "No"),
} as const;

/** Case-model field → private code value. Values of `status` are fields "status=VALUE". */
export const FIELD_CODES: Record<string, string> = {
  // lesion
  "extentsMm.0": "L-EXT0",
  "extentsMm.1": "L-EXT1",
  "extentsMm.2": "L-EXT2",
  "noduleDiametersMm.0": "L-NOD0",
  "noduleDiametersMm.1": "L-NOD1",
  slices: "L-SLICES",
  sliceThicknessMm: "L-THICK",
  sliceGapMm: "L-GAP",
  wellDefined: "L-WELLDEF",
  cystOrCavity: "L-CYST",
  outsideRadiationField: "L-OUTRT",
  equivocal: "L-EQUIV",
  location: "L-LOC",
  advancedImaging: "L-ADV",
  "status=present": "ST-PRESENT",
  "status=absent": "ST-ABSENT",
  "status=improved": "ST-IMPROVED",
  "status=unequivocal_progression": "ST-UNEQPROG",
  "status=too_small": "ST-TOOSMALL",
  "status=not_evaluable": "ST-NE",
  // assessment (JSON text)
  "a.performed": "A-PERFORMED",
  "a.evaluable": "A-EVALUABLE",
  "a.reason": "A-REASON",
  "a.baseline": "A-BASELINE",
  "a.sliceThicknessMm": "A-THICK",
  "a.sliceGapMm": "A-GAP",
  "a.t2Flair": "A-T2FLAIR",
  "a.note": "A-NOTE",
  "a.lm": "A-LM",
};
