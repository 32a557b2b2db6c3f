// Parsed TID 1500 reports → one case document (docs/dicom.md, "Import"). A case is one patient and one
// reader; each report is one time point (its study date). Long/short axis → diametersMm, volume →
// volumeMm3 (or volumeCm3 for cm³/ml), lesion id from RANOkit's tracking identifier, else OHIF's
// free-text label, else the Tracking Unique Identifier. Groups it cannot use are reported, not guessed.
import type { CaseInput, Lesion } from "../../engine/model/case.ts";
import { C, FIELD_CODES, P, PRIVATE_SCHEME } from "../codes.ts";
import { DicomInputError } from "../errors.ts";
import type { MeasurementGroup, ParsedReport } from "./read-report.ts";
import { BASELINE_CATEGORY, LESION_FLAGS } from "./write-report.ts";

export interface ImportOptions {
  /** Patient, protocol, treatments … taken from this case (its assessments are replaced). */
  base?: CaseInput;
  /** Patient fields when there is no base case (tumour type and setting are not in an SR). */
  patient?: Omit<CaseInput["patient"], "id">;
  /** Keep only the reports of this observer. */
  reader?: string;
  /** Component of lesions from other tools (they do not code it): default enhancing. */
  component?: "enhancing" | "non_enhancing";
}

export interface ImportResult {
  document: CaseInput;
  /** One line per skipped file or group (file and problem), for stderr; exit 2 when not empty. */
  problems: string[];
  /** Assumptions made (printed, no exit 2). */
  warnings: string[];
  used: number;
}

const FIELD_BY_CODE = new Map(Object.entries(FIELD_CODES).map(([field, code]) => [code, field]));
const privateField = (c: { value: string; scheme: string }) =>
  c.scheme === PRIVATE_SCHEME ? FIELD_BY_CODE.get(c.value) : undefined;
const same = (a: { value: string; scheme: string }, b: { value: string; scheme: string }) =>
  a.value === b.value && a.scheme === b.scheme;

export function reportsToCase(reports: ParsedReport[], options: ImportOptions = {}): ImportResult {
  const problems: string[] = [];
  const warnings: string[] = [];
  if (reports.length === 0) throw new DicomInputError("import-sr", "no measurement report could be read");
  const observers = [...new Set(reports.map((r) => r.observer ?? "unspecified"))];
  let chosen = reports;
  if (options.reader) {
    chosen = reports.filter((r) => (r.observer ?? "unspecified") === options.reader);
    if (chosen.length === 0)
      throw new DicomInputError(
        "--reader",
        `no report by "${options.reader}" (readers: ${observers.join(", ")})`,
      );
  } else if (observers.length > 1) {
    throw new DicomInputError(
      "import-sr",
      `reports by ${observers.length} readers (${observers.join(", ")}): a case holds one reader's reads, choose one with --reader`,
    );
  }
  const first = chosen[0]!;
  const patientId = options.base?.patient.id ?? first.patientId;
  const byDate = new Map<
    string,
    { studyInstanceUid: string; lesions: Lesion[]; fields: Record<string, unknown> }
  >();
  let used = 0;
  for (const r of chosen) {
    if (r.patientId !== patientId) {
      problems.push(`${r.source}: belongs to a different patient than ${first.source}; skipped`);
      continue;
    }
    if (!r.studyDate) {
      problems.push(`${r.source}: no Study Date (0008,0020): the time point is unknown; skipped`);
      continue;
    }
    const entry = byDate.get(r.studyDate) ?? {
      studyInstanceUid: r.studyInstanceUid,
      lesions: [],
      fields: {},
    };
    byDate.set(r.studyDate, entry);
    for (const t of r.reportTexts) {
      const field = privateField(t.name);
      if (field?.startsWith("a.")) entry.fields[field.slice(2)] = JSON.parse(t.value);
    }
    r.groups.forEach((g, index) => {
      const lesion = r.ranokit ? ranokitLesion(g) : foreignLesion(g, options.component ?? "enhancing");
      if (typeof lesion !== "string" && assumedMm(g))
        warnings.push(
          `${r.source}: measurement group ${index + 1}: axes without a unit from ${g.trackingIdentifier}, read as mm (Cornerstone3D measures calibrated images in mm)`,
        );
      if (typeof lesion === "string") problems.push(`${r.source}: measurement group ${index + 1}: ${lesion}`);
      else if (entry.lesions.some((l) => l.id === lesion.id))
        problems.push(
          `${r.source}: measurement group ${index + 1}: lesion ${lesion.id} is already reported on ${r.studyDate}; skipped`,
        );
      else entry.lesions.push(lesion);
    });
    used++;
  }
  const assessments = [...byDate.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([date, e]) => ({ date, studyInstanceUid: e.studyInstanceUid, ...e.fields, lesions: e.lesions }));
  if (assessments.length === 0) throw new DicomInputError("import-sr", "no usable measurement report");
  const base = options.base;
  const reader =
    options.reader ?? (first.observer && first.observer !== "unspecified" ? first.observer : undefined);
  const document: CaseInput = base
    ? { ...base, assessments: assessments as CaseInput["assessments"] }
    : {
        patient: { ...(options.patient as CaseInput["patient"]), id: patientId },
        ...(reader ? { protocol: { reader } } : {}),
        assessments: assessments as CaseInput["assessments"],
      };
  return { document, problems, warnings, used };
}

