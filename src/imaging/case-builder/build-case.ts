// Builds a case document (src/engine/model/case.ts) from tracked lesion measurements (issue 6, §3).
//
// One case lesion per lineage (a tracked lesion and the fragments split off it, docs/lesion-tracking.md):
// - baseline = the first time point or the one the user names; the lesions present at baseline are
//   targets or non-targets (choose-targets.ts), later lesions are "new";
// - follow-up: present → measured; disappeared → target [0, 0] mm / 0 mm³ (MEAS-6), other roles
//   "absent"; merged into another lesion → "present" with 0 mm (RECIST 1.1 coalescence convention:
//   the merged lesion carries the whole measurement);
// - a lesion in several fragments is one lesion whose product (RANO 2.0) or longest diameter (RANO-BM)
//   is the sum over its fragments (RECIST 1.1 fragmentation convention, applied to products for RANO);
// - non-target status is "present" or "absent" from the masks only: "unequivocal progression" is a
//   reader's judgement and is never inferred here. Measurements are written for non-targets too, so the
//   engine can apply RANO2-NT-1 when a non-measurable lesion grows to measurable size.
import { assessedComponents } from "../../engine/criteria/rano2/scope.ts";
import type { CaseInput, TumorType } from "../../engine/model/case.ts";
import { parseCase } from "../../engine/model/parse.ts";
import { ImagingInputError } from "../errors.ts";
import type { TimePointTracks, TrackedLesion, TrackingResult } from "../tracking/track-series.ts";
import {
  type CaseComponent,
  type CaseCriteria,
  chooseTargets,
  type TargetCandidate,
  type TargetOverrides,
} from "./choose-targets.ts";

type LesionInput = NonNullable<CaseInput["assessments"][number]["lesions"]>[number];

export interface CasePatient {
  id: string;
  tumorType: TumorType;
  setting: "newly_diagnosed" | "recurrent";
  whoGrade?: 2 | 3 | 4;
  significantNonEnhancing?: boolean;
}

export interface BuildCaseInput {
  tracking: TrackingResult;
  /** One ISO date per time point, ascending. */
  dates: ReadonlyArray<string>;
  patient: CasePatient;
  /** Default: RANO-BM for brain metastases, RANO 2.0 otherwise. */
  criteria?: CaseCriteria;
  /** Default: the first time point. */
  baselineDate?: string;
  overrides?: TargetOverrides;
}

export type LineageRole = "target" | "non_target" | "new" | "before_baseline";

/** What a lineage looks like at one time point (for tables and tests). */
export type LineageCell =
  | { state: "unseen" }
  | { state: "absent" }
  | { state: "merged"; into: string }
  | { state: "present"; fragments: number; diametersMm?: [number, number]; volumeMm3: number };

export interface LineageRow {
  id: string;
  component: CaseComponent;
  role: LineageRole;
  cells: LineageCell[];
}

