// Imaging category of one tumour component at one time point. Canonical rule roles are the RANO 2.0
// IDs (RANO2-THR-1, RANO2-NEW-*, RANO2-NT-*); profiles translate them to their own criteria's IDs.
import type { Component } from "../../model/result.ts";
import { decreasedByAtLeast, increasedByAtLeast } from "../exact.ts";
import type { NormalisedLesion } from "../lesions.ts";
import { lesionValue, type ScanLesions, type SumMethod, type SumTrack, type SumValue } from "../sum-track.ts";
import { change, componentName, growthText, type Wording } from "./explain.ts";
import { toDisplay, unitOf } from "./units.ts";

export { componentName };

export type ComponentCategory = "CR" | "PR" | "MR" | "SD" | "PD" | "NE" | "NA";

export interface Trigger {
  kind: "growth" | "reappearance" | "new_lesion" | "non_target" | "flair";
  component: Component;
  lesionId?: string;
  outsideRadiationField?: boolean;
  /** For a new lesion that was first seen earlier as non-measurable (RANO2-NEW-2). */
  firstSeen?: string;
  rule: string;
  text: string;
}

/** Thresholds in whole percent: PD increase over the nadir, PR / MR decrease from baseline (null = no MR). */
export interface Thresholds {
  pd: number;
  pr: number;
  mr: number | null;
}

/** What a criteria set says about lesions appearing after baseline. */
export interface LesionPolicy {
  /** Only measurable new lesions define PD (RANO 2.0, mRANO) or any unequivocal new lesion (HGG, LGG, BM). */
  newLesionsDefinePd: "measurable" | "any";
  /** RANO-BM: equivocal new lesions wait; confirmed later, PD is dated at their first appearance. */
  equivocalNewLesionsWait: boolean;
  thresholds: Thresholds;
  /** RANO-BM-PD-2: a target must also grow by this many µm over its own nadir-time value. */
  pdAbsoluteIncreaseUm?: number;
  /** Which new lesions join the sum: measurable ones (MEAS-9) or all of them (iRANO, IRANO-4). */
  newLesionsJoinSum: "measurable" | "all";
  /** Unequivocal non-target progression: added to the sum (RANO2-NT-1) or PD at once (HGG, BM). */
  nonTargetProgression: "add_to_sum" | "progression";
  /** Templates and thresholds of this method, for the trigger texts. */
  wording: Wording;
}

/** Lesion bookkeeping of one component over the course, updated in time order. */
export interface ComponentState {
  component: Component;
  track: SumTrack;
  baselinePos: number;
  /** Lesion ids of the baseline scan (its lesion map itself: only `has` is asked). */
  baselineLesionIds: { has(id: string): boolean };
  nonTargets: ReadonlyArray<string>;
  /** Baseline target ids of this component. */
  targets: ReadonlyArray<string>;
  /** Lesions present at baseline (any component role), for "had disease" checks. */
  hadDiseaseAtBaseline: boolean;
  /** New non-measurable lesions: id → position first seen (RANO2-NEW-2). */
  newNonMeasurable: Map<string, number>;
  /** New lesions that have already defined (preliminary) progression once. */
  triggeredNew: Set<string>;
}

export interface ComponentEvaluation {
  component: Component;
  method: SumMethod;
  category: ComponentCategory;
  sum: SumValue;
  baselineSum: number;
  nadir: { value: number; pos: number } | null;
  triggers: Trigger[];
  /** A non-target grew (unequivocally, or to measurable size) without the sum reaching PD (RANO2-NT-2). */
  nonTargetGrew: boolean;
  /** RANO-BM-PD-2: the relative PD threshold was met but no target grew by the absolute amount. */
  absoluteShortfall: boolean;
  rules: string[];
  /** Same evaluation with the other method, when it can be computed. */
  exploratory?: Omit<ComponentEvaluation, "exploratory">;
}

