// Classifying a time point that is not progression (CR / PR / MR / SD with the steroid, FLAIR and
// non-target gates) and listing what confirms a pending preliminary progression.
import type { Component, Label, TimepointResult } from "../../model/result.ts";
import { increasedByAtLeast } from "../exact.ts";
import { ugToMg } from "../steroids.ts";
import { type ComponentEvaluation, componentName, type LesionPolicy, type Trigger } from "./component.ts";
import type { TimelineOptions } from "./options.ts";
import { formatPct } from "./results.ts";
import type { Anchor } from "./walk.ts";

export function confirmationReasons(
  an: Anchor,
  evals: Map<Component, ComponentEvaluation>,
  triggers: Trigger[],
  category: string,
  confirmPolicy: "furtherIncrease" | "persistence",
  policy: LesionPolicy,
): string[] {
  const reasons: string[] = [];
  const t = policy.thresholds;
  if (confirmPolicy === "persistence") {
    if (category === "PD") reasons.push("still ≥ 25% above the nadir (persistence policy)");
    return reasons;
  }
  for (const [comp, ev] of evals) {
    const anchorSum = an.sums.get(comp) ?? 0;
    if (anchorSum > 0 && increasedByAtLeast(ev.sum.value, anchorSum, t.pd)) {
      reasons.push(`${componentName(comp)} sum ≥ ${t.pd}% above the preliminary-progression scan`);
    }
  }
  for (const tr of triggers) {
    if (tr.kind === "new_lesion" && tr.lesionId && !an.trackedAtAnchor.has(tr.lesionId))
      reasons.push(tr.text);
    if (tr.kind === "non_target") reasons.push(tr.text);
    if (tr.component === "non_enhancing") reasons.push(tr.text);
  }
  return [...new Set(reasons)];
}

export function classifyNonProgression(
  r: TimepointResult,
  category: "CR" | "PR" | "MR" | "SD" | "NE",
  evals: Map<Component, ComponentEvaluation>,
  doseUg: number,
  baselineDoseUg: number,
  o: TimelineOptions,
  nonMeasurableOnly: boolean,
  rules: { crAllowsPhysiologic: boolean; flairWorse: boolean },
): void {
  const physiologicUg = rules.crAllowsPhysiologic ? Math.round(o.physiologicMaxDexEqMgPerDay * 1000) : 0;
  const ntGrew = [...evals.values()].some((x) => x.nonTargetGrew);
  const change =
    r.changePct === null ? "" : ` (${formatPct(r.changePct)} vs ${r.reference?.kind ?? "reference"})`;
  let label: Label = category === "NE" ? "NE" : category;
  let explanation: string;
  if (category !== "SD" && category !== "NE" && rules.flairWorse) {
    label = "SD";
    r.rules.push("HGG-FLAIR-1");
    explanation = `enhancing disease meets ${category}, but T2/FLAIR is worse (attributed to another cause): SD`;
  } else if (category === "CR") {
    if (doseUg > physiologicUg) {
      label = "PR";
      r.rules.push("RANO2-TP-4", "RANO2-STER-1");
      explanation = `all disease gone, but steroids ${ugToMg(doseUg)} mg/day exceed ${rules.crAllowsPhysiologic ? `physiologic replacement (${o.physiologicMaxDexEqMgPerDay} mg)` : "none (CR needs no corticosteroids)"}: PR, not CR`;
    } else {
      r.rules.push("RANO2-TP-5");
      explanation =
        "complete disappearance of all disease, no new lesions, no steroids beyond physiologic replacement";
    }
  } else if ((category === "PR" || category === "MR") && ntGrew) {
    label = "SD";
    r.rules.push("RANO2-NT-2");
    explanation = `targets${change} meet ${category}, but a non-target lesion grew: SD`;
  } else if (category === "PR") {
    r.rules.push("RANO2-TP-6");
    explanation = `≥ 50% decrease of the sum of products from baseline${change}`;
  } else if (category === "MR") {
    r.rules.push("RANO2-TP-6");
    explanation = `minor response of non-enhancing disease (25–50% decrease)${change}`;
  } else {
    r.rules.push("RANO2-TP-6");
    explanation = nonMeasurableOnly
      ? "no measurable disease at baseline: stable disease at best"
      : `neither ≥ 50% decrease from baseline nor ≥ 25% increase over the nadir${change}`;
  }
  if (doseUg > 0 && doseUg <= baselineDoseUg && label !== "CR") r.rules.push("RANO2-STER-2");
  r.label = label;
  r.finalLabel = label;
  r.explanation = explanation;
  // A role tag lets each criteria cite its own definition of this category (e.g. HGG-PR-1).
  r.rules.push(`ROLE-${label}`);
  void evals;
}
