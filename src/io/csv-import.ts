// Import of the long CSV layout trial data managers keep: one row per lesion per time point
// (lesions.csv) plus patients, assessments, treatments, steroids, clinical, pathology and events files
// (docs/csv-format.md). Every value remembers its file, line and column, so a schema error on the
// assembled case document is reported at the CSV cell it came from. Rows with errors are reported and
// skipped; the other rows and patients still load.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { type Case, type CaseInput, parseCase } from "../engine/index.ts";
import {
  ADVANCED_IMAGING_COLUMNS,
  advancedImagingFromRow,
  MOLECULAR_COLUMNS,
  molecularFromRow,
} from "./csv-advanced-imaging.ts";

export interface CsvIssue {
  file: string;
  line: number;
  column?: string;
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

function readRows(dir: string, file: string, issues: CsvIssue[], required: string[]): Row[] {
  const path = join(dir, file);
  if (!existsSync(path)) return [];
  let records: Array<{ record: Record<string, string>; info: { lines: number } }>;
  try {
    records = parse(readFileSync(path, "utf8"), {
      columns: true,
      info: true,
      skip_empty_lines: true,
      trim: true,
      bom: true,
    });
  } catch (e) {
    issues.push({
      file,
      line: (e as { lines?: number }).lines ?? 0,
      message: `unreadable CSV: ${(e as Error).message}`,
    });
    return [];
  }
  const header = records[0] ? Object.keys(records[0].record) : [];
  const missing = required.filter((c) => records.length > 0 && !header.includes(c));
  if (missing.length > 0) {
    issues.push({ file, line: 1, message: `missing required column(s): ${missing.join(", ")}` });
    return [];
  }
  return records.map((r) => ({ file, line: r.info.lines, cells: r.record }));
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
    return Number.isFinite(n) ? n : this.fail(column, `"${v}" is not a number`);
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
  const patients = readRows(dir, "patients.csv", issues, ["patient_id", "tumor_type", "setting"]);
  const lesions = readRows(dir, "lesions.csv", issues, ["patient_id", "date", "lesion_id", "component"]);
  const assessments = readRows(dir, "assessments.csv", issues, ["patient_id", "date"]);
  const treatments = readRows(dir, "treatments.csv", issues, ["patient_id", "type"]);
  const steroids = readRows(dir, "steroids.csv", issues, ["patient_id", "date", "dose_mg_per_day"]);
  const clinical = readRows(dir, "clinical.csv", issues, ["patient_id", "date", "status"]);
  const pathology = readRows(dir, "pathology.csv", issues, ["patient_id", "date", "result"]);
  const events = readRows(dir, "events.csv", issues, ["patient_id", "type", "date"]);

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
  const known = new Set(patients.map((p) => p.cells.patient_id ?? ""));
  for (const [name, m] of Object.entries(grouped)) {
    for (const [id, rows] of m) {
      if (!known.has(id)) {
        issues.push({
          file: `${name}.csv`,
          line: rows[0]!.line,
          column: "patient_id",
          message: `patient "${id}" is not in patients.csv`,
        });
      }
    }
  }

  const cases: ImportedCase[] = [];
  for (const prow of patients) {
    const id = prow.cells.patient_id ?? "";
    if (id === "") continue;
    const { doc, paths, problems } = buildCase(prow, grouped, id);
    const source = `patients.csv:${prow.line}`;
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
    if (o) return { ...o, message: `${message} (${path})` };
    const cut = Math.max(p.lastIndexOf("."), p.lastIndexOf("["));
    if (cut <= 0) break;
    p = p.slice(0, cut);
  }
  return { file: fallback.file, line: fallback.line, message: `${message} (${path})` };
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

export function formatCsvIssue(i: CsvIssue): string {
  return `${i.file}:${i.line}${i.column ? ` (column ${i.column})` : ""}: ${i.message}`;
}
