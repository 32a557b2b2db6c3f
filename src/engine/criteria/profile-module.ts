// Builds a criteria module from a time-line profile.
import { type TimelineOptions, timelineDefaults } from "../core/timeline/options.ts";
import type { CriteriaProfile } from "../core/timeline/profile.ts";
import { walkTimeline } from "../core/timeline/walk.ts";
import type { Case, TumorType } from "../model/case.ts";
import type { CriteriaModule } from "./types.ts";

export function profileModule(
  profile: CriteriaProfile | ((c: Case) => CriteriaProfile),
  meta: { id: string; name: string; tumorTypes: TumorType[]; appliesTo?: (c: Case) => boolean },
  defaults: Partial<TimelineOptions> = {},
): CriteriaModule<TimelineOptions> {
  const merged = { ...timelineDefaults, ...defaults };
  return {
    ...meta,
    defaults: merged,
    assess(c, options) {
      const p = typeof profile === "function" ? profile(c) : profile;
      return walkTimeline(c, p, { ...merged, ...options });
    },
  };
}

/** Rule translation table: listed canonical roles map to this criteria's IDs; other RANO 2.0 roles and
 * role tags are dropped; everything else (GEN-*, STER-*, END-*, AMB-*) is kept. */
export function ruleTable(table: Record<string, string | null>): (id: string) => string | null {
  return (id) => {
    if (id in table) return table[id] ?? null;
    if (id.startsWith("RANO2-") || id.startsWith("ROLE-")) return null;
    return id;
  };
}

export const isHighGradeGlioma = (c: Case): boolean =>
  c.patient.tumorType === "glioblastoma_idh_wildtype" ||
  ((c.patient.tumorType === "astrocytoma_idh_mutant" ||
    c.patient.tumorType === "oligodendroglioma" ||
    c.patient.tumorType === "other_glioma") &&
    c.patient.whoGrade !== 2);

export const isLowGradeGlioma = (c: Case): boolean =>
  (c.patient.tumorType === "astrocytoma_idh_mutant" ||
    c.patient.tumorType === "oligodendroglioma" ||
    c.patient.tumorType === "other_glioma") &&
  c.patient.whoGrade === 2;
