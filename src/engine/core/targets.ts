// Target and non-target lesions at baseline (RANO2-TGT-1…3, RANO2-MEAS-*).

import type { Component, Warning } from "../model/result.ts";
import { type NormalisedLesion, productUm2 } from "./lesions.ts";

export interface TargetChoice {
  targets: Record<Component, string[]>;
  nonTargets: Record<Component, string[]>;
  rules: string[];
  warnings: Warning[];
}

export interface TargetLimits {
  /** Maximum targets when one component is measured (RANO 2.0: 3). */
  single: number;
  /** Maximum targets per component when both components have measurable disease (RANO 2.0: 2 + 2). */
  perComponentWhenMixed: number;
  /** Recommended minimum when that many measurable lesions exist (RANO 2.0: 2). */
  recommendedMinimum: number;
}

export const RANO2_TARGET_LIMITS: TargetLimits = {
  single: 3,
  perComponentWhenMixed: 2,
  recommendedMinimum: 2,
};
/** RANO-HGG, RANO-LGG, RANO-BM: up to 5 targets. */
export const FIVE_TARGETS: TargetLimits = { single: 5, perComponentWhenMixed: 5, recommendedMinimum: 2 };

/** Lesion size for ranking targets: the product by default, the longest diameter for RANO-BM. */
export type SizeOf = (l: NormalisedLesion) => number;
const productSize: SizeOf = (l) => productUm2(l) ?? 0;

export function selectTargets(
  lesions: ReadonlyArray<NormalisedLesion>,
  components: ReadonlyArray<Component>,
  limits: TargetLimits,
  isMeasurable: (l: NormalisedLesion) => boolean = (l) => l.measurable,
  sizeOf: SizeOf = productSize,
  ruleId = "RANO2-TGT-1",
  /** Why a lesion cannot be a target although it may be measurable (e.g. RANO-LGG: enhancing lesions). */
  notTargetable: (l: NormalisedLesion) => string | null = () => null,
): TargetChoice {
  const warnings: Warning[] = [];
  const targets: Record<Component, string[]> = { enhancing: [], non_enhancing: [] };
  const nonTargets: Record<Component, string[]> = { enhancing: [], non_enhancing: [] };
  const userChose = lesions.some((l) => l.declaredRole === "target" || l.declaredRole === "non_target");
  const measurableBy = (c: Component) => lesions.filter((l) => l.component === c && isMeasurable(l));
  const mixed = components.length === 2 && components.every((c) => measurableBy(c).length > 0);
  const limit = mixed ? limits.perComponentWhenMixed : limits.single;

  for (const component of components) {
    const own = lesions
      .filter((l) => l.component === component)
      .sort((a, b) => sizeOf(b) - sizeOf(a) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    let chosen: NormalisedLesion[];
    if (userChose) {
      chosen = [];
      for (const l of own.filter((x) => x.declaredRole === "target")) {
        const why = notTargetable(l);
        if (why !== null) {
          warnings.push({
            code: ruleId,
            message: `lesion ${l.id} is marked as a target, but ${why}; followed as a non-target`,
            path: `${l.path}.role`,
          });
        } else if (!isMeasurable(l)) {
          warnings.push({
            code: "RANO2-MEAS-1",
            message: `lesion ${l.id} is marked as a target but is not measurable (${l.measurability}); treated as non-target`,
            path: `${l.path}.role`,
          });
        } else chosen.push(l);
      }
      if (chosen.length > limit) {
        warnings.push({
          code: ruleId,
          message: `${chosen.length} ${label(component)} targets marked; at most ${limit}${mixed ? " per component when both components are measured" : ""}: the ${limit} largest are used, the rest followed as non-targets`,
        });
        chosen = chosen.slice(0, limit);
      }
    } else {
      chosen = own.filter((l) => isMeasurable(l)).slice(0, limit);
    }
    const measurableCount = own.filter((l) => isMeasurable(l)).length;
    if (chosen.length < limits.recommendedMinimum && measurableCount > chosen.length) {
      warnings.push({
        code: ruleId,
        message: `only ${chosen.length} ${label(component)} target(s) although ${measurableCount} lesions are measurable; select at least ${limits.recommendedMinimum}`,
      });
    }
    const chosenIds = new Set(chosen.map((l) => l.id));
    targets[component] = chosen.map((l) => l.id).sort();
    nonTargets[component] = own
      .filter((l) => !chosenIds.has(l.id))
      .map((l) => l.id)
      .sort();
  }
  return { targets, nonTargets, rules: [ruleId, "RANO2-TGT-3"], warnings };
}

function label(c: Component): string {
  return c === "enhancing" ? "enhancing" : "non-enhancing";
}
