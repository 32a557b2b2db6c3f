// Stage 5 — endpoints: what is still pending after the last assessment, response durability
// (RANO2-DUR-1), best overall response, progression, PFS and DOR (END-*), the lesion roles, and the
// translation of the neutral rule roles into the criteria set's own IDs.
import type { Case } from "../../model/case.ts";
import type { LesionRole, PatientResult, Progression, TimepointResult, Warning } from "../../model/result.ts";
import { addDays } from "../dates.ts";
import { applyDurability } from "../durability.ts";
import { deriveEndpoints } from "../endpoints.ts";
import { notAssessableResult } from "../not-assessable.ts";
import { ugToMg } from "../steroids.ts";
import type { CriteriaProfile } from "./profile.ts";
import { ruleCiter } from "./rule-roles.ts";
import type { Baselined } from "./setup.ts";
import type { WalkState } from "./state.ts";

export function finishTimeline(tl: Baselined, st: WalkState, rows: TimepointResult[]): PatientResult {
  const { o, c, profile } = tl;
  const stillPending = st.anchor;
  if (stillPending) {
    for (const p of stillPending.rows)
      p.status =
        st.lastNewTherapyOrStop && st.lastNewTherapyOrStop > stillPending.date
          ? "unconfirmed"
          : "awaiting_confirmation";
    const last = stillPending.rows[stillPending.rows.length - 1]!;
    last.nextAction = `confirmation scan due on or after ${stillPending.decision.eligibleFrom ?? addDays(stillPending.date, o.confirmMinDays)}`;
  }
  applyDurability(rows, o.responseConfirmDays, "RANO2-DUR-1");

  let lastFollowUp: TimepointResult | undefined;
  for (let i = rows.length - 1; i >= 0 && lastFollowUp === undefined; i--)
    if (rows[i]!.kind === "follow_up") lastFollowUp = rows[i];
  if (
    lastFollowUp &&
    lastFollowUp.status === "awaiting_confirmation" &&
    ["CR", "PR", "MR"].includes(lastFollowUp.finalLabel ?? "")
  ) {
    lastFollowUp.nextAction = `confirmation scan due ≥ ${o.responseConfirmDays} days after ${lastFollowUp.date} (on or after ${addDays(lastFollowUp.date, o.responseConfirmDays)})`;
  }

  const prog: Progression = st.progression ?? {
    date: null,
    establishedOn: null,
    cause: null,
    rules: [],
    reason: stillPending ? `preliminary progression ${stillPending.date} not confirmed` : "no progression",
  };
  const pendingSteroid = st.indSteroid
    ? `follow-ups from ${st.indSteroid.date} are indeterminate under the steroid rule (dose above the baseline ${ugToMg(tl.baselineDoseUg)} mg/day, never tapered back; RANO2-STER-3): they are neither SD nor PD, and progression, if it follows, is back-dated to ${st.indSteroid.date}`
    : null;
  const endpoints = deriveEndpoints(
    {
      t0: tl.t0,
      rows,
      progression: prog,
      unconfirmedAnchor: stillPending ? stillPending.date : null,
      events: c.events,
      pending: pendingSteroid,
    },
    {
      sdMinDays: o.sdMinDays,
      responseConfirmDays: o.responseConfirmDays,
      missedVisitsForCensor: o.missedVisitsForCensor,
      unconfirmedAtCutoff: o.unconfirmedAtCutoff,
      newTherapy: o.newTherapy,
      minorResponse: profile.minorResponse(tl.components),
    },
  );
  tl.warnings.push(...endpoints.warnings);
  if (tl.nonMeasurableOnly) endpoints.bestOverallResponse.rules.push("END-BOR-3");
  prog.rules = [...new Set(prog.rules)];
  return translateRules(
    {
      patientId: c.patient.id,
      criteria: profile.shortName,
      t0: tl.t0,
      baselineDate: tl.baselineDate,
      timepoints: rows,
      lesions: lesionRoles(tl),
      bestOverallResponse: endpoints.bestOverallResponse,
      progression: prog,
      pfs: endpoints.pfs,
      dor: endpoints.dor,
      timeToResponseDays: endpoints.timeToResponseDays,
      warnings: tl.warnings,
    },
    profile,
  );
}

function lesionRoles(tl: Baselined): LesionRole[] {
  const out: LesionRole[] = [];
  const firstSeen = (id: string): string => {
    const s = tl.scans.find((x, p) => p >= tl.b && (x.lesions.get(id)?.status ?? "absent") !== "absent");
    return s ? s.date : tl.baselineDate;
  };
  for (const comp of tl.components) {
    const st = tl.states.get(comp)!;
    for (const id of tl.targets.targets[comp])
      out.push({ id, component: comp, role: "target", firstSeen: tl.baselineDate });
    for (const id of tl.targets.nonTargets[comp])
      out.push({ id, component: comp, role: "non_target", firstSeen: tl.baselineDate });
    const news = new Set([
      ...st.track.ids().filter((id) => st.track.kindOf(id) === "new"),
      ...st.newNonMeasurable.keys(),
      ...st.triggeredNew,
    ]);
    for (const id of [...news].sort())
      out.push({ id, component: comp, role: "new", firstSeen: firstSeen(id) });
  }
  return out;
}

export function emptyResult(
  c: Case,
  profile: CriteriaProfile,
  t0: string,
  rows: TimepointResult[],
  warnings: Warning[],
  why: string,
): PatientResult {
  return translateRules(
    notAssessableResult(c.patient.id, profile.shortName, t0, rows, warnings, "RANO2-BASE-1", why),
    profile,
  );
}

/** Rewrites the neutral rule roles into the profile's own rule IDs (dropping those it maps to null). */
function translateRules(r: PatientResult, profile: CriteriaProfile): PatientResult {
  // First occurrences in order (as a Set would keep them); a row cites a handful of rules, so a linear
  // search is cheaper than a Set per row.
  const cite = ruleCiter(profile.rules);
  const map = (ids: string[]) => {
    const out: string[] = [];
    for (const id of ids) {
      const own = cite(id);
      if (own !== null && !out.includes(own)) out.push(own);
    }
    return out;
  };
  const code = (w: Warning) => {
    w.code = cite(w.code) ?? w.code;
  };
  for (const t of r.timepoints) {
    t.rules = map(t.rules);
    for (const w of t.warnings) code(w);
  }
  r.warnings.forEach(code);
  r.progression.rules = map(r.progression.rules);
  r.bestOverallResponse.rules = map(r.bestOverallResponse.rules);
  return r;
}
