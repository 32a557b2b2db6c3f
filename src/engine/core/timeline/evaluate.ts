// Stage 2 — references and sums at one scan: each component's category against its baseline and
// nadir (RANO2-THR-1), the T2/FLAIR status of RANO-HGG (qualitative, or derived from the measured
// non-enhancing lesions, HGG-FLAIR-2), the combined category (RANO2-MIX-2), the deciding component and
// the decision record of the row.
import type { Component, ComponentResult, TimepointResult } from "../../model/result.ts";
import { increasedByAtLeast } from "../exact.ts";
import {
  type ComponentCategory,
  type ComponentEvaluation,
  evaluateComponent,
  NO_CHANGES,
  registerChanges,
  type Trigger,
} from "./component.ts";
import { change, num, versus } from "./explain.ts";
import { decidingComponent, decisionRecord, decisiveReference, toComponentResult } from "./results.ts";
import type { Baselined } from "./setup.ts";
import type { WalkState } from "./state.ts";
import { toDisplay } from "./units.ts";

export interface ScanEvaluation {
  pos: number;
  evals: Map<Component, ComponentEvaluation>;
  combined: { category: Exclude<ComponentCategory, "NA">; rule: string | null };
  triggers: Trigger[];
  deciding: ComponentResult | null;
  /** RANO-HGG T2/FLAIR: worse (qualitative or derived), attributed to another cause, and the sentence. */
  flairWorse: boolean;
  flairOtherCause: boolean;
  flairText: string | null;
  /** Targets missing from the report (GEN-6). */
  unreported: string[];
}

export function evaluateScan(tl: Baselined, st: WalkState, pos: number, r: TimepointResult): ScanEvaluation {
  const { components, states, scans, method, otherMethod, otherPolicy, policy, measurable } = tl;
  const evals = new Map<Component, ComponentEvaluation>();
  const nadirPositions = st.nadirPositions();
  const unreported: string[] = [];
  for (const comp of components) {
    const state = states.get(comp)!;
    const changes = registerChanges(state, scans, pos, measurable, policy);
    for (const id of changes.unreported) {
      unreported.push(id);
      r.warnings.push({ code: "GEN-6", message: `target ${id} was not reported on this scan` });
    }
    if (changes.suspect.length > 0) {
      r.warnings.push({
        code: "GEN-6",
        message: `lesion ${changes.suspect.join(", ")} appears for the first time while target ${changes.unreported.join(", ")} is not reported: possibly the same lesion under another id, so not counted as a new lesion`,
      });
    }
    const ev: ComponentEvaluation = evaluateComponent(
      state,
      pos,
      method,
      nadirPositions,
      changes,
      scans,
      measurable,
      policy,
    );
    if (otherMethod && otherPolicy) {
      const other = evaluateComponent(
        state,
        pos,
        otherMethod,
        nadirPositions,
        NO_CHANGES,
        scans,
        measurable,
        otherPolicy,
      );
      if ((other.sum.complete && other.sum.value > 0) || other.baselineSum > 0) ev.exploratory = other;
    }
    evals.set(comp, ev);
  }

  // RANO-HGG-FLAIR-1: a significant T2/FLAIR increase not explained by another cause is progression.
  let flairWorse = false;
  let flairOtherCause = false;
  let flairText: string | null = null;
  let flairTrigger: Trigger | null = null;
  if (tl.profile.flairQualitative) {
    const flair = tl.sorted.assessments[pos]!.t2Flair;
    if (flair) {
      flairWorse = flair.status === "worse";
      flairOtherCause = flairWorse && flair.attributableToOtherCause === true;
      flairText = `T2/FLAIR ${flair.status}${flairOtherCause ? " (another cause)" : ""} (qualitative read)`;
      if (flairWorse && !flairOtherCause) {
        flairTrigger = {
          kind: "flair",
          component: "non_enhancing",
          rule: "HGG-FLAIR-1",
          text: "significant increase of T2/FLAIR non-enhancing disease (qualitative read)",
        };
      }
    } else if (tl.flairTrack) {
      // HGG-FLAIR-2 (engine reading): with measured non-enhancing lesions and no qualitative read, a
      // significant increase is the same ≥ 25% of the sum of products over the nadir as for enhancing
      // disease; anything less is stable or improved.
      const sum = tl.flairTrack.sumAt(pos, "bidimensional");
      const nadir = tl.flairTrack.nadir(nadirPositions, "bidimensional");
      if (sum.complete && nadir && nadir.value > 0) {
        const w = policy.wording;
        flairWorse = increasedByAtLeast(sum.value, nadir.value, w.thresholds.pd);
        const ref = {
          kind: "nadir" as const,
          date: scans[nadir.pos]!.date,
          value: toDisplay(nadir.value, "bidimensional"),
          unit: "mm²" as const,
        };
        flairText = `T2/FLAIR derived from the measured non-enhancing lesions (HGG-FLAIR-2): sum of products ${num(toDisplay(sum.value, "bidimensional"))} mm², ${versus(w, change(w, sum.value, nadir.value), ref)}, ${flairWorse ? `≥ ${w.thresholds.pd}% increase: significantly worse` : `< ${w.thresholds.pd}% increase: stable or improved`}`;
        r.rules.push("HGG-FLAIR-2");
        if (flairWorse) {
          flairTrigger = { kind: "flair", component: "non_enhancing", rule: "HGG-FLAIR-2", text: flairText };
        }
      }
    }
  }
  if (flairTrigger) {
    const target = evals.get("enhancing") ?? [...evals.values()][0];
    if (target) {
      target.triggers.push(flairTrigger);
      target.category = "PD";
      target.rules.push("HGG-FLAIR-1", "HGG-PD-1");
    }
  }

  const e = evals.get("enhancing") ?? null;
  const n = evals.get("non_enhancing") ?? null;
  const combined = tl.profile.combine(e?.category ?? null, n?.category ?? null, tl.o);
  const evalList: ComponentEvaluation[] = [];
  for (const x of evals.values()) evalList.push(x);
  const triggers = evalList.length === 1 ? evalList[0]!.triggers : evalList.flatMap((x) => x.triggers);
  const otherWording = otherPolicy?.wording ?? null;
  r.components = evalList.map((x) =>
    toComponentResult(x, scans, tl.baselineDate, policy.wording, otherWording),
  );
  for (const x of evalList) {
    for (const id of x.sum.missingNew) {
      r.warnings.push({
        code: "MEAS-9",
        message: `new lesion ${id} not reported on this scan: counted as gone (0)`,
      });
    }
    for (const id of x.rules) r.rules.push(id);
  }
  if (combined.rule) r.rules.push(combined.rule);
  if (components.length === 2) r.rules.push("RANO2-MIX-1");
  const flairOnly = triggers.length > 0 && triggers.every((t) => t.kind === "flair");
  const deciding = flairOnly ? null : decidingComponent(r.components, combined.category, tl.measured);
  const decisive = decisiveReference(deciding);
  if (decisive) {
    r.reference = decisive.reference;
    r.changePct = decisive.change;
  }
  r.decision = decisionRecord(policy.wording, deciding, r.reference, r.changePct);
  return {
    pos,
    evals,
    combined,
    triggers,
    deciding,
    flairWorse,
    flairOtherCause,
    flairText,
    unreported,
  };
}
