// Builds a criteria module from a time-line profile.
import { type TimelineOptions, timelineDefaults } from "../core/timeline/options.ts";
import type { CriteriaProfile } from "../core/timeline/profile.ts";
import { walkTimeline } from "../core/timeline/walk.ts";
import type { Case, TumorType } from "../model/case.ts";
import type { CriteriaModule } from "./types.ts";

export function profileModule(
  profile: CriteriaProfile | ((c: Case) => CriteriaProfile),
  meta: {
    id: string;
    name: string;
    scope: string;
    tumorTypes: TumorType[];
    appliesTo?: (c: Case) => boolean;
  },
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
