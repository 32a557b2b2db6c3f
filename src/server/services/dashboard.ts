// The study dashboard: one payload with what the web's plots need, computed from each subject's accepted
// read under one criteria set — waterfall (best % change), spider (% change per scan over time), swimmer
// (time on study with response and progression marks), the Kaplan–Meier PFS curve with its confidence
// band and numbers at risk, ORR / DCR with confidence intervals (src/endpoints), how the protocol's
// criteria sets disagree on the same accepted reads (the engine's compareCriteria), and the BICR
// metrics. Nothing here decides a category: every label, change and date is the engine's.
import { gzipSync } from "node:zlib";
import { sql } from "kysely";
import { bicrMetrics } from "../../app/bicr-metrics.ts";
import { type CohortPatientResult, disagreementRates, summariseCohort } from "../../endpoints/cohort.ts";
import type { KaplanMeier } from "../../endpoints/kaplan-meier.ts";
import { daysBetween } from "../../engine/core/dates.ts";
import type { ComponentResult, PatientResult, TimepointResult } from "../../engine/index.ts";
import { requireRole, requireStudy, seesArm } from "../auth/access.ts";
import type { Ctx } from "../context.ts";
import { Raw } from "../http/route.ts";
import { loadStudyData, protocolCriteria, requireArmFilterAllowed, type StudyFilter } from "./study-data.ts";
import { metricsInput } from "./study-results.ts";

export interface DashboardQuery extends StudyFilter {
  criteria?: string | undefined;
  /** Spacing of the numbers-at-risk table, days (default 56: an 8-week scan schedule). */
  atRiskEveryDays?: number | undefined;
}

/** The measured component a subject's % changes are taken from: the one that decided its first
 * follow-up, else the first with a baseline sum. */
function mainComponent(r: PatientResult): ComponentResult["component"] | null {
  const first = r.timepoints.find((t) => t.kind === "follow_up" && t.decision?.deciding);
  if (first?.decision?.deciding) return first.decision.deciding;
  const base = r.timepoints.find((t) => t.kind === "baseline");
  return (
    base?.components.find((c) => c.sum !== null && c.category !== "NA")?.component ??
    base?.components.find((c) => c.sum !== null)?.component ??
    null
  );
}

const SHOWN: ReadonlyArray<TimepointResult["kind"]> = ["baseline", "follow_up", "after_progression"];

function subjectSeries(r: PatientResult) {
  const component = mainComponent(r);
  const baseline = r.baselineDate;
  const points = r.timepoints
    .filter((t) => SHOWN.includes(t.kind))
    .map((t) => {
      const c = component ? t.components.find((x) => x.component === component) : undefined;
      return {
        date: t.date,
        kind: t.kind,
        daysFromBaseline: baseline ? daysBetween(baseline, t.date) : null,
        daysFromT0: daysBetween(r.t0, t.date),
        label: t.label,
        finalLabel: t.finalLabel,
        changeFromBaselinePct: t.kind === "baseline" ? 0 : (c?.changeFromBaselinePct ?? null),
        sum: c?.sum ?? null,
        unit: c?.unit ?? null,
      };
    });
  const changes = points
    .filter((p) => p.kind === "follow_up" && p.changeFromBaselinePct !== null)
    .map((p) => p.changeFromBaselinePct!);
  const lastScan = points.at(-1)?.date ?? r.t0;
  const end = r.pfs.date > lastScan ? r.pfs.date : lastScan;
  const responding = r.timepoints.filter(
    (t) => t.kind === "follow_up" && ["CR", "PR", "MR"].includes(t.finalLabel ?? t.label ?? ""),
  );
  return {
    component,
    points,
    bestChangePct: changes.length > 0 ? Math.min(...changes) : null,
    swimmer: {
      timeOnStudyDays: Math.max(0, daysBetween(r.t0, end)),
      ongoing: !r.pfs.event,
      firstResponseDay: responding[0] ? daysBetween(r.t0, responding[0].date) : null,
      responseDays: responding.map((t) => ({
        day: daysBetween(r.t0, t.date),
        label: (t.finalLabel ?? t.label)!,
      })),
      progressionDay: r.progression.date ? daysBetween(r.t0, r.progression.date) : null,
      progressionCause: r.progression.cause,
    },
  };
}

/** Survival of a Kaplan–Meier curve at time t (right-continuous step function). */
function survivalAt(km: KaplanMeier, t: number) {
  let s = { survival: 1, lower: 1, upper: 1 };
  for (const step of km.steps) {
    if (step.time > t) break;
    if (step.events > 0) s = { survival: step.survival, lower: step.lower, upper: step.upper };
  }
  return s;
}

