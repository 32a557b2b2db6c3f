// Import of the long CSV layout trial data managers keep: one row per lesion per time point
// (lesions.csv) plus patients, assessments, treatments, steroids, clinical, pathology and events files
// (docs/csv-format.md). Every value remembers its file, line and column, so a schema error on the
// assembled case document is reported at the CSV cell it came from. Rows with errors are reported and
// skipped; the other rows and patients still load.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type Case, type CaseInput, parseCase } from "../engine/index.ts";
import {
  ADVANCED_IMAGING_COLUMNS,
  advancedImagingFromRow,
  MOLECULAR_COLUMNS,
  molecularFromRow,
} from "./csv-advanced-imaging.ts";
import { readCsvRecords } from "./csv-records.ts";

export interface CsvIssue {
  file: string;
  line: number;
  column?: string;
  /** JSON path in the assembled case document, when the problem was found there. */
  path?: string;
  message: string;
}

export interface ImportedCase {
  patientId: string;
  source: string;
  result: { ok: true; value: Case } | { ok: false; issues: CsvIssue[] };
}

interface Row {
  file: string;
  line: number;
  cells: Record<string, string>;
}

interface Origin {
  file: string;
  line: number;
  column?: string;
}

export const CSV_FILES = [
  "patients.csv",
  "lesions.csv",
  "assessments.csv",
  "treatments.csv",
  "steroids.csv",
  "clinical.csv",
  "pathology.csv",
  "events.csv",
] as const;

export function isCsvCohortFolder(dir: string): boolean {
  return existsSync(join(dir, "patients.csv"));
}

/** What was lost while reading the files: rows skipped per patient, and files that failed as a whole. */
interface Losses {
  /** patient_id → sources of its rows that were skipped. */
  rows: Map<string, string[]>;
  files: string[];
}

function readRows(dir: string, file: string, issues: CsvIssue[], required: string[], lost: Losses): Row[] {
  const path = join(dir, file);
  if (!existsSync(path)) return [];
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    issues.push({ file, line: 0, message: `cannot read (${(e as NodeJS.ErrnoException).code ?? "error"})` });
    lost.files.push(file);
    return [];
  }
  const { header, rows, problems } = readCsvRecords(bytes);
  for (const p of problems) {
    issues.push({ file, line: p.line, ...(p.column ? { column: p.column } : {}), message: p.message });
    if (p.patientId !== undefined) {
      lost.rows.set(p.patientId, [...(lost.rows.get(p.patientId) ?? []), `${file}:${p.line}`]);
    } else if (p.line > 1) lost.files.push(`${file}:${p.line}`);
  }
  if (header.length === 0) return [];
  const missing = required.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    issues.push({
      file,
      line: 1,
      message: `missing required column(s): ${missing.join(", ")}; the header has ${header.join(", ")}`,
    });
    lost.files.push(file);
    return [];
  }
  return rows.map((r) => ({ file, line: r.line, cells: r.cells }));
}

/** Typed cell readers; each problem is recorded with its line and column. */
class Cells {
  readonly problems: CsvIssue[] = [];
  constructor(private readonly row: Row) {}
  private fail(column: string, message: string): undefined {
    this.problems.push({ file: this.row.file, line: this.row.line, column, message });
    return undefined;
  }
  text(column: string): string | undefined {
    const v = this.row.cells[column];
    return v === undefined || v === "" ? undefined : v;
  }
  required(column: string): string | undefined {
    return this.text(column) ?? this.fail(column, "required value is empty");
  }
  number(column: string): number | undefined {
    const v = this.text(column);
    if (v === undefined) return undefined;
    const n = Number(v);
    if (Number.isFinite(n)) return n;
    const hint = /^-?\d+,\d+$/.test(v) ? " (a decimal comma? write the decimal point: 12.5)" : "";
    return this.fail(column, `"${v}" is not a number${hint}`);
  }
  boolean(column: string): boolean | undefined {
    const v = this.text(column)?.toLowerCase();
    if (v === undefined) return undefined;
    if (["1", "true", "yes", "y"].includes(v)) return true;
    if (["0", "false", "no", "n"].includes(v)) return false;
    return this.fail(column, `"${v}" is not a yes/no value (use true/false, yes/no or 1/0)`);
  }
}

type Paths = Map<string, Origin>;

function origin(row: Row, column?: string): Origin {
  return column ? { file: row.file, line: row.line, column } : { file: row.file, line: row.line };
}

/** Drops undefined values (the case schema is strict about unknown keys, not about absent ones). */
function compact<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