function ranokitLesion(g: MeasurementGroup): Lesion | string {
  if (!g.trackingIdentifier) return "no Tracking Identifier";
  const l: Record<string, unknown> = { id: g.trackingIdentifier };
  const axes: Record<string, number> = {};
  const extents: number[] = [];
  const nodule: number[] = [];
  for (const n of g.nums) {
    if (same(n.concept, C.longAxis)) axes.long = n.value;
    else if (same(n.concept, C.shortAxis)) axes.short = n.value;
    else if (same(n.concept, C.volume)) l[n.unit === "mm3" ? "volumeMm3" : "volumeCm3"] = n.value;
    else {
      const field = privateField(n.concept);
      if (field?.startsWith("extentsMm.")) extents[Number(field.slice(10))] = n.value;
      else if (field?.startsWith("noduleDiametersMm.")) nodule[Number(field.slice(18))] = n.value;
      else if (field) l[field] = n.value;
    }
  }
  if (axes.long !== undefined && axes.short !== undefined) l.diametersMm = [axes.long, axes.short];
  if (extents.length === 3) l.extentsMm = extents;
  if (nodule.length === 2) l.noduleDiametersMm = nodule;
  for (const { name, value } of g.codes) {
    if (same(name, P.component)) l.component = same(value, P.enhancing) ? "enhancing" : "non_enhancing";
    else if (same(name, BASELINE_CATEGORY)) l.role = value.value === "112074" ? "target" : "non_target";
    else if (same(name, P.role))
      l.role = same(value, P.target) ? "target" : same(value, P.nonTarget) ? "non_target" : "new";
    else if (same(name, P.status)) l.status = privateField(value)?.slice("status=".length);
    else {
      const field = privateField(name);
      if (field && field in LESION_FLAGS) l[field] = same(value, P.yes);
    }
  }
  for (const t of g.texts) {
    const field = privateField(t.name);
    if (field === "location") l.location = t.value;
    else if (field === "advancedImaging") {
      try {
        l.advancedImaging = JSON.parse(t.value);
      } catch {
        return `lesion ${g.trackingIdentifier}: the advanced imaging item is not JSON; skipped`;
      }
    }
  }
  return l as unknown as Lesion;
}

/** Cornerstone3D's Bidirectional adapter (dcmjs 0.51) writes the axes with UCUM "1" (no unit). */
const CORNERSTONE = /^Cornerstone3DTools@[^:]*:/;
const assumedMm = (g: MeasurementGroup) =>
  CORNERSTONE.test(g.trackingIdentifier ?? "") &&
  g.nums.some((n) => (same(n.concept, C.longAxis) || same(n.concept, C.shortAxis)) && n.unit === "1");

function foreignLesion(g: MeasurementGroup, component: "enhancing" | "non_enhancing"): Lesion | string {
  // OHIF's label, else dcmqi's readable Tracking Identifier (the segment label), else the UID;
  // Cornerstone's own identifiers name the tool, not the lesion.
  const readable =
    g.trackingIdentifier && !CORNERSTONE.test(g.trackingIdentifier) ? g.trackingIdentifier : undefined;
  const id = g.label ?? readable ?? g.trackingUid;
  if (!id) return "neither a label nor a Tracking Unique Identifier";
  const find = (c: typeof C.longAxis) => g.nums.find((n) => same(n.concept, c));
  const long = find(C.longAxis);
  const short = find(C.shortAxis);
  const volume = find(C.volume);
  const l: Record<string, unknown> = { id, component };
  if (long && short) {
    const ok = (u: string) => u === "mm" || (u === "1" && assumedMm(g));
    if (!ok(long.unit) || !ok(short.unit))
      return `long/short axis in ${long.unit}/${short.unit}, expected mm`;
    l.diametersMm = [long.value, short.value];
  }
  if (volume) {
    if (volume.unit === "mm3") l.volumeMm3 = volume.value;
    else if (["cm3", "ml", "mL"].includes(volume.unit)) l.volumeCm3 = volume.value;
    else return `volume in "${volume.unit}", expected mm3, cm3 or ml`;
  }
  if (l.diametersMm === undefined && l.volumeMm3 === undefined && l.volumeCm3 === undefined) {
    const kinds = g.nums.map((n) => n.concept.meaning).join(", ") || "no measurement";
    const hint = find(C.length)
      ? " (a single length: RANO needs long and short axis, e.g. OHIF's Bidirectional tool)"
      : "";
    return `cannot use ${kinds}${hint}; skipped`;
  }
  return l as unknown as Lesion;
}
