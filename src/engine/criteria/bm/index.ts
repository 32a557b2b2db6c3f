// RANO-BM (Lin NU, Lee EQ, Aoyama H, et al. Response assessment criteria for brain metastases: proposal
// from the RANO group. Lancet Oncol 2015;16:e270–e278): unidimensional sum of longest diameters, up to
// 5 targets, PR ≥ 30% decrease, PD ≥ 20% increase over the nadir with a ≥ 5 mm absolute increase.
import { FIVE_TARGETS } from "../../core/targets.ts";
import type { CriteriaProfile } from "../../core/timeline/profile.ts";
import { profileModule, ruleTable } from "../profile-module.ts";
import { preTreatmentBaseline } from "../rano2/baseline.ts";

/** BM-BASE-1: baseline no more than 4 weeks before treatment. */
export const BM_BASELINE_MAX_DAYS = 28;

export const bmProfile: CriteriaProfile = {
  id: "bm",
  shortName: "RANO-BM",
  rule: ruleTable({
    "RANO2-BASE-3": "BM-BASE-1",
    "RANO2-BASE-4": "BM-BASE-1",
    "RANO2-TGT-1": "BM-TGT-1",
    "RANO2-TGT-3": "BM-TGT-1",
    "RANO2-MEAS-1": "BM-MEAS-1",
    "RANO2-MEAS-5": "BM-MEAS-2",
    "RANO2-MEAS-6": "BM-MEAS-2",
    "RANO2-THR-1": null,
    "RANO2-NEW-1": "BM-NEW-1",
    "RANO2-NEW-2": "BM-NEW-1",
    "RANO2-NT-1": "BM-PD-1",
    "RANO2-NT-2": "BM-PR-1",
    "RANO2-TP-1": "BM-PD-1",
    "RANO2-TP-3": "BM-PD-1",
    "RANO2-TP-8": "BM-PD-1",
    "RANO2-TP-4": "BM-CR-1",
    "RANO2-TP-5": "BM-CR-1",
    "RANO2-STER-1": "BM-CR-1",
    "RANO2-STER-2": "BM-SD-1",
    "RANO2-STER-3": "BM-STER-1",
    "RANO2-CLIN-1": "BM-PD-1",
    "RANO2-DUR-1": "BM-CR-1",
    "ROLE-CR": "BM-CR-1",
    "ROLE-PR": "BM-PR-1",
    "ROLE-SD": "BM-SD-1",
  }),
  selectBaseline: (c) => preTreatmentBaseline(c, "BM-BASE-1", BM_BASELINE_MAX_DAYS),
  scope: () => ({
    enhancing: true,
    nonEnhancing: false,
    rules: ["BM-SCOPE-1"],
    explanation: "enhancing CNS lesions, longest diameters",
    warnings: [],
  }),
  measurability: {
    minDiameterUm: 10_000,
    minPerpendicularUm: 5_000,
    thickSliceRule: "thickness_over_5mm",
    minSlices: 2,
  },
  sumMethod: () => "unidimensional",
  targetLimits: FIVE_TARGETS,
  thresholds: () => ({ pd: 20, pr: 30, mr: null }),
  pdAbsoluteIncreaseUm: 5_000,
  newLesionsDefinePd: "any",
  nonTargetProgression: "progression",
  equivocalNewLesionsWait: true,
  confirmation: () => ({ needed: false, label: "PD-P", rules: [], why: "" }),
  steroids: { aboveBaseline: "stable_disease", crAllowsPhysiologic: false, twoWeekRule: false },
  flairQualitative: false,
  minorResponse: () => false,
  combine: (e) => ({ category: e === null || e === "NA" ? "SD" : e, rule: null }),
};

export const bm = profileModule(bmProfile, {
  id: "bm",
  name: "RANO-BM (Lin et al., Lancet Oncol 2015)",
  tumorTypes: ["brain_metastasis"],
});