export interface BuiltCase {
  document: CaseInput;
  criteria: CaseCriteria;
  baselineIndex: number;
  components: CaseComponent[];
  targets: string[];
  nonTargets: string[];
  newLesions: { id: string; firstSeen: string }[];
  /** Lineages of components the criteria do not assess for this case (left out of the document). */
  leftOut: { id: string; component: CaseComponent }[];
  notes: string[];
  rows: LineageRow[];
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

function isCalendarDate(s: string): boolean {
  const m = ISO.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

/** One ISO date per mask, strictly ascending; problems name the date's position and its mask. */
export function checkDates(dates: ReadonlyArray<string>, sources: ReadonlyArray<string>): void {
  if (dates.length !== sources.length) {
    throw new ImagingInputError(
      "--dates",
      `${dates.length} date(s) for ${sources.length} mask(s); give one date per mask, in the same order`,
    );
  }
  dates.forEach((d, i) => {
    if (!isCalendarDate(d)) {
      throw new ImagingInputError(
        "--dates",
        `date ${i + 1} "${d}" (${sources[i]}) is not an ISO date YYYY-MM-DD`,
      );
    }
    if (i > 0 && d <= dates[i - 1]!) {
      throw new ImagingInputError(
        "--dates",
        `dates must be strictly ascending: date ${i + 1} ${d} (${sources[i]}) is not after ${dates[i - 1]} (${sources[i - 1]})`,
      );
    }
  });
}

const round2 = (x: number) => Math.round(x * 100) / 100;

export function defaultCriteria(tumorType: TumorType): CaseCriteria {
  if (tumorType === "leptomeningeal_metastasis") {
    throw new ImagingInputError(
      "--tumor-type",
      "lesion tracking builds RANO 2.0 or RANO-BM cases; leptomeningeal metastasis (RANO-LM) is not supported",
    );
  }
  return tumorType === "brain_metastasis" ? "bm" : "rano2";
}

/** Longest diameter of one fragment: bidimensional longest (RANO 2.0) or longest in-plane (RANO-BM). */
function longestOf(l: TrackedLesion, criteria: CaseCriteria): number | null {
  const bi = l.lesion.bidimensional;
  if (criteria === "bm") return l.lesion.longestDiameterMm ?? bi?.longest.lengthMm ?? null;
  return bi ? bi.longest.lengthMm : null;
}

interface Aggregate {
  fragments: number;
  diametersMm?: [number, number];
  volumeMm3: number;
  extentsMm: [number, number, number];
  slices: number;
  cystOrCavity: boolean;
}

/**
 * One lineage's fragments at one time point as one measurement. Several fragments: RANO 2.0 writes the
 * largest fragment's longest diameter and the second diameter that makes the product equal to the sum of
 * the fragments' products (larger of the two first); RANO-BM writes the sum of the longest diameters and the largest fragment's
 * perpendicular. Volumes add; extents and slice counts are the largest fragment-wise values.
 */
function aggregate(obs: ReadonlyArray<TrackedLesion>, criteria: CaseCriteria): Aggregate {
  const measured = obs
    .map((o) => ({
      ld: longestOf(o, criteria),
      perp: o.lesion.bidimensional?.perpendicular.lengthMm ?? null,
    }))
    .filter((x): x is { ld: number; perp: number } => x.ld !== null && x.perp !== null)
    .sort((a, b) => b.ld - a.ld);
  let diametersMm: [number, number] | undefined;
  const largest = measured[0];
  if (largest && measured.length === 1) diametersMm = [round2(largest.ld), round2(largest.perp)];
  else if (largest && criteria === "bm") {
    diametersMm = [round2(measured.reduce((s, x) => s + x.ld, 0)), round2(largest.perp)];
  } else if (largest) {
    const product = measured.reduce((s, x) => s + x.ld * x.perp, 0);
    const other = largest.ld > 0 ? product / largest.ld : 0;
    // Written larger first, as the engine reads them (it takes the larger as the longest diameter).
    diametersMm = [round2(Math.max(largest.ld, other)), round2(Math.min(largest.ld, other))];
  }
  const ext = [0, 1, 2].map((a) => Math.max(...obs.map((o) => o.lesion.extentsMm[a]!)));
  return {
    fragments: obs.length,
    ...(diametersMm ? { diametersMm } : {}),
    volumeMm3: round2(obs.reduce((s, o) => s + o.lesion.volumeMm3, 0)),
    extentsMm: [round2(ext[0]!), round2(ext[1]!), round2(ext[2]!)],
    slices: Math.max(1, ...obs.map((o) => o.lesion.sliceCount)),
    cystOrCavity: obs.some((o) => o.lesion.cavityWall === true),
  };
}

export function buildCase(input: BuildCaseInput): BuiltCase {
  const { tracking, dates, patient } = input;
  const tps = tracking.timePoints;
  checkDates(dates, tracking.sources);
  const criteria = input.criteria ?? defaultCriteria(patient.tumorType);
  if (patient.tumorType === "leptomeningeal_metastasis") defaultCriteria(patient.tumorType);
  let b = 0;
  if (input.baselineDate !== undefined) {
    b = dates.indexOf(input.baselineDate);
    if (b < 0) {
      throw new ImagingInputError(
        "--baseline",
        `${input.baselineDate} is not one of the mask dates (${dates.join(", ")})`,
      );
    }
  }
  const components = componentsAssessed(input, criteria);
  const notes: string[] = [];

  // Lineages, in order of first appearance.
  const lineages = new Map<string, { component: CaseComponent; first: number }>();
  tps.forEach((tp, t) => {
    for (const l of tp.lesions)
      if (!lineages.has(l.lineage)) lineages.set(l.lineage, { component: l.component, first: t });
  });
  const leftOut = [...lineages]
    .filter(([, v]) => !components.includes(v.component))
    .map(([id, v]) => ({ id, component: v.component }));
  if (leftOut.length > 0) {
    notes.push(
      `${criteria === "bm" ? "RANO-BM" : "RANO 2.0"} does not assess ${[...new Set(leftOut.map((l) => l.component.replace("_", "-")))].join(" or ")} disease for this case: ${leftOut.map((l) => l.id).join(", ")} left out`,
    );
  }
  const trackLineage = new Map(tracking.tracks.map((t) => [t.id, t.lineage]));
  const obsAt = (t: number, lineage: string) => tps[t]!.lesions.filter((l) => l.lineage === lineage);
  /** Present, merged into a present lineage (following chains of merges), or absent. */
  const cellAt = (t: number, lineage: string, depth = 0): LineageCell => {
    const obs = obsAt(t, lineage);
    if (obs.length > 0) {
      const a = aggregate(obs, criteria);
      return {
        state: "present",
        fragments: a.fragments,
        ...(a.diametersMm ? { diametersMm: a.diametersMm } : {}),
        volumeMm3: a.volumeMm3,
      };
    }
    const merge = tracking.tracks
      .filter((s) => s.lineage === lineage && s.mergedInto && s.mergedInto.index <= t)
      .sort((x, y) => y.mergedInto!.index - x.mergedInto!.index)[0];
    if (merge && depth < 64) {
      const into = trackLineage.get(merge.mergedInto!.id)!;
      const there = cellAt(t, into, depth + 1);
      if (there.state === "present") return { state: "merged", into };
      if (there.state === "merged") return there;
    }
    return { state: "absent" };
  };

  // Baseline lesions and the target choice.
  const baselineIds = [...lineages.keys()].filter(
    (id) => components.includes(lineages.get(id)!.component) && obsAt(b, id).length > 0,
  );
  const spacing = tps[b]!.spacingMm;
  const planeAxis = tps[b]!.lesions.find((l) => l.lesion.bidimensional)?.lesion.bidimensional?.planeAxis ?? 2;
  const candidates: TargetCandidate[] = baselineIds.map((id) => {
    const a = aggregate(obsAt(b, id), criteria);
    return {
      id,
      component: lineages.get(id)!.component,
      longestMm: a.diametersMm ? Math.max(...a.diametersMm) : null,
      perpendicularMm: a.diametersMm ? Math.min(...a.diametersMm) : null,
      sliceCount: a.slices,
      cystOrCavity: a.cystOrCavity,
    };
  });
  const choice = chooseTargets(
    candidates,
    { criteria, components, sliceSpacingMm: spacing[planeAxis] },
    input.overrides,
  );
  notes.push(...choice.notes);
  const role = new Map<string, LineageRole>();
  for (const id of choice.targets) role.set(id, "target");
  for (const id of choice.nonTargets) role.set(id, "non_target");

  const newLesions: { id: string; firstSeen: string }[] = [];
  for (const [id, v] of lineages) {
    if (role.has(id) || !components.includes(v.component)) continue;
    const seenAfter = tps.findIndex((_, t) => t > b && obsAt(t, id).length > 0);
    if (seenAfter >= 0) {
      role.set(id, "new");
      newLesions.push({ id, firstSeen: dates[seenAfter]! });
    } else role.set(id, "before_baseline");
  }

  const rows: LineageRow[] = [...lineages]
    .filter(([id]) => role.has(id))
    .map(([id, v]) => ({
      id,
      component: v.component,
      role: role.get(id)!,
      cells: tps.map((_, t) => (t < v.first ? { state: "unseen" as const } : cellAt(t, id))),
    }));

  for (const row of rows) {
    if (row.role !== "target") continue;
    row.cells.forEach((c, t) => {
      if (c.state === "merged" && role.get(c.into) !== "target" && t > b) {
        notes.push(
          `${dates[t]}: target ${row.id} merged into ${role.get(c.into)?.replace("_", "-")} lesion ${c.into}; the target sum no longer includes it — review`,
        );
      }
    });
  }

  const assessments = tps.map((tp, t) => ({
    date: dates[t]!,
    // Marked only when the user named it (--baseline): the engine reports a marked baseline as "chosen
    // by the user"; otherwise it finds the first scan itself (the last scan on or before T0).
    ...(t === b && input.baselineDate !== undefined ? { baseline: true } : {}),
    sliceThicknessMm: round2(tp.spacingMm[planeAxis]!),
    lesions: rows.flatMap((row) => lesionEntries(row, t, b, criteria)),
    note: describeTimePoint(tp, t, b, tracking, role),
  }));

  const document: CaseInput = {
    schemaVersion: "1.0",
    patient: {
      id: patient.id,
      tumorType: patient.tumorType,
      setting: patient.setting,
      ...(patient.whoGrade ? { whoGrade: patient.whoGrade } : {}),
      significantNonEnhancing: patient.significantNonEnhancing ?? false,
    },
    // T0 = the baseline scan: RANO-BM and RANO-LGG pick the last scan on or before T0 and do not read the
    // `baseline` mark; replace it with the real treatment start when known.
    protocol: { t0: dates[b]!, primaryMethod: "bidimensional", components: "auto" },
    assessments,
  };
  return {
    document,
    criteria,
    baselineIndex: b,
    components,
    targets: choice.targets,
    nonTargets: choice.nonTargets,
    newLesions,
    leftOut,
    notes,
    rows,
  };

  function lesionEntries(row: LineageRow, t: number, base: number, c: CaseCriteria): LesionInput[] {
    const cell = row.cells[t]!;
    const out: LesionInput[] = [];
    const caseRole = row.role === "before_baseline" ? undefined : row.role;
    if (t < base) {
      // Before the baseline: what was seen, for the record (the engine does not assess these scans).
      if (cell.state !== "present") return out;
      out.push(measuredEntry(row, caseRole, obsAt(t, row.id), c));
      return out;
    }
    if (row.role === "new" && t < tps.findIndex((_, s) => s > base && obsAt(s, row.id).length > 0))
      return out;
    if (row.role === "before_baseline") return out;
    const head = { id: row.id, component: row.component, ...(caseRole ? { role: caseRole } : {}) };
    if (cell.state === "present") out.push(measuredEntry(row, caseRole, obsAt(t, row.id), c));
    else if (cell.state === "merged") {
      out.push({ ...head, status: "present", diametersMm: [0, 0], volumeMm3: 0 } as LesionInput);
    } else if (cell.state === "absent") {
      out.push({
        ...head,
        status: "absent",
        ...(row.role === "target" ? { diametersMm: [0, 0], volumeMm3: 0 } : {}),
      } as LesionInput);
    }
    return out;
  }
}

function measuredEntry(
  row: LineageRow,
  role: LesionInput["role"],
  obs: ReadonlyArray<TrackedLesion>,
  criteria: CaseCriteria,
): LesionInput {
  const a = aggregate(obs, criteria);
  // A target still visible but without a bidimensional measurement: MEAS-7 "too small to measure".
  const status = a.diametersMm || role !== "target" ? "present" : "too_small";
  return {
    id: row.id,
    component: row.component,
    ...(role ? { role } : {}),
    status,
    ...(a.diametersMm ? { diametersMm: a.diametersMm } : {}),
    volumeMm3: a.volumeMm3,
    extentsMm: a.extentsMm,
    slices: a.slices,
    ...(a.cystOrCavity ? { cystOrCavity: true } : {}),
  };
}

/** Components the criteria assess for this patient: the engine's own scope rule for RANO 2.0. */
function componentsAssessed(input: BuildCaseInput, criteria: CaseCriteria): CaseComponent[] {
  if (criteria === "bm") return ["enhancing"];
  const parsed = parseCase({
    patient: {
      id: input.patient.id,
      tumorType: input.patient.tumorType,
      setting: input.patient.setting,
      significantNonEnhancing: input.patient.significantNonEnhancing ?? false,
    },
    assessments: [{ date: input.dates[0] }],
  });
  if (!parsed.ok) {
    throw new ImagingInputError("patient", parsed.errors.map((e) => `${e.path}: ${e.message}`).join("; "));
  }
  const scope = assessedComponents(parsed.value);
  const out: CaseComponent[] = [];
  if (scope.enhancing) out.push("enhancing");
  if (scope.nonEnhancing) out.push("non_enhancing");
  return out;
}

/** The tracking events of a time point, for the assessment's note (in-scope lesions only). */
function describeTimePoint(
  tp: TimePointTracks,
  t: number,
  b: number,
  tracking: TrackingResult,
  role: ReadonlyMap<string, LineageRole>,
): string {
  const lineageOf = new Map(tracking.tracks.map((s) => [s.id, s.lineage]));
  const shown = (id: string) => role.has(lineageOf.get(id) ?? id);
  const parts: string[] = [`mask ${basename(tp.source)}`];
  if (t === b) parts.push("baseline");
  if (t > 0) {
    const list = (label: string, ids: string[]) => {
      const keep = ids.filter(shown);
      if (keep.length > 0) parts.push(`${label}: ${keep.join(", ")}`);
    };
    list("new", tp.newIds);
    list("disappeared", tp.disappearedIds);
    list("reappeared", tp.reappearedIds);
    for (const s of tp.splits.filter((x) => shown(x.from))) {
      parts.push(`${s.from} split into ${s.into.join(", ")} (measured together as ${lineageOf.get(s.from)})`);
    }
    for (const m of tp.merges.filter((x) => shown(x.into))) {
      const into = lineageOf.get(m.into) ?? m.into;
      const others = m.from.filter((id) => lineageOf.get(id) !== into);
      const rejoined = m.from.filter((id) => lineageOf.get(id) === into);
      if (others.length > 0) {
        parts.push(
          `${others.join(", ")} merged into ${m.into} (recorded as 0 mm; ${into} carries the measurement)`,
        );
      }
      if (rejoined.length > 0) parts.push(`fragments ${rejoined.join(", ")} rejoined ${m.into}`);
    }
  }
  return `lesion tracking: ${parts.join("; ")}`;
}

function basename(p: string): string {
  return p.split(/[\\/]/).pop() ?? p;
}