/** Updates the tracked set with new lesions and progressing non-targets seen at `pos`. */
export function registerChanges(
  state: ComponentState,
  scans: ReadonlyArray<ScanLesions>,
  pos: number,
  measurable: (l: NormalisedLesion) => boolean,
  policy: LesionPolicy,
): LesionChanges {
  // Allocated when needed: most scans change nothing (NONE is shared and never written to).
  let triggers: Trigger[] = NONE;
  let promotedNow: string[] = NONE;
  let suspect: string[] = NONE;
  const scan = scans[pos]!;
  // GEN-6: a target left out of the report while a lesion id appears for the first time is most likely
  // the same lesion under another id: the newcomer is not counted as new until the ids are reconciled.
  let unreported: string[] | null = null;
  for (const id of state.targets) {
    if (scan.lesions.has(id)) continue;
    if (unreported === null) unreported = [];
    unreported.push(id);
  }
  for (const lesion of scan.lesions.values()) {
    if (lesion.component !== state.component || state.baselineLesionIds.has(lesion.id)) continue;
    if (lesion.status === "absent" || state.track.has(lesion.id)) continue;
    if (unreported !== null && !state.newNonMeasurable.has(lesion.id) && !state.triggeredNew.has(lesion.id)) {
      if (suspect === NONE) suspect = [];
      suspect.push(lesion.id);
      continue;
    }
    const isMeasurable = measurable(lesion);
    const alreadyTriggered = state.triggeredNew.has(lesion.id);
    // MEAS-9: a measurable new lesion joins the sum from the time point it is measurable.
    if (isMeasurable || (policy.newLesionsJoinSum === "all" && (lesion.ldUm ?? 0) > 0)) {
      state.track.addNew(lesion.id, pos);
    }
    const waiting = policy.equivocalNewLesionsWait && lesion.equivocal;
    const definesPd = !waiting && !alreadyTriggered && (isMeasurable || policy.newLesionsDefinePd === "any");
    if (definesPd) {
      state.triggeredNew.add(lesion.id);
      const seenAt = state.newNonMeasurable.get(lesion.id);
      const firstSeen = seenAt === undefined ? undefined : scans[seenAt]!.date;
      if (triggers === NONE) triggers = [];
      triggers.push({
        kind: "new_lesion",
        component: state.component,
        lesionId: lesion.id,
        outsideRadiationField: lesion.outsideRadiationField,
        ...(firstSeen ? { firstSeen } : {}),
        rule: firstSeen ? "RANO2-NEW-2" : "RANO2-NEW-1",
        text: firstSeen
          ? `new lesion ${lesion.id}, first seen ${firstSeen}, is now ${isMeasurable ? "measurable" : "unequivocal"}`
          : `new ${isMeasurable ? "measurable " : ""}${componentName(state.component)} lesion ${lesion.id}`,
      });
    }
    if (!state.newNonMeasurable.has(lesion.id) && !definesPd && !alreadyTriggered) {
      state.newNonMeasurable.set(lesion.id, pos);
    }
  }
  for (const id of state.nonTargets) {
    if (state.track.has(id)) continue;
    const now = scan.lesions.get(id);
    if (!now) continue;
    const atBaseline = scans[state.baselinePos]!.lesions.get(id);
    const grewToMeasurable = measurable(now) && atBaseline !== undefined && !measurable(atBaseline);
    if (now.status === "unequivocal_progression" && policy.nonTargetProgression === "progression") {
      if (triggers === NONE) triggers = [];
      triggers.push({
        kind: "non_target",
        component: state.component,
        lesionId: id,
        rule: "RANO2-NT-1",
        text: `unequivocal progression of non-target ${id}`,
      });
    } else if (now.status === "unequivocal_progression" || grewToMeasurable) {
      if (now.ldUm !== null && now.perpUm !== null && now.status !== "too_small") {
        state.track.promote(id, pos);
        if (promotedNow === NONE) promotedNow = [];
        promotedNow.push(id);
      } else {
        if (triggers === NONE) triggers = [];
        triggers.push({
          kind: "non_target",
          component: state.component,
          lesionId: id,
          rule: "RANO2-NT-1",
          text: `unequivocal progression of non-target ${id} (not measured)`,
        });
      }
    }
  }
  if (unreported === null && triggers === NONE && promotedNow === NONE && suspect === NONE) return NO_CHANGES;
  return { triggers, promotedNow, unreported: unreported ?? NONE, suspect };
}

// biome-ignore lint/suspicious/noExplicitAny: an empty array shared by every "nothing changed" answer.
const NONE: any[] = [];

export interface LesionChanges {
  triggers: Trigger[];
  promotedNow: string[];
  /** Targets missing from this scan's lesion list (not merely unmeasured). */
  unreported: string[];
  /** First-seen lesion ids not counted as new because a target is unreported (GEN-6). */
  suspect: string[];
}

/** Nothing changed (shared and read only: its arrays are never written to). */
export const NO_CHANGES: LesionChanges = {
  triggers: NONE,
  promotedNow: NONE,
  unreported: NONE,
  suspect: NONE,
};