export function importCsvFolder(dir: string): { cases: ImportedCase[]; issues: CsvIssue[] } {
  const issues: CsvIssue[] = [];
  const lost: Losses = { rows: new Map(), files: [] };
  const read = (file: string, required: string[]) => readRows(dir, file, issues, required, lost);
  const patients = read("patients.csv", ["patient_id", "tumor_type", "setting"]);
  // Patients whose own row was skipped: their other rows are not "unknown", they are orphaned by it.
  const skippedPatients = new Map([...lost.rows].map(([id, at]) => [id, at[0]!]));
  const patientsFailed = lost.files.length > 0;
  lost.rows = new Map();
  lost.files.length = 0;
  const lesions = read("lesions.csv", ["patient_id", "date", "lesion_id", "component"]);
  const assessments = read("assessments.csv", ["patient_id", "date"]);
  const treatments = read("treatments.csv", ["patient_id", "type"]);
  const steroids = read("steroids.csv", ["patient_id", "date", "dose_mg_per_day"]);
  const clinical = read("clinical.csv", ["patient_id", "date", "status"]);
  const pathology = read("pathology.csv", ["patient_id", "date", "result"]);
  const events = read("events.csv", ["patient_id", "type", "date"]);

  const byPatient = <T extends Row>(rows: T[]) => {
    const m = new Map<string, T[]>();
    for (const r of rows) {
      const id = r.cells.patient_id ?? "";
      if (id === "") {
        issues.push({ file: r.file, line: r.line, column: "patient_id", message: "required value is empty" });
        continue;
      }
      m.set(id, [...(m.get(id) ?? []), r]);
    }
    return m;
  };
  const grouped = {
    lesions: byPatient(lesions),
    assessments: byPatient(assessments),
    treatments: byPatient(treatments),
    steroids: byPatient(steroids),
    clinical: byPatient(clinical),
    pathology: byPatient(pathology),
    events: byPatient(events),
  };
  // Patient identifiers never appear in messages: a record is named by its file and line.
  const firstRow = new Map<string, Row>();
  for (const prow of patients) {
    const id = prow.cells.patient_id ?? "";
    const first = firstRow.get(id);
    if (id !== "" && first) {
      issues.push({
        file: prow.file,
        line: prow.line,
        column: "patient_id",
        message: `duplicate patient: the same patient_id as patients.csv:${first.line}; only that first row is used`,
      });
    } else if (id !== "") firstRow.set(id, prow);
  }
  for (const [name, m] of Object.entries(grouped)) {
    for (const [id, rows] of m) {
      if (firstRow.has(id) || (patientsFailed && !skippedPatients.has(id))) continue;
      const orphanedBy = skippedPatients.get(id);
      const n = rows.length === 1 ? "its row" : `its ${rows.length} rows in this file`;
      issues.push({
        file: `${name}.csv`,
        line: rows[0]!.line,
        column: "patient_id",
        message: orphanedBy
          ? `this patient's row ${orphanedBy} could not be read; ${n} not used`
          : `this patient_id is not in patients.csv; ${n} not used`,
      });
    }
  }

  const cases: ImportedCase[] = [];
  for (const [id, prow] of firstRow) {
    const source = `patients.csv:${prow.line}`;
    // A patient whose rows were skipped would be assessed on partial data: report it as incomplete.
    const skipped = [...(lost.rows.get(id) ?? []), ...lost.files];
    if (skipped.length > 0) {
      const message = `incomplete patient, not assessed: ${skipped.join(", ")} could not be read (see ${skipped.length === 1 ? "its error" : "their errors"})`;
      cases.push({
        patientId: id,
        source,
        result: { ok: false, issues: [{ file: prow.file, line: prow.line, message }] },
      });
      continue;
    }
    const { doc, paths, problems } = buildCase(prow, grouped, id);
    if (problems.length > 0) {
      cases.push({ patientId: id, source, result: { ok: false, issues: problems } });
      continue;
    }
    const parsed = parseCase(doc);
    if (parsed.ok) cases.push({ patientId: id, source, result: { ok: true, value: parsed.value } });
    else {
      cases.push({
        patientId: id,
        source,
        result: { ok: false, issues: parsed.errors.map((e) => locate(e.path, e.message, paths, prow)) },
      });
    }
  }
  return { cases, issues };
}

/** Maps a JSON path to the CSV cell it came from (the longest known prefix). */
function locate(path: string, message: string, paths: Paths, fallback: Row): CsvIssue {
  let p = path;
  while (p.length > 0) {
    const o = paths.get(p);
    if (o) return { ...o, path, message };
    const cut = Math.max(p.lastIndexOf("."), p.lastIndexOf("["));
    if (cut <= 0) break;
    p = p.slice(0, cut);
  }
  return { file: fallback.file, line: fallback.line, path, message };
}

