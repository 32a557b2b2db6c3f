// Lesion measurements normalised to exact integers, and measurability (MEAS-*, RANO2-MEAS-*).
import type { Assessment, Lesion } from "../model/case.ts";
import { cm3ToMilliMm3, mm3ToMilli, mmToUm } from "./exact.ts";

export interface MeasurabilityRule {
  /** Minimum of the longest diameter (and of the perpendicular unless given below), µm (10 mm in RANO). */
  minDiameterUm: number;
  /** RANO-BM: the perpendicular diameter only needs ≥ 5 mm. */
  minPerpendicularUm?: number;
  /** Thick slices: RANO 2.0 uses 2 × (thickness + gap) (RANO2-MEAS-2); RANO-HGG and RANO-BM use
   * 2 × thickness when slices are thicker than 5 mm (HGG-MEAS-1, AMB-26). */
  thickSliceRule: "thickness_plus_gap" | "thickness_over_5mm" | "none";
  /** Minimum number of slices the lesion must be visible on (2). */
  minSlices: number;
}

export const RANO_MEASURABILITY: MeasurabilityRule = {
  minDiameterUm: 10_000,
  thickSliceRule: "thickness_plus_gap",
  minSlices: 2,
};

export interface NormalisedLesion {
  id: string;
  component: Lesion["component"];
  declaredRole: Lesion["role"];
  status: Lesion["status"];
  /** Longest and perpendicular diameters in µm used for the product (nodule diameters for cyst walls). */
  ldUm: number | null;
  perpUm: number | null;
  volume: number | null; // 0.001 mm³
  measurable: boolean;
  /** RANO2-MEAS-3: >= 10 mm in all three orthogonal extents (falls back to bidimensional measurability). */
  volumetricMeasurable: boolean;
  /** Why it is or is not measurable, citing the rule. */
  measurability: string;
  outsideRadiationField: boolean;
  equivocal: boolean;
  /** JSON path of this lesion in the case document. */
  path: string;
}

export function minimumDiameterUm(rule: MeasurabilityRule, lesion: Lesion, assessment: Assessment): number {
  if (rule.thickSliceRule === "none") return rule.minDiameterUm;
  const thickness = lesion.sliceThicknessMm ?? assessment.sliceThicknessMm;
  if (thickness === undefined) return rule.minDiameterUm;
  if (rule.thickSliceRule === "thickness_over_5mm") {
    return mmToUm(thickness) > 5000
      ? Math.max(rule.minDiameterUm, 2 * mmToUm(thickness))
      : rule.minDiameterUm;
  }
  const gap = lesion.sliceGapMm ?? assessment.sliceGapMm ?? 0;
  return Math.max(rule.minDiameterUm, 2 * (mmToUm(thickness) + mmToUm(gap)));
}

// The verdicts without numbers in them, shared (read only) instead of built per lesion and scan.
const ABSENT = { measurable: false, why: "absent" };
const TOO_SMALL = { measurable: false, why: "too small to measure (RANO2-MEAS-5)" };
const ILL_DEFINED = { measurable: false, why: "ill-defined (RANO2-MEAS-5)" };
const CAVITY_NO_NODULE = { measurable: false, why: "cyst or cavity wall without a nodule (RANO2-MEAS-4)" };
const NOT_BIDIMENSIONAL = { measurable: false, why: "no bidimensional measurement" };
const MEASURABLE = { measurable: true, why: "measurable (RANO2-MEAS-1)" };

function measurabilityOf(
  rule: MeasurabilityRule,
  lesion: Lesion,
  assessment: Assessment,
  ld: number | null,
  perp: number | null,
): { measurable: boolean; why: string } {
  if (lesion.status === "absent") return ABSENT;
  if (lesion.status === "too_small") return TOO_SMALL;
  if (!lesion.wellDefined) return ILL_DEFINED;
  if (lesion.cystOrCavity && !lesion.noduleDiametersMm) return CAVITY_NO_NODULE;
  if (ld === null || perp === null) return NOT_BIDIMENSIONAL;
  const min = minimumDiameterUm(rule, lesion, assessment);
  if (rule.minPerpendicularUm !== undefined) {
    if (ld < min || perp < rule.minPerpendicularUm) {
      return {
        measurable: false,
        why: `longest diameter below ${min / 1000} mm or perpendicular below ${rule.minPerpendicularUm / 1000} mm (BM-MEAS-1)`,
      };
    }
  } else if (Math.min(ld, perp) < min) {
    const minMm = min / 1000;
    const why =
      min > rule.minDiameterUm
        ? `below ${minMm} mm = 2 × (slice thickness + gap) in a diameter (RANO2-MEAS-2)`
        : `below ${minMm} × ${minMm} mm (RANO2-MEAS-1)`;
    return { measurable: false, why };
  }
  if (lesion.slices !== undefined && lesion.slices < rule.minSlices) {
    return {
      measurable: false,
      why: `visible on ${lesion.slices} slice(s), needs ≥ ${rule.minSlices} (RANO2-MEAS-1)`,
    };
  }
  if (lesion.cystOrCavity)
    return {
      measurable: true,
      why: `nodule in a cyst/cavity wall ≥ ${min / 1000} × ${min / 1000} mm (RANO2-MEAS-4)`,
    };
  return MEASURABLE;
}

export function normaliseLesion(
  lesion: Lesion,
  assessment: Assessment,
  path: string,
  rule: MeasurabilityRule,
  tooSmallDiameterMm: number,
): NormalisedLesion {
  const diameters =
    lesion.cystOrCavity && lesion.noduleDiametersMm ? lesion.noduleDiametersMm : lesion.diametersMm;
  let ld: number | null = null;
  let perp: number | null = null;
  if (lesion.status === "absent") {
    ld = 0;
    perp = 0;
  } else if (diameters) {
    const a = mmToUm(diameters[0]);
    const b = mmToUm(diameters[1]);
    ld = Math.max(a, b);
    perp = Math.min(a, b);
  } else if (lesion.status === "too_small") {
    // MEAS-7 / AMB-11: a visible target too small to measure scores a default diameter per axis.
    ld = mmToUm(tooSmallDiameterMm);
    perp = ld;
  }
  let volume: number | null = null;
  if (lesion.status === "absent") volume = 0;
  else if (lesion.volumeMm3 !== undefined) volume = mm3ToMilli(lesion.volumeMm3);
  else if (lesion.volumeCm3 !== undefined) volume = cm3ToMilliMm3(lesion.volumeCm3);
  const m = measurabilityOf(rule, lesion, assessment, ld, perp);
  return {
    id: lesion.id,
    component: lesion.component,
    declaredRole: lesion.role,
    status: lesion.status,
    ldUm: ld,
    perpUm: perp,
    volume,
    measurable: m.measurable,
    volumetricMeasurable: lesion.extentsMm ? extentsMeasurable(lesion, rule) : m.measurable,
    measurability: m.why,
    outsideRadiationField: lesion.outsideRadiationField,
    equivocal: lesion.equivocal,
    path,
  };
}

function extentsMeasurable(lesion: Lesion, rule: MeasurabilityRule): boolean {
  if (lesion.status === "absent") return false;
  for (const e of lesion.extentsMm!) if (mmToUm(e) < rule.minDiameterUm) return false;
  return true;
}

/** Product of the two diameters in µm² (MEAS-2), or null when not measured. */
export function productUm2(l: NormalisedLesion): number | null {
  return l.ldUm === null || l.perpUm === null ? null : l.ldUm * l.perpUm;
}