export function evaluateComponent(
  state: ComponentState,
  pos: number,
  method: SumMethod,
  nadirPositions: ReadonlyArray<number>,
  changes: LesionChanges,
  scans: ReadonlyArray<ScanLesions>,
  measurable: (l: NormalisedLesion) => boolean,
  policy: LesionPolicy,
): Omit<ComponentEvaluation, "exploratory"> {
  const t = policy.thresholds;
  const rules: string[] = ["RANO2-THR-1"];
  const triggers = changes.triggers.length === 0 ? [] : changes.triggers.slice();
  const sum = state.track.sumAt(pos, method);
  const baselineSum = state.track.sumAt(state.baselinePos, method).value;
  const nadir = state.track.nadir(nadirPositions, method);
  const n = nadir?.value ?? 0;
  const scan = scans[pos]!;

  if (changes.promotedNow.length > 0) rules.push("RANO2-NT-1");
  // RANO2-THR-1(a): >= 25% (vol >= 40%) over the nadir. With missing lesions the known part is a lower
  // bound: it can still prove PD (GEN-6).
  const relative = n > 0 && increasedByAtLeast(sum.value, n, t.pd);
  const grew = relative ? absoluteIncrease(state, pos, nadir!.pos, scans, policy) : null;
  if (relative && policy.pdAbsoluteIncreaseUm !== undefined) rules.push("BM-PD-2");
  const absoluteShortfall = relative && grew === null;
  if (relative && grew !== null) {
    const w = policy.wording;
    triggers.push({
      kind: "growth",
      component: state.component,
      rule: changes.promotedNow.length > 0 ? "RANO2-NT-1" : "RANO2-THR-1",
      text: growthText(
        w,
        state.component,
        toDisplay(sum.value, method),
        sum.complete,
        { kind: "nadir", date: scans[nadir!.pos]!.date, value: toDisplay(n, method), unit: unitOf(method) },
        change(w, sum.value, n),
        grew.id,
        grew.um === null ? null : grew.um / 1000,
      ),
    });
  } else if (n === 0 && baselineSum > 0 && sum.value > 0) {
    // RANO2-THR-1(b): a target lesion reappears after complete disappearance.
    const reappeared = state.track
      .ids()
      .map((id) => scan.lesions.get(id))
      .some((l) => l !== undefined && l.status !== "absent" && measurable(l));
    if (reappeared) {
      triggers.push({
        kind: "reappearance",
        component: state.component,
        rule: "RANO2-THR-1",
        text: `${componentName(state.component)} disease reappeared after complete disappearance`,
      });
    }
  }
  const nonTargetGrew =
    changes.promotedNow.length > 0 ||
    state.nonTargets.some((id) => scan.lesions.get(id)?.status === "unequivocal_progression");
  const category = categoryOf(state, scan, sum, baselineSum, triggers, rules, t);
  // An explicit literal (not an object spread): this runs for every component of every time point.
  return {
    component: state.component,
    method,
    category,
    sum,
    baselineSum,
    nadir,
    triggers,
    nonTargetGrew,
    absoluteShortfall,
    rules,
  };
}

/** The category of the component at the scan; the rules it adds are pushed onto `rules` (this
 * evaluation's own array). */
function categoryOf(
  state: ComponentState,
  scan: ScanLesions,
  sum: SumValue,
  baselineSum: number,
  triggers: ReadonlyArray<Trigger>,
  rules: string[],
  t: Thresholds,
): ComponentCategory {
  if (triggers.length > 0) {
    for (const tr of triggers) if (!rules.includes(tr.rule)) rules.push(tr.rule);
    return "PD";
  }
  if (!sum.complete) {
    rules.push("GEN-6");
    return "NE";
  }

  const newPresent =
    state.track
      .ids()
      .some(
        (id) => state.track.kindOf(id) === "new" && (scan.lesions.get(id)?.status ?? "absent") !== "absent",
      ) ||
    anyPresent(state.newNonMeasurable.keys(), scan) ||
    anyPresent(state.triggeredNew, scan);
  const nonTargetsAbsent = state.nonTargets.every((id) => scan.lesions.get(id)?.status === "absent");

  if (state.track.targetCount() === 0) {
    // No measurable disease of this component at baseline: SD at best (RANO2-MEAS-6).
    const anyDisease =
      newPresent || state.nonTargets.some((id) => (scan.lesions.get(id)?.status ?? "present") !== "absent");
    // Nothing of this component left (or ever): neutral in the combination; a patient with no
    // measurable disease anywhere is still capped at SD by the combination (RANO2-MEAS-6).
    if (!anyDisease) {
      if (state.hadDiseaseAtBaseline) rules.push("RANO2-MEAS-6");
      return "NA";
    }
    rules.push("RANO2-MEAS-6");
    return "SD";
  }
  if (sum.value === 0 && nonTargetsAbsent && !newPresent) return "CR";
  if (decreasedByAtLeast(sum.value, baselineSum, t.pr)) return "PR";
  if (
    state.component === "non_enhancing" &&
    t.mr !== null &&
    decreasedByAtLeast(sum.value, baselineSum, t.mr)
  ) {
    return "MR";
  }
  return "SD";
}

/** RANO-BM-PD-2 (AMB-27): besides +20% of the sum, one target must grow ≥ 5 mm over its nadir-time value.
 * Returns the lesion that grew most (id null when the criteria set has no absolute rule), or null. */
function absoluteIncrease(
  state: ComponentState,
  pos: number,
  nadirPos: number,
  scans: ReadonlyArray<ScanLesions>,
  policy: LesionPolicy,
): { id: string | null; um: number | null } | null {
  if (policy.pdAbsoluteIncreaseUm === undefined) return { id: null, um: null };
  let best: { id: string; um: number } | null = null;
  for (const id of state.track.ids()) {
    const now = scans[pos]!.lesions.get(id);
    const then = scans[nadirPos]!.lesions.get(id);
    const a = now ? lesionValue(now, "unidimensional") : null;
    const b = then ? lesionValue(then, "unidimensional") : 0;
    if (a === null) continue;
    const grown = a - (b ?? 0);
    if (grown >= policy.pdAbsoluteIncreaseUm && (best === null || grown > best.um)) best = { id, um: grown };
  }
  return best;
}

function anyPresent(ids: Iterable<string>, scan: ScanLesions): boolean {
  for (const id of ids) if ((scan.lesions.get(id)?.status ?? "absent") !== "absent") return true;
  return false;
}
