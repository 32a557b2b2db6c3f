// Stage 4 — steroid and clinical modifiers: the iRANO 2-week rule (IRANO-11), growth during a taper
// (STER-6, AMB-13), the dose-above-baseline gate (RANO2-STER-2/3; RANO-BM: SD at best, AMB-28) and the
// resolution of pending indeterminates.
import type { Case } from "../../model/case.ts";
import type { TimepointResult } from "../../model/result.ts";
import { addDays } from "../dates.ts";
import { type SteroidTimeline, ugToMg } from "../steroids.ts";
import type { ScanEvaluation } from "./evaluate.ts";
import { changes, shownComponents } from "./explain.ts";
import type { Baselined } from "./setup.ts";
import type { WalkState } from "./state.ts";

/** IRANO-11 window: a steroid change within this many days before the MRI. */
export const IRANO_STEROID_WINDOW_DAYS = 14;

/** Whether the steroid dose rose or fell within `days` days before `date` (IRANO-11). */
export function steroidChangeWithin(
  c: Case,
  steroids: SteroidTimeline,
  date: string,
  days: number,
): "increase" | "decrease" | null {
  const from = addDays(date, -days);
  let result: "increase" | "decrease" | null = null;
  for (const rec of c.steroids) {
    if (rec.date < from || rec.date > date) continue;
    const before = steroids.doseOn(addDays(rec.date, -1));
    const after = steroids.doseOn(rec.date);
    if (after > before) result = "increase";
    else if (after < before && result === null) result = "decrease";
  }
  return result;
}

/** IRANO-11: an increase hides CR/PR/SD, a decrease hides PD. Returns true when the row is NE. */
export function twoWeekRule(tl: Baselined, r: TimepointResult, scan: ScanEvaluation): boolean {
  if (!tl.profile.steroids.twoWeekRule) return false;
  const change = steroidChangeWithin(tl.c, tl.steroids, r.date, IRANO_STEROID_WINDOW_DAYS);
  const pd = scan.combined.category === "PD";
  if (!((pd && change === "decrease") || (!pd && change === "increase"))) return false;
  r.label = "NE";
  r.finalLabel = "NE";
  r.rules.push("IRANO-11");
  r.explanation = `steroid ${change} within ${IRANO_STEROID_WINDOW_DAYS} days before the MRI: imaging ${scan.combined.category} cannot be judged (${tl.profile.shortName})`;
  return true;
}

/** STER-6: growth while the dose is tapered. Returns true when the row is decided here. */
export function taperHold(
  tl: Baselined,
  st: WalkState,
  r: TimepointResult,
  scan: ScanEvaluation,
  doseUg: number,
  priorDoseUg: number,
): boolean {
  if (!tl.profile.steroids.taperRule) return false;
  const text = scan.triggers.map((t) => t.text).join("; ");
  if (st.indTaper && doseUg >= st.indTaper.doseUg) {
    st.declareProgression(
      r,
      "imaging",
      ["STER-6", "RANO2-TP-3"],
      `${text}, still met without further steroid taper`,
    );
    return true;
  }
  // Growth of enhancing or non-enhancing disease counts "on stable or increasing doses" (HGG-PD-1a/b,
  // LGG-PD-1a); a new lesion or a non-target does not wait. A change within physiologic replacement is
  // not a taper (STER-3).
  const growthOnly = scan.triggers.every(
    (t) => t.kind === "growth" || t.kind === "reappearance" || t.kind === "flair",
  );
  const w = tl.policy.wording;
  const tapered = doseUg < priorDoseUg && priorDoseUg > Math.round(tl.o.physiologicMaxDexEqMgPerDay * 1000);
  if (tl.o.growthDuringTaper !== "indeterminate" || !growthOnly || !tapered) return false;
  r.label = "IND";
  r.finalLabel = "IND";
  r.status = "pending";
  r.rules.push("STER-6", "AMB-13");
  r.explanation = `${text}, but while steroids were tapered (${ugToMg(priorDoseUg)} → ${ugToMg(doseUg)} mg/day dexamethasone-equivalent): indeterminate until the next scan without further taper`;
  r.nextAction = `next scan without further steroid taper decides: still ≥ ${w.thresholds.pd}% over the nadir → PD dated ${r.date}; otherwise SD`;
  st.indTaper = { rows: [r], date: r.date, doseUg };
  return true;
}

