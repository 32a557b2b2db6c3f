// mRANO (Ellingson BM, Wen PY, Cloughesy TF. Modified criteria for radiographic response assessment in
// glioblastoma clinical trials. Neurotherapeutics 2017;14:307–320): post-RT baseline, enhancing disease
// only, and every radiographic progression preliminary until a later scan confirms it.
import { addDays } from "../../core/dates.ts";
import { RANO_MEASURABILITY } from "../../core/lesions.ts";
import { FIVE_TARGETS } from "../../core/targets.ts";
import type {
  ConfirmationContext,
  ConfirmationDecision,
  CriteriaProfile,
} from "../../core/timeline/profile.ts";
import type { RuleMap } from "../../core/timeline/rule-roles.ts";
import { isHighGradeGlioma, profileModule } from "../profile-module.ts";
import { selectBaseline } from "../rano2/baseline.ts";
import { RANO2_BIDIMENSIONAL, RANO2_VOLUMETRIC } from "../rano2/profile.ts";

/** MRANO-PD-1 / MRANO-CONF-1: enhancing PD is always preliminary, inside and after 12 weeks. */
function mranoConfirmation({ triggers, date, options: o }: ConfirmationContext): ConfirmationDecision {
  const needed = triggers.some((t) => t.component === "enhancing");
  return {
    needed,
    label: "PD-P",
    rules: needed ? ["MRANO-PD-1", "MRANO-CONF-1"] : [],
    why: needed ? "mRANO: radiographic progression always needs a confirmation scan" : "",
    eligibleFrom: addDays(date, o.confirmMinDays),
  };
}

type MranoRule =
  | "MRANO-BASE-1"
  | "MRANO-MEAS-1"
  | "MRANO-PD-1"
  | "MRANO-CONF-1"
  | "MRANO-DUR-1"
  | "MRANO-NM-1"
  | "MRANO-STER-1";

/** Each neutral role in mRANO's terms (spec §6): categories by the measurement rule MRANO-MEAS-1,
 * steroid and clinical modifiers inherited from RANO-HGG (MRANO-STER-1). */
export const MRANO_RULES: RuleMap<MranoRule> = {
  "RANO2-BASE-1": "MRANO-BASE-1",
  "RANO2-BASE-2": "MRANO-BASE-1",
  "RANO2-BASE-3": "MRANO-BASE-1",
  "RANO2-BASE-4": "MRANO-BASE-1",
  "RANO2-CLIN-1": "MRANO-STER-1",
  "RANO2-CONF-1": "MRANO-CONF-1",
  "RANO2-CONF-2": null,
  "RANO2-CONF-3": "MRANO-CONF-1",
  "RANO2-CONF-4": "MRANO-CONF-1",
  "RANO2-CONF-5": "MRANO-CONF-1",
  "RANO2-CONF-6": "MRANO-CONF-1",
  "RANO2-CONF-7": "MRANO-CONF-1",
  "RANO2-CONF-8": "MRANO-CONF-1",
  "RANO2-DUR-1": "MRANO-DUR-1",
  "RANO2-MEAS-1": "MRANO-MEAS-1",
  "RANO2-MEAS-5": "MRANO-MEAS-1",
  "RANO2-MEAS-6": "MRANO-NM-1",
  "RANO2-MIX-1": null,
  "RANO2-MIX-2": null,
  "RANO2-MIX-3": null,
  "RANO2-NEW-1": "MRANO-PD-1",
  "RANO2-NEW-2": "MRANO-NM-1",
  "RANO2-NT-1": "MRANO-NM-1",
  "RANO2-NT-2": "MRANO-NM-1",
  "RANO2-SCOPE-3": null,
  "RANO2-SCOPE-4": null,
  "RANO2-STER-1": "MRANO-STER-1",
  "RANO2-STER-2": "MRANO-STER-1",
  "RANO2-STER-3": "MRANO-STER-1",
  "RANO2-TGT-1": "MRANO-MEAS-1",
  "RANO2-TGT-3": "MRANO-MEAS-1",
  "RANO2-THR-1": "MRANO-MEAS-1",
  "RANO2-TP-1": "MRANO-STER-1",
  "RANO2-TP-2": null,
  "RANO2-TP-3": "MRANO-PD-1",
  "RANO2-TP-4": "MRANO-STER-1",
  "RANO2-TP-5": "MRANO-MEAS-1",
  "RANO2-TP-6": "MRANO-MEAS-1",
  "RANO2-TP-7": "MRANO-STER-1",
  "RANO2-TP-8": "MRANO-PD-1",
  "ROLE-CR": null,
  "ROLE-PR": null,
  "ROLE-MR": null,
  "ROLE-SD": null,
  "ROLE-NE": null,
  "ROLE-IND-STEROID": "MRANO-STER-1",
};

export const mranoProfile: CriteriaProfile = {
  id: "mrano",
  shortName: "mRANO",
  rules: MRANO_RULES,
  selectBaseline,
  scope: () => ({
    enhancing: true,
    nonEnhancing: false,
    rules: ["MRANO-MEAS-1"],
    explanation: "enhancing disease only; T2/FLAIR not evaluated",
    warnings: [],
  }),
  measurability: RANO_MEASURABILITY,
  sumMethod: (c) => c.protocol.primaryMethod,
  targetLimits: FIVE_TARGETS,
  thresholds: (method) => ({
    ...(method === "volumetric" ? RANO2_VOLUMETRIC : RANO2_BIDIMENSIONAL),
    mr: null,
  }),
  newLesionsDefinePd: "measurable",
  nonTargetProgression: "progression",
  equivocalNewLesionsWait: false,
  confirmation: mranoConfirmation,
  steroids: {
    aboveBaseline: "indeterminate",
    crAllowsPhysiologic: true,
    twoWeekRule: false,
    taperRule: true,
  },
  flairQualitative: false,
  minorResponse: () => false,
  combine: (e) => ({ category: e === null || e === "NA" ? "SD" : e, rule: null }),
};

export const mrano = profileModule(mranoProfile, {
  id: "mrano",
  name: "mRANO (Ellingson et al., Neurotherapeutics 2017)",
  scope: "high-grade gliomas (not WHO grade 2)",
  tumorTypes: ["glioblastoma_idh_wildtype", "astrocytoma_idh_mutant", "oligodendroglioma", "other_glioma"],
  appliesTo: isHighGradeGlioma,
});