function pfsPayload(km: KaplanMeier, times: number[], every: number) {
  const maxTime = times.length > 0 ? Math.max(...times) : 0;
  const ticks: number[] = [];
  for (let t = 0; t <= maxTime; t += every) ticks.push(t);
  const sorted = [...times].sort((a, b) => a - b);
  // Number at risk at t = subjects whose time is ≥ t (binary search on the sorted times).
  const atRisk = (t: number) => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]! < t) lo = mid + 1;
      else hi = mid;
    }
    return sorted.length - lo;
  };
  return {
    n: km.n,
    events: km.events,
    censored: km.censored,
    medianDays: km.median,
    medianLowerDays: km.medianLower,
    medianUpperDays: km.medianUpper,
    confType: km.confType,
    level: km.level,
    curve: [
      { time: 0, survival: 1, lower: 1, upper: 1, atRisk: km.n, events: 0, censored: 0 },
      ...km.steps.map((s) => ({
        time: s.time,
        survival: s.survival,
        lower: s.lower,
        upper: s.upper,
        atRisk: s.atRisk,
        events: s.events,
        censored: s.censored,
      })),
    ],
    atRiskEveryDays: every,
    atRisk: ticks.map((t) => ({ time: t, atRisk: atRisk(t), ...survivalAt(km, t) })),
  };
}

export async function studyDashboard(ctx: Ctx, studyId: string, q: DashboardQuery) {
  requireRole(ctx, "admin", "study_manager", "monitor");
  const { study, protocol, subjects } = await loadStudyData(ctx, studyId, q);
  const criteria = protocolCriteria(protocol, q.criteria);
  const sets = [
    protocol.primaryCriteria,
    ...protocol.exploratoryCriteria.filter((c) => c !== protocol.primaryCriteria),
  ];
  const every = q.atRiskEveryDays ?? 56;
  const arm = seesArm(ctx);

  const rows = [];
  const accepted: PatientResult[] = [];
  const byCriteria = new Map<string, Map<number, CohortPatientResult>>(sets.map((c) => [c, new Map()]));
  let comparedScans = 0;
  let disagreeingScans = 0;
  const subjectDisagreements = [];
  for (const s of subjects) {
    const read = s.reads.find((r) => r.readId === s.acceptedReadId);
    const result = read?.results[criteria];
    if (!read || !result) continue;
    const k = accepted.length;
    accepted.push(result);
    for (const c of sets) {
      const rc = read.results[c];
      if (rc) byCriteria.get(c)!.set(k, rc);
    }
    const comparison = read.assessment.comparison!;
    const scans = comparison.rows.filter((row) =>
      Object.values(row.cells).some((c) => c && c.kind !== "clinical"),
    );
    const disagreeing = scans.filter((row) => row.disagreement);
    comparedScans += scans.length;
    disagreeingScans += disagreeing.length;
    if (disagreeing.length > 0 || comparison.endpointDisagreements.length > 0) {
      subjectDisagreements.push({
        subjectId: s.subjectId,
        pseudonym: s.pseudonym,
        dates: disagreeing.map((row) => row.date),
        endpoints: comparison.endpointDisagreements,
      });
    }
    const series = subjectSeries(result);
    rows.push({
      subjectId: s.subjectId,
      pseudonym: s.pseudonym,
      siteId: s.siteId,
      siteCode: s.siteCode,
      ...(arm ? { arm: s.arm } : {}),
      readId: read.readId,
      selection: s.acceptedHow!,
      t0: result.t0,
      baselineDate: result.baselineDate,
      bestOverallResponse: result.bestOverallResponse.category,
      bestByCriteria: Object.fromEntries(
        sets.flatMap((c) => (read.results[c] ? [[c, read.results[c].bestOverallResponse.category]] : [])),
      ),
      confirmed: result.bestOverallResponse.confirmed,
      bestChangePct: series.bestChangePct,
      component: series.component,
      pfsDays: result.pfs.days,
      pfsEvent: result.pfs.event,
      progressionDate: result.progression.date,
      timepoints: series.points,
      swimmer: series.swimmer,
    });
  }
  const summary = accepted.length > 0 ? summariseCohort(accepted) : null;
  return {
    studyId: study.id,
    criteria,
    criteriaSets: sets,
    filters: { site: q.site ?? null, arm: q.arm ?? null },
    subjects: subjects.length,
    subjectsWithAcceptedRead: accepted.length,
    bestResponse: summary?.bestResponse ?? { CR: 0, PR: 0, MR: 0, SD: 0, PD: 0, NE: 0 },
    orr: summary?.orr ?? null,
    orrWithMr: summary?.orrWithMr ?? null,
    dcr: summary?.dcr ?? null,
    pfs: summary
      ? pfsPayload(
          summary.pfs,
          accepted.map((r) => r.pfs.days),
          every,
        )
      : null,
    perSubject: rows,
    criteriaDisagreement: {
      pairs: disagreementRates(byCriteria).map(({ patients, ...p }) => ({ ...p, subjects: patients })),
      scans: { compared: comparedScans, disagreeing: disagreeingScans },
      subjects: subjectDisagreements,
    },
    bicr: {
      criteria: protocol.primaryCriteria,
      ...bicrMetrics(metricsInput(subjects, protocol.primaryCriteria), protocol.progressionAgreementDays),
    },
  };
}