function buildCase(
  prow: Row,
  g: Record<
    "lesions" | "assessments" | "treatments" | "steroids" | "clinical" | "pathology" | "events",
    Map<string, Row[]>
  >,
  id: string,
): { doc: CaseInput; paths: Paths; problems: CsvIssue[] } {
  const paths: Paths = new Map();
  const problems: CsvIssue[] = [];
  const note = (path: string, row: Row, column?: string) => paths.set(path, origin(row, column));
  const cells = (row: Row) => {
    const c = new Cells(row);
    return {
      c,
      done: () => {
        problems.push(...c.problems);
        return c.problems.length === 0;
      },
    };
  };

  const p = cells(prow);
  const primaryKind = p.c.text("primary_cancer_kind");
  const patient = compact({
    id,
    tumorType: p.c.required("tumor_type"),
    whoGrade: p.c.number("who_grade"),
    setting: p.c.required("setting"),
    significantNonEnhancing: p.c.boolean("significant_non_enhancing"),
    primaryCancer: primaryKind
      ? compact({ kind: primaryKind, site: p.c.text("primary_cancer_site") })
      : undefined,
    molecular: molecularFromRow(p.c),
  });
  for (const [k, col] of MOLECULAR_COLUMNS) note(`$.patient.molecular.${k}`, prow, col);
  const protocol = compact({
    t0: p.c.text("t0"),
    mandatoryConfirmation: p.c.boolean("mandatory_confirmation"),
    primaryMethod: p.c.text("primary_method"),
    components: p.c.text("components"),
    reader: p.c.text("reader"),
  });
  p.done();
  for (const [k, col] of [
    ["tumorType", "tumor_type"],
    ["whoGrade", "who_grade"],
    ["setting", "setting"],
    ["significantNonEnhancing", "significant_non_enhancing"],
    ["primaryCancer", "primary_cancer_kind"],
  ] as const) {
    note(`$.patient.${k}`, prow, col);
  }
  for (const [k, col] of [
    ["t0", "t0"],
    ["mandatoryConfirmation", "mandatory_confirmation"],
    ["primaryMethod", "primary_method"],
    ["components", "components"],
  ] as const) {
    note(`$.protocol.${k}`, prow, col);
  }
  note("$.patient", prow);
  note("$", prow);

  // Assessments: one per date, from assessments.csv and/or lesions.csv.
  const dates = new Map<string, { row?: Row; lesions: Row[] }>();
  for (const r of g.assessments.get(id) ?? []) {
    const d = r.cells.date ?? "";
    const e = dates.get(d) ?? { lesions: [] };
    e.row = r;
    dates.set(d, e);
  }
  for (const r of g.lesions.get(id) ?? []) {
    const d = r.cells.date ?? "";
    const e = dates.get(d) ?? { lesions: [] };
    e.lesions.push(r);
    dates.set(d, e);
  }
  const assessmentsOut: CaseInput["assessments"] = [];
  [...dates.keys()].sort().forEach((date) => {
    const e = dates.get(date)!;
    const i = assessmentsOut.length;
    const base = `$.assessments[${i}]`;
    const a: Record<string, unknown> = { date };
    if (e.row) {
      const x = cells(e.row);
      Object.assign(
        a,
        compact({
          performed: x.c.boolean("performed"),
          evaluable: x.c.boolean("evaluable"),
          reason: x.c.text("reason"),
          baseline: x.c.boolean("baseline"),
          sliceThicknessMm: x.c.number("slice_thickness_mm"),
          sliceGapMm: x.c.number("slice_gap_mm"),
          t2Flair: x.c.text("t2flair_status")
            ? compact({
                status: x.c.text("t2flair_status"),
                attributableToOtherCause: x.c.boolean("t2flair_other_cause"),
              })
            : undefined,
        }),
      );
      if (!x.done()) return;
      note(base, e.row);
      note(`${base}.date`, e.row, "date");
      for (const [k, col] of [
        ["performed", "performed"],
        ["evaluable", "evaluable"],
        ["sliceThicknessMm", "slice_thickness_mm"],
        ["sliceGapMm", "slice_gap_mm"],
        ["t2Flair", "t2flair_status"],
      ] as const) {
        note(`${base}.${k}`, e.row, col);
      }
    } else if (e.lesions[0]) {
      note(base, e.lesions[0]);
      note(`${base}.date`, e.lesions[0], "date");
    }
    const lesionsOut: Record<string, unknown>[] = [];
    for (const r of e.lesions) {
      const x = cells(r);
      const ld = x.c.number("ld_mm");
      const perp = x.c.number("perp_mm");
      const nld = x.c.number("nodule_ld_mm");
      const nperp = x.c.number("nodule_perp_mm");
      const lesion = compact({
        id: x.c.required("lesion_id"),
        component: x.c.required("component"),
        role: x.c.text("role"),
        status: x.c.text("status"),
        diametersMm:
          ld !== undefined || perp !== undefined ? [ld ?? Number.NaN, perp ?? Number.NaN] : undefined,
        volumeMm3: x.c.number("volume_mm3"),
        slices: x.c.number("slices"),
        sliceThicknessMm: x.c.number("slice_thickness_mm"),
        sliceGapMm: x.c.number("slice_gap_mm"),
        wellDefined: x.c.boolean("well_defined"),
        cystOrCavity: x.c.boolean("cyst_or_cavity"),
        noduleDiametersMm: nld !== undefined && nperp !== undefined ? [nld, nperp] : undefined,
        outsideRadiationField: x.c.boolean("outside_radiation_field"),
        equivocal: x.c.boolean("equivocal"),
        location: x.c.text("location"),
        advancedImaging: advancedImagingFromRow(x.c),
      });
      if ((ld === undefined) !== (perp === undefined) && x.c.problems.length === 0) {
        x.c.problems.push({
          file: r.file,
          line: r.line,
          column: ld === undefined ? "ld_mm" : "perp_mm",
          message: "give both ld_mm and perp_mm, or neither",
        });
      }
      if (!x.done()) continue;
      const j = lesionsOut.length;
      const lp = `${base}.lesions[${j}]`;
      note(lp, r);
      for (const [k, col] of [
        ["id", "lesion_id"],
        ["component", "component"],
        ["role", "role"],
        ["status", "status"],
        ["volumeMm3", "volume_mm3"],
        ["slices", "slices"],
        ["outsideRadiationField", "outside_radiation_field"],
      ] as const) {
        note(`${lp}.${k}`, r, col);
      }
      note(`${lp}.diametersMm`, r, "ld_mm");
      note(`${lp}.diametersMm[0]`, r, "ld_mm");
      note(`${lp}.diametersMm[1]`, r, "perp_mm");
      for (const [k, col] of ADVANCED_IMAGING_COLUMNS) note(`${lp}.advancedImaging.${k}`, r, col);
      lesionsOut.push(lesion);
    }
    a.lesions = lesionsOut;
    assessmentsOut.push(a as CaseInput["assessments"][number]);
  });

  const simple = <T extends Record<string, unknown>>(
    rows: Row[] | undefined,
    key: string,
    map: (c: Cells) => T,
    columns: Record<string, string>,
  ): T[] => {
    const out: T[] = [];
    for (const r of rows ?? []) {
      const x = cells(r);
      const value = compact(map(x.c));
      if (!x.done()) continue;
      const path = `$.${key}[${out.length}]`;
      note(path, r);
      for (const [field, col] of Object.entries(columns)) note(`${path}.${field}`, r, col);
      out.push(value);
    }
    return out;
  };
  const treatmentsOut = simple(
    g.treatments.get(id),
    "treatments",
    (c) => ({
      type: c.required("type"),
      date: c.text("date"),
      start: c.text("start"),
      end: c.text("end"),
      agent: c.text("agent"),
      extent: c.text("extent"),
    }),
    { type: "type", date: "date", start: "start", end: "end", agent: "agent", extent: "extent" },
  );
  const steroidsOut = simple(
    g.steroids.get(id),
    "steroids",
    (c) => ({
      date: c.required("date"),
      agent: c.text("agent"),
      doseMgPerDay: c.number("dose_mg_per_day"),
      reason: c.text("reason"),
    }),
    { date: "date", agent: "agent", doseMgPerDay: "dose_mg_per_day" },
  );
  const clinicalOut = simple(
    g.clinical.get(id),
    "clinical",
    (c) => ({
      date: c.required("date"),
      status: c.required("status"),
      attributableToTumor: c.boolean("attributable_to_tumor"),
      kps: c.number("kps"),
      note: c.text("note"),
    }),
    { date: "date", status: "status", attributableToTumor: "attributable_to_tumor", kps: "kps" },
  );
  const pathologyOut = simple(
    g.pathology.get(id),
    "pathology",
    (c) => ({ date: c.required("date"), result: c.required("result"), lesionId: c.text("lesion_id") }),
    { date: "date", result: "result" },
  );
  const eventsOut = simple(
    g.events.get(id),
    "events",
    (c) => ({ type: c.required("type"), date: c.required("date"), note: c.text("note") }),
    { type: "type", date: "date" },
  );

  const doc = {
    patient,
    protocol,
    treatments: treatmentsOut,
    assessments: assessmentsOut,
    steroids: steroidsOut,
    clinical: clinicalOut,
    pathology: pathologyOut,
    events: eventsOut,
  } as unknown as CaseInput;
  return { doc, paths, problems };
}

/** Where a CSV issue is: `file:line (column c)`. */
export function csvIssueSource(i: CsvIssue): string {
  return `${i.file}${i.line > 0 ? `:${i.line}` : ""}${i.column ? ` (column ${i.column})` : ""}`;
}

export function formatCsvIssue(i: CsvIssue): string {
  return `${csvIssueSource(i)}: ${i.path ? `${i.path}: ` : ""}${i.message}`;
}
