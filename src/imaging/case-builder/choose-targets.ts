// Target and non-target lesions at baseline from measured masks, by the criteria's rules:
// RANO 2.0 (RANO2-MEAS-1/2/4, RANO2-TGT-1/3): measurable = both diameters ≥ 10 mm (or 2 × slice
//   spacing when larger), seen on ≥ 2 slices, not a cyst/cavity wall; up to 3 targets, or 2 enhancing +
//   2 non-enhancing when both components are assessed and both have measurable disease; largest
//   product first.
// RANO-BM (BM-MEAS-1, BM-TGT-1): measurable = longest diameter ≥ 10 mm (2 × slice thickness when
//   slices are thicker than 5 mm) and perpendicular ≥ 5 mm, ≥ 2 slices; up to 5 targets, longest first.
// The engine (src/engine/core/targets.ts) makes the same choice when no roles are given; writing the
// roles into the case makes the choice visible and lets the user override it.
import { ImagingInputError } from "../errors.ts";

export type CaseCriteria = "rano2" | "bm";
export type CaseComponent = "enhancing" | "non_enhancing";

export interface TargetCandidate {
  id: string;
  component: CaseComponent;
  /** Longest diameter and its perpendicular, mm (null when the lesion has no bidimensional measurement). */
  longestMm: number | null;
  perpendicularMm: number | null;
  sliceCount: number;
  cystOrCavity: boolean;
}

export interface TargetRules {
  criteria: CaseCriteria;
  /** Components the criteria assess for this case. */
  components: ReadonlyArray<CaseComponent>;
  /** Spacing between slices along the measurement axis, mm (RANO2-MEAS-2). */
  sliceSpacingMm?: number;
}

export interface TargetOverrides {
  targets?: ReadonlyArray<string>;
  nonTargets?: ReadonlyArray<string>;
}

export interface TargetChoice {
  targets: string[];
  nonTargets: string[];
  /** Why each candidate is or is not measurable. */
  measurability: Map<string, { measurable: boolean; why: string }>;
  notes: string[];
}

export const TARGET_LIMITS = {
  rano2: { single: 3, perComponentWhenMixed: 2 },
  bm: { single: 5, perComponentWhenMixed: 5 },
} as const;

const fmt = (mm: number) => `${Math.round(mm * 10) / 10} mm`;

export function measurability(c: TargetCandidate, rules: TargetRules): { measurable: boolean; why: string } {
  if (c.cystOrCavity) return { measurable: false, why: "cyst or cavity wall (RANO2-MEAS-4)" };
  if (c.longestMm === null || c.perpendicularMm === null) {
    return { measurable: false, why: "no bidimensional measurement" };
  }
  const spacing = rules.sliceSpacingMm ?? 0;
  if (rules.criteria === "bm") {
    const minLd = spacing > 5 ? Math.max(10, 2 * spacing) : 10;
    if (c.longestMm < minLd || c.perpendicularMm < 5) {
      return {
        measurable: false,
        why: `${fmt(c.longestMm)} × ${fmt(c.perpendicularMm)}: longest below ${minLd} mm or perpendicular below 5 mm (BM-MEAS-1)`,
      };
    }
  } else {
    const min = Math.max(10, 2 * spacing);
    if (Math.min(c.longestMm, c.perpendicularMm) < min) {
      return {
        measurable: false,
        why: `${fmt(c.longestMm)} × ${fmt(c.perpendicularMm)}: below ${min} × ${min} mm (${min > 10 ? "RANO2-MEAS-2" : "RANO2-MEAS-1"})`,
      };
    }
  }
  if (c.sliceCount < 2) return { measurable: false, why: `seen on ${c.sliceCount} slice (needs ≥ 2)` };
  return { measurable: true, why: `${fmt(c.longestMm)} × ${fmt(c.perpendicularMm)}, ${c.sliceCount} slices` };
}

/** Ranking size: the product for RANO 2.0, the longest diameter for RANO-BM. */
function sizeOf(c: TargetCandidate, criteria: CaseCriteria): number {
  if (c.longestMm === null) return 0;
  return criteria === "bm" ? c.longestMm : c.longestMm * (c.perpendicularMm ?? 0);
}

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function chooseTargets(
  candidates: ReadonlyArray<TargetCandidate>,
  rules: TargetRules,
  overrides: TargetOverrides = {},
): TargetChoice {
  const inScope = candidates.filter((c) => rules.components.includes(c.component));
  const m = new Map(inScope.map((c) => [c.id, measurability(c, rules)]));
  const known = new Set(inScope.map((c) => c.id));
  const notes: string[] = [];
  const forcedTargets = [...(overrides.targets ?? [])];
  const forcedNon = new Set(overrides.nonTargets ?? []);
  for (const id of [...forcedTargets, ...forcedNon]) {
    if (!known.has(id)) {
      throw new ImagingInputError(
        "target overrides",
        `lesion ${id} is not a baseline lesion of an assessed component (baseline lesions: ${[...known].sort(byId).join(", ") || "none"})`,
      );
    }
  }
  for (const id of forcedTargets) {
    if (forcedNon.has(id)) {
      throw new ImagingInputError(
        "target overrides",
        `lesion ${id} is given both as target and as non-target`,
      );
    }
    const why = m.get(id)!;
    if (!why.measurable) {
      throw new ImagingInputError(
        "target overrides",
        `lesion ${id} cannot be a target: not measurable (${why.why})`,
      );
    }
  }

  const limits = TARGET_LIMITS[rules.criteria];
  const measurableIn = (comp: CaseComponent) =>
    inScope.filter((c) => c.component === comp && m.get(c.id)!.measurable);
  const mixed = rules.components.length === 2 && rules.components.every((c) => measurableIn(c).length > 0);
  const limit = mixed ? limits.perComponentWhenMixed : limits.single;

  const targets: string[] = [];
  for (const comp of rules.components) {
    const ranked = measurableIn(comp).sort(
      (a, b) => sizeOf(b, rules.criteria) - sizeOf(a, rules.criteria) || byId(a.id, b.id),
    );
    let chosen: string[];
    if (forcedTargets.length > 0) {
      chosen = ranked.filter((c) => forcedTargets.includes(c.id)).map((c) => c.id);
      if (chosen.length > limit) {
        throw new ImagingInputError(
          "target overrides",
          `${chosen.length} ${comp.replace("_", "-")} targets given; at most ${limit}${mixed ? " per component when both components are assessed" : ""}`,
        );
      }
    } else {
      chosen = ranked
        .filter((c) => !forcedNon.has(c.id))
        .slice(0, limit)
        .map((c) => c.id);
      const left = ranked.length - chosen.length;
      if (left > 0) {
        notes.push(
          `${left} further measurable ${comp.replace("_", "-")} lesion(s) followed as non-target(s) (at most ${limit} targets${mixed ? " per component" : ""})`,
        );
      }
    }
    targets.push(...chosen);
  }
  const chosenSet = new Set(targets);
  const nonTargets = inScope
    .map((c) => c.id)
    .filter((id) => !chosenSet.has(id))
    .sort(byId);
  return { targets: targets.sort(byId), nonTargets, measurability: m, notes };
}