/** What the dashboard of a study is computed from, in one query: counts and version sums of its sites,
 * subjects, time points, reads (and how many are locked or superseded) and adjudications (decided, void,
 * with a selection), the study's version and current protocol, and the users' versions (reader names).
 * Every write bumps a version, adds a row or moves a status one way, so any change to what the dashboard
 * shows changes the fingerprint; the reads' contents are covered by the read versions, as in the
 * assessment cache. */
export async function studyFingerprint(ctx: Ctx, studyId: string): Promise<string> {
  const r = await sql<Record<string, unknown>>`SELECT
    (SELECT version FROM studies WHERE id = ${studyId}) AS sv,
    (SELECT current_protocol_id FROM studies WHERE id = ${studyId}) AS sp,
    (SELECT count(*) FROM sites WHERE study_id = ${studyId}) AS a1,
    (SELECT coalesce(sum(version), 0) FROM sites WHERE study_id = ${studyId}) AS a2,
    (SELECT count(*) FROM subjects WHERE study_id = ${studyId}) AS b1,
    (SELECT coalesce(sum(version), 0) FROM subjects WHERE study_id = ${studyId}) AS b2,
    (SELECT count(*) FROM timepoints t JOIN subjects s ON s.id = t.subject_id WHERE s.study_id = ${studyId}) AS c1,
    (SELECT coalesce(sum(t.version), 0) FROM timepoints t JOIN subjects s ON s.id = t.subject_id WHERE s.study_id = ${studyId}) AS c2,
    (SELECT count(*) FROM reads WHERE study_id = ${studyId}) AS d1,
    (SELECT coalesce(sum(version), 0) FROM reads WHERE study_id = ${studyId}) AS d2,
    (SELECT count(*) FROM reads WHERE study_id = ${studyId} AND status = 'locked') AS d3,
    (SELECT count(*) FROM reads WHERE study_id = ${studyId} AND status = 'superseded') AS d4,
    (SELECT max(locked_at) FROM reads WHERE study_id = ${studyId}) AS d5,
    (SELECT count(*) FROM adjudications WHERE study_id = ${studyId}) AS e1,
    (SELECT coalesce(sum(version), 0) FROM adjudications WHERE study_id = ${studyId}) AS e2,
    (SELECT count(*) FROM adjudications WHERE study_id = ${studyId} AND status = 'decided') AS e3,
    (SELECT count(*) FROM adjudications WHERE study_id = ${studyId} AND status = 'void') AS e4,
    (SELECT count(selected_read_id) FROM adjudications WHERE study_id = ${studyId}) AS e5,
    (SELECT count(*) FROM users) AS f1,
    (SELECT coalesce(sum(version), 0) FROM users) AS f2`.execute(ctx.database.db);
  return Object.values(r.rows[0] ?? {})
    .map((v) => String(v))
    .join(":");
}

/** GET /studies/{id}/dashboard: the payload serialised once per state of the study and kept (with its
 * gzip) in a small LRU keyed by the query, whether the caller sees arms, and the study's fingerprint —
 * so a repeated view costs the access checks and one aggregate query. Access is checked on every call,
 * before the cache. */
export async function studyDashboardResponse(
  ctx: Ctx,
  studyId: string,
  q: DashboardQuery,
  acceptsGzip: boolean,
): Promise<Raw> {
  requireRole(ctx, "admin", "study_manager", "monitor");
  requireArmFilterAllowed(ctx, q.arm);
  await requireStudy(ctx, studyId);
  const key = JSON.stringify([
    studyId,
    q.criteria ?? null,
    q.site ?? null,
    q.arm ?? null,
    q.atRiskEveryDays ?? null,
    seesArm(ctx),
    await studyFingerprint(ctx, studyId),
  ]);
  const cache = ctx.cache.payloads;
  let entry = cache.get(key);
  let value: unknown;
  if (!entry) {
    value = await studyDashboard(ctx, studyId, q);
    entry = cache.set(key, { json: JSON.stringify(value), gzip: null });
  }
  if (acceptsGzip) {
    entry.gzip ??= gzipSync(entry.json, { level: 6 });
    return new Raw(entry.gzip, "application/json; charset=utf-8", undefined, value, {
      "content-encoding": "gzip",
      vary: "accept-encoding",
    });
  }
  return new Raw(entry.json, "application/json; charset=utf-8", undefined, value, {
    vary: "accept-encoding",
  });
}
