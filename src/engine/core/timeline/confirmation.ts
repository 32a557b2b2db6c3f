// Stage 3 — confirmation state: what a scan does to a pending preliminary progression (confirm,
// resolve, persist: RANO2-CONF-4…7, IRANO-5…7, HGG-PD-3) and opening a new one (RANO2-CONF-1…3).
import type { Component, TimepointResult } from "../../model/result.ts";
import { addDays, daysBetween } from "../dates.ts";
import { increasedByAtLeast } from "../exact.ts";
import type { ScanEvaluation } from "./evaluate.ts";
import { change, changes, componentName, num, pct, shownComponents } from "./explain.ts";
import type { ConfirmationDecision } from "./profile.ts";
import type { Baselined } from "./setup.ts";
import { type Anchor, anchorRule, type WalkState } from "./state.ts";
import { toDisplay } from "./units.ts";

/** "preliminary-progression scan 2024-03-01 (120 mm²)"; a lower bound says so. */
function anchorText(tl: Baselined, an: Anchor, comp: Component, anchorSum: number): string {
  const w = tl.policy.wording;
  const value = `${num(toDisplay(anchorSum, tl.method))} ${w.unit}`;
  return `${w.anchorName} ${an.date} (${an.incomplete.has(comp) ? `measured lesions alone ${value}` : value})`;
}

/** "enhancing sum of products +30.0% vs preliminary-progression scan 2024-03-01 (120 mm²)". */
function anchorChanges(tl: Baselined, an: Anchor, scan: ScanEvaluation): string[] {
  const w = tl.policy.wording;
  const out: string[] = [];
  for (const [comp, ev] of scan.evals) {
    const anchorSum = an.sums.get(comp) ?? 0;
    if (anchorSum === 0) continue;
    out.push(
      `${componentName(comp)} ${w.measure} ${num(toDisplay(ev.sum.value, tl.method))} ${w.unit}, ${pct(change(w, ev.sum.value, anchorSum)!)} vs ${anchorText(tl, an, comp, anchorSum)}`,
    );
  }
  return out;
}

export function confirmationReasons(
  tl: Baselined,
  an: Anchor,
  scan: ScanEvaluation,
  confirmPolicy: "furtherIncrease" | "persistence",
  r: TimepointResult,
): string[] {
  const w = tl.policy.wording;
  const reasons: string[] = [];
  if (confirmPolicy === "persistence") {
    if (scan.combined.category === "PD") {
      const shown = shownComponents(r.components, scan.deciding?.component ?? null, tl.measured);
      reasons.push(`still ≥ ${w.thresholds.pd}% above the nadir: ${changes(w, shown, ["nadir"])}`);
    }
    return reasons;
  }
  for (const [comp, ev] of scan.evals) {
    const anchorSum = an.sums.get(comp) ?? 0;
    if (anchorSum > 0 && increasedByAtLeast(ev.sum.value, anchorSum, w.thresholds.pd)) {
      reasons.push(
        `${componentName(comp)} ${w.measure} ${num(toDisplay(ev.sum.value, tl.method))} ${w.unit}, ${pct(change(w, ev.sum.value, anchorSum)!)} vs ${anchorText(tl, an, comp, anchorSum)}: ≥ ${w.thresholds.pd}% further increase`,
      );
    }
  }
  for (const tr of scan.triggers) {
    if (tr.kind === "new_lesion" && tr.lesionId && !an.trackedAtAnchor.has(tr.lesionId))
      reasons.push(tr.text);
    if (tr.kind === "non_target") reasons.push(tr.text);
    if (tr.component === "non_enhancing") reasons.push(tr.text);
  }
  return [...new Set(reasons)];
}

/** While a preliminary progression is pending, the anchor is the reference that decides. */
export function showAnchorReference(
  tl: Baselined,
  r: TimepointResult,
  an: Anchor,
  scan: ScanEvaluation,
): void {
  const ref = r.components.find((x) => x.category === "PD") ?? scan.deciding ?? r.components[0];
  const anchorSum = ref ? an.sums.get(ref.component) : undefined;
  if (!ref || anchorSum === undefined || anchorSum === 0) return;
  const ev = scan.evals.get(ref.component)!;
  r.reference = { kind: "anchor", date: an.date, value: toDisplay(anchorSum, tl.method), unit: ref.unit };
  r.changePct = ev.sum.complete ? change(tl.policy.wording, ev.sum.value, anchorSum) : null;
  if (r.decision) {
    r.decision.deciding = ref.component;
    r.decision.reference = r.reference;
    r.decision.changePct = r.changePct;
  }
}

/** A scan while a preliminary progression is pending. Returns true when the scan is decided here;
 * false when the anchor resolved and the scan is to be classified normally. */
