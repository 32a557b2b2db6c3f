// Imaging category of one tumour component at one time point (RANO2-THR-1, RANO2-NEW-*, RANO2-NT-*).
import { decreasedByAtLeast, increasedByAtLeast } from "../../core/exact.ts";
import type { NormalisedLesion } from "../../core/lesions.ts";
import type { ScanLesions, SumMethod, SumTrack, SumValue } from "../../core/sum-track.ts";
import type { Component } from "../../model/result.ts";

export type ComponentCategory = "CR" | "PR" | "MR" | "SD" | "PD" | "NE" | "NA";

export interface Trigger {
  kind: "growth" | "reappearance" | "new_lesion" | "non_target";
  component: Component;
  lesionId?: string;
  outsideRadiationField?: boolean;
  /** For a new lesion that was first seen earlier as non-measurable (RANO2-NEW-2). */
  firstSeen?: string;
  rule: string;
  text: string;
}

/** Thresholds in whole percent per method (RANO2-THR table). */
export interface Thresholds {
  pd: number;
  pr: number;
  mr: number;
}
export const BIDIMENSIONAL: Thresholds = { pd: 25, pr: 50, mr: 25 };
/** Volumetric: 40% / 65%; the MR cut-off of 35% is the spherical equivalent of 25% (AMB-3). */
export const VOLUMETRIC: Thresholds = { pd: 40, pr: 65, mr: 35 };

export function thresholdsFor(method: SumMethod): Thresholds {
  return method === "volumetric" ? VOLUMETRIC : BIDIMENSIONAL;
}

/** Lesion bookkeeping of one component over the course, updated in time order. */
export interface ComponentState {
  component: Component;
  track: SumTrack;
  baselinePos: number;
  baselineLesionIds: ReadonlySet<string>;
  nonTargets: ReadonlyArray<string>;
  /** Lesions present at baseline (any component role), for "had disease" checks. */
  hadDiseaseAtBaseline: boolean;
  /** New non-measurable lesions: id → position first seen (RANO2-NEW-2). */
  newNonMeasurable: Map<string, number>;
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
): { triggers: Trigger[]; promotedNow: string[] } {
  const triggers: Trigger[] = [];
  const promotedNow: string[] = [];
  const scan = scans[pos]!;
  for (const lesion of scan.lesions.values()) {
    if (lesion.component !== state.component || state.baselineLesionIds.has(lesion.id)) continue;
    if (lesion.status === "absent" || state.track.has(lesion.id)) continue;
    if (measurable(lesion)) {
      const seenAt = state.newNonMeasurable.get(lesion.id);
      state.track.addNew(lesion.id, pos);
      const firstSeen = seenAt === undefined ? undefined : scans[seenAt]!.date;
      triggers.push({
        kind: "new_lesion",
        component: state.component,
        lesionId: lesion.id,
        outsideRadiationField: lesion.outsideRadiationField,
        ...(firstSeen ? { firstSeen } : {}),
        rule: firstSeen ? "RANO2-NEW-2" : state.component === "enhancing" ? "RANO2-NEW-1" : "RANO2-NEW-1",
        text: firstSeen
          ? `new lesion ${lesion.id}, non-measurable since ${firstSeen}, is now measurable`
          : `new measurable ${componentName(state.component)} lesion ${lesion.id}`,
      });
    } else if (!state.newNonMeasurable.has(lesion.id)) {
      state.newNonMeasurable.set(lesion.id, pos);
    }
  }
  for (const id of state.nonTargets) {
    if (state.track.has(id)) continue;
    const now = scan.lesions.get(id);
    if (!now) continue;
    const atBaseline = scans[state.baselinePos]!.lesions.get(id);
    const grewToMeasurable = measurable(now) && atBaseline !== undefined && !measurable(atBaseline);
    if (now.status === "unequivocal_progression" || grewToMeasurable) {
      if (now.ldUm !== null && now.perpUm !== null && now.status !== "too_small") {
        state.track.promote(id, pos);
        promotedNow.push(id);
      } else {
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
  return { triggers, promotedNow };
}

export function evaluateComponent(
  state: ComponentState,
  pos: number,
  method: SumMethod,
  nadirPositions: ReadonlyArray<number>,
  changes: { triggers: Trigger[]; promotedNow: string[] },
  scans: ReadonlyArray<ScanLesions>,
  measurable: (l: NormalisedLesion) => boolean,
): Omit<ComponentEvaluation, "exploratory"> {
  const t = thresholdsFor(method);
  const rules: string[] = ["RANO2-THR-1"];
  const triggers = [...changes.triggers];
  const sum = state.track.sumAt(pos, method);
  const baselineSum = state.track.sumAt(state.baselinePos, method).value;
  const nadir = state.track.nadir(nadirPositions, method);
  const n = nadir?.value ?? 0;
  const scan = scans[pos]!;

  if (changes.promotedNow.length > 0) rules.push("RANO2-NT-1");
  // RANO2-THR-1(a): >= 25% (vol >= 40%) over the nadir. With missing lesions the known part is a lower
  // bound: it can still prove PD (GEN-6).
  if (n > 0 && increasedByAtLeast(sum.value, n, t.pd)) {
    triggers.push({
      kind: "growth",
      component: state.component,
      rule: changes.promotedNow.length > 0 ? "RANO2-NT-1" : "RANO2-THR-1",
      text: `${componentName(state.component)} sum up ≥ ${t.pd}% over the nadir`,
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
  const base = { component: state.component, method, sum, baselineSum, nadir, nonTargetGrew };

  if (triggers.length > 0) {
    for (const tr of triggers) if (!rules.includes(tr.rule)) rules.push(tr.rule);
    return { ...base, category: "PD", triggers, rules };
  }
  if (!sum.complete) return { ...base, category: "NE", triggers, rules: [...rules, "GEN-6"] };

  const newPresent =
    state.track
      .ids()
      .some(
        (id) => state.track.kindOf(id) === "new" && (scan.lesions.get(id)?.status ?? "absent") !== "absent",
      ) ||
    [...state.newNonMeasurable.keys()].some((id) => (scan.lesions.get(id)?.status ?? "absent") !== "absent");
  const nonTargetsAbsent = state.nonTargets.every((id) => scan.lesions.get(id)?.status === "absent");

  if (state.track.targetCount() === 0) {
    // No measurable disease of this component at baseline: SD at best (RANO2-MEAS-6).
    const anyDisease =
      newPresent || state.nonTargets.some((id) => (scan.lesions.get(id)?.status ?? "present") !== "absent");
    if (!state.hadDiseaseAtBaseline && !anyDisease) return { ...base, category: "NA", triggers, rules };
    return { ...base, category: "SD", triggers, rules: [...rules, "RANO2-MEAS-6"] };
  }
  if (sum.value === 0 && nonTargetsAbsent && !newPresent) return { ...base, category: "CR", triggers, rules };
  if (decreasedByAtLeast(sum.value, baselineSum, t.pr)) return { ...base, category: "PR", triggers, rules };
  if (state.component === "non_enhancing" && decreasedByAtLeast(sum.value, baselineSum, t.mr)) {
    return { ...base, category: "MR", triggers, rules };
  }
  return { ...base, category: "SD", triggers, rules };
}

export function componentName(c: Component): string {
  return c === "enhancing" ? "enhancing" : "non-enhancing";
}