/** A non-progressive scan resolves a pending taper indeterminate to SD. */
export function resolveTaper(st: WalkState, r: TimepointResult): void {
  if (!st.indTaper) return;
  for (const t of st.indTaper.rows) {
    t.finalLabel = "SD";
    t.status = "resolved";
    t.explanation += `; resolved to SD on ${r.date}`;
  }
  st.indTaper = null;
  r.rules.push("STER-6");
}

/**
 * The dose-above-baseline gate for non-progressive imaging. Returns true when the row is decided here:
 * RANO-BM at best SD (AMB-28); elsewhere indeterminate (RANO2-STER-3: an isolated increase is never PD,
 * and SD/PR/CR need a dose ≤ baseline). A later scan at ≤ the baseline dose resolves pending rows to SD.
 */
export function steroidGate(
  tl: Baselined,
  st: WalkState,
  r: TimepointResult,
  scan: ScanEvaluation,
  doseUg: number,
): boolean {
  const base = tl.baselineDoseUg;
  if (doseUg <= base) {
    if (st.indSteroid) {
      for (const t of st.indSteroid.rows) {
        t.finalLabel = "SD";
        t.status = "resolved";
        t.explanation += `; steroids back to ≤ the baseline ${ugToMg(base)} mg/day on ${r.date}: SD`;
      }
      st.indSteroid = null;
      r.rules.push("RANO2-STER-3");
    }
    return false;
  }
  const w = tl.policy.wording;
  const cat = scan.combined.category;
  const shown = shownComponents(r.components, scan.deciding?.component ?? null, tl.measured);
  const refs: Array<"nadir" | "baseline"> = cat === "SD" ? ["nadir", "baseline"] : ["baseline"];
  const imaging = shown.length ? `imaging ${cat} (${changes(w, shown, refs)})` : `imaging ${cat}`;
  if (tl.profile.steroids.aboveBaseline === "stable_disease") {
    r.label = "SD";
    r.finalLabel = "SD";
    r.rules.push("AMB-28", "ROLE-SD");
    r.explanation = `${imaging}, but steroids ${ugToMg(doseUg)} mg/day exceed the baseline ${ugToMg(base)} mg/day: SD at best (${w.criteria} needs stable or decreased steroids for a response)`;
    return true;
  }
  {
    const since = st.indSteroid ? st.indSteroid.date : r.date;
    r.label = "IND";
    r.finalLabel = "IND";
    r.status = "pending";
    r.rules.push("RANO2-STER-2", "RANO2-STER-3", "ROLE-IND-STEROID");
    r.explanation = `${imaging}, but steroids ${ugToMg(doseUg)} mg/day exceed the baseline ${ugToMg(base)} mg/day: indeterminate — an increase alone is never progression, and ${cat} needs a dose ≤ the baseline`;
    r.nextAction = `pending the steroid rule: SD once a scan with non-progressive imaging is taken at ≤ ${ugToMg(base)} mg/day (the baseline dose${base === 0 ? ", i.e. off steroids" : ""}); tumour-related decline or imaging progression → PD dated ${since} (the first scan at which the increase was needed)`;
    if (st.indSteroid) st.indSteroid.rows.push(r);
    else st.indSteroid = { rows: [r], date: r.date };
    return true;
  }
}

export function eventText(type: string): string {
  return (
    {
      death: "death",
      new_anticancer_therapy: "new anticancer therapy started",
      off_study: "off study",
      lost_to_follow_up: "lost to follow-up",
    }[type] ?? type
  );
}