export function decidePendingAnchor(
  tl: Baselined,
  st: WalkState,
  r: TimepointResult,
  scan: ScanEvaluation,
): boolean {
  const { o, profile } = tl;
  const w = tl.policy.wording;
  const an = st.anchor!;
  // GEN-6: a not-evaluable scan neither confirms nor resolves; the anchor waits for the next one.
  if (scan.combined.category === "NE" && scan.triggers.length === 0) return false;
  const date = r.date;
  const days = daysBetween(an.date, date);
  const eligibleFrom = an.decision.eligibleFrom ?? addDays(an.date, o.confirmMinDays);
  const eligible = date >= eligibleFrom;
  const confirmPolicy = an.decision.policy ?? o.confirmPolicy;
  const reasons = confirmationReasons(tl, an, scan, confirmPolicy, r);
  const triggers = scan.triggers;
  // A trigger that needs no confirmation (e.g. new enhancement outside the radiation field, or
  // non-enhancing progression) is progression on this scan, whatever the pending anchor.
  const now =
    triggers.length > 0
      ? profile.confirmation({ c: tl.c, triggers, date, rtEnd: tl.rtEnd, options: o })
      : null;
  if (now?.exception === true && !(eligible && reasons.length > 0)) {
    st.declareProgression(
      r,
      "imaging",
      ["RANO2-TP-3", ...now.rules],
      `${triggers.map((t) => t.text).join("; ")}${now.why ? `; ${now.why}` : ""}`,
      false,
    );
    return true;
  }
  if (eligible && reasons.length > 0) {
    if (confirmPolicy === "furtherIncrease") showAnchorReference(tl, r, an, scan);
    st.declareProgression(
      r,
      "imaging",
      [
        anchorRule(an, "RANO2-CONF-5"),
        ...(confirmPolicy === "persistence" && !an.decision.policy ? ["AMB-1"] : []),
      ],
      `confirms the preliminary progression of ${an.date}: ${reasons.join("; ")}`,
    );
    return true;
  }
  const newStillMeasurable = an.addedAtAnchor.filter((id) => {
    const l = tl.scans[scan.pos]!.lesions.get(id);
    return l !== undefined && l.status !== "absent" && tl.measurable(l);
  });
  const judgedOnAnchor = eligible && an.decision.resolveWhenEligible === true;
  if ((triggers.length === 0 && newStillMeasurable.length === 0) || judgedOnAnchor) {
    const vsAnchor = anchorChanges(tl, an, scan);
    const shown = shownComponents(r.components, scan.deciding?.component ?? null, tl.measured);
    const why = judgedOnAnchor
      ? `not confirmed on ${date}: no further progression vs the ${w.anchorName}${vsAnchor.length ? ` (${vsAnchor.join("; ")}: < ${w.thresholds.pd}% further increase)` : ""}`
      : `no longer progressive on ${date}: ${changes(w, shown, ["nadir"])}, < ${w.thresholds.pd}% over the nadir`;
    st.resolveAnchor(date, why);
    r.rules.push(anchorRule(an, "RANO2-CONF-6"));
    if (judgedOnAnchor && scan.combined.category === "PD") {
      // IRANO-7: the confirmation scan is compared with the reference scan of the first progression;
      // without further progression it is SD as assessed. The nadir is the reference only for later
      // progression, so no new preliminary progression is opened on this scan.
      showAnchorReference(tl, r, an, scan);
      r.label = "SD";
      r.finalLabel = "SD";
      r.rules.push("ROLE-SD");
      r.explanation = `SD: no further progression vs the ${w.anchorName} ${an.date}${vsAnchor.length ? ` (${vsAnchor.join("; ")}: < ${w.thresholds.pd}% further increase)` : ""}; the preliminary progression of ${an.date} is not confirmed`;
      return true;
    }
    return false;
  }
  r.label = an.decision.label;
  r.finalLabel = an.decision.label;
  r.status = "awaiting_confirmation";
  r.rules.push(
    anchorRule(an, "RANO2-CONF-7"),
    ...(reasons.length > 0 && !eligible ? [anchorRule(an, "RANO2-CONF-4")] : []),
  );
  let why: string;
  if (reasons.length > 0 && !eligible) {
    why =
      an.decision.waiting ??
      `further progression ${days} days after the preliminary progression cannot confirm it before ${eligibleFrom} (≥ ${o.confirmMinDays} days later)`;
  } else if (newStillMeasurable.length > 0 && triggers.length === 0) {
    why = `new lesion ${newStillMeasurable.join(", ")} still measurable`;
  } else {
    const shown = shownComponents(r.components, scan.deciding?.component ?? null, tl.measured);
    const vsAnchor = anchorChanges(tl, an, scan);
    why = `still ≥ ${w.thresholds.pd}% over the nadir (${changes(w, shown, ["nadir"])}) but not ≥ ${w.thresholds.pd}% over the ${w.anchorName}${vsAnchor.length ? ` (${vsAnchor.join("; ")})` : ""}`;
  }
  r.explanation = `preliminary progression of ${an.date} persists: ${why}`;
  if (confirmPolicy === "furtherIncrease") showAnchorReference(tl, r, an, scan);
  an.rows.push(r);
  return true;
}

/** RANO2-CONF-1…3: imaging progression that needs confirmation opens the anchor. */
export function openAnchor(
  tl: Baselined,
  st: WalkState,
  r: TimepointResult,
  scan: ScanEvaluation,
  confirmation: ConfirmationDecision,
  text: string,
): void {
  const trackedAtAnchor = new Set<string>();
  const sums: Anchor["sums"] = new Map();
  const incomplete: Anchor["incomplete"] = new Set();
  for (const [comp, ev] of scan.evals) {
    sums.set(comp, ev.sum.value);
    if (!ev.sum.complete) incomplete.add(comp);
    for (const id of tl.states.get(comp)!.track.ids()) trackedAtAnchor.add(id);
  }
  r.label = confirmation.label;
  r.finalLabel = confirmation.label;
  r.status = "awaiting_confirmation";
  r.rules.push("RANO2-TP-3", "RANO2-CONF-1", "RANO2-CONF-3", ...confirmation.rules);
  if (scan.triggers.some((t) => t.kind === "new_lesion")) r.rules.push("RANO2-NEW-1");
  r.explanation = `preliminary progression (${text}); ${confirmation.why}; confirmation needed${confirmation.eligibleFrom ? ` (a scan on or after ${confirmation.eligibleFrom})` : ""}`;
  st.anchor = {
    pos: scan.pos,
    date: r.date,
    sums,
    incomplete,
    trackedAtAnchor,
    addedAtAnchor: scan.triggers.filter((t) => t.kind === "new_lesion" && t.lesionId).map((t) => t.lesionId!),
    rows: [r],
    decision: confirmation,
  };
}
