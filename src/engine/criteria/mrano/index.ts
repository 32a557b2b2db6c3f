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
import { isHighGradeGlioma, profileModule, ruleTable } from "../profile-module.ts";
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

export const mranoProfile: CriteriaProfile = {
  id: "mrano",
  shortName: "mRANO",
  rule: ruleTable({
    "RANO2-BASE-1": "MRANO-BASE-1",
    "RANO2-BASE-2": "MRANO-BASE-1",
    "RANO2-BASE-3": "MRANO-BASE-1",
    "RANO2-BASE-4": "MRANO-BASE-1",
    "RANO2-MEAS-1": "MRANO-MEAS-1",
    "RANO2-MEAS-6": "MRANO-NM-1",
    "RANO2-NEW-1": "MRANO-PD-1",
    "RANO2-NEW-2": "MRANO-NM-1",
    "RANO2-NT-1": "MRANO-NM-1",
    "RANO2-TP-1": "MRANO-STER-1",
    "RANO2-TP-3": "MRANO-PD-1",
    "RANO2-TP-4": "MRANO-STER-1",
    "RANO2-STER-1": "MRANO-STER-1",
    "RANO2-STER-2": "MRANO-STER-1",
    "RANO2-STER-3": "MRANO-STER-1",
    "RANO2-CONF-1": "MRANO-CONF-1",
    "RANO2-CONF-3": "MRANO-CONF-1",
    "RANO2-CONF-4": "MRANO-CONF-1",
    "RANO2-CONF-5": "MRANO-CONF-1",
    "RANO2-CONF-6": "MRANO-CONF-1",
    "RANO2-CONF-7": "MRANO-CONF-1",
    "RANO2-CONF-8": "MRANO-CONF-1",
    "RANO2-DUR-1": "MRANO-DUR-1",
    "RANO2-THR-1": "MRANO-MEAS-1",
  }),
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
  steroids: { aboveBaseline: "indeterminate", crAllowsPhysiologic: true, twoWeekRule: false },
  flairQualitative: false,
  minorResponse: () => false,
  combine: (e) => ({ category: e === null || e === "NA" ? "SD" : e, rule: null }),
};

export const mrano = profileModule(mranoProfile, {
  id: "mrano",
  name: "mRANO (Ellingson et al., Neurotherapeutics 2017)",
  tumorTypes: ["glioblastoma_idh_wildtype", "astrocytoma_idh_mutant", "oligodendroglioma", "other_glioma"],
  appliesTo: isHighGradeGlioma,
});
