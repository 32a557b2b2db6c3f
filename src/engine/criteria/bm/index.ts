// RANO-BM (Lin NU, Lee EQ, Aoyama H, et al. Response assessment criteria for brain metastases: proposal
// from the RANO group. Lancet Oncol 2015;16:e270–e278): unidimensional sum of longest diameters, up to
// 5 targets, PR ≥ 30% decrease, PD ≥ 20% increase over the nadir with a ≥ 5 mm absolute increase.
import { FIVE_TARGETS } from "../../core/targets.ts";
import type { CriteriaProfile } from "../../core/timeline/profile.ts";
import type { RuleMap } from "../../core/timeline/rule-roles.ts";
import { profileModule } from "../profile-module.ts";
import { preTreatmentBaseline } from "../rano2/baseline.ts";

/** BM-BASE-1: baseline no more than 4 weeks before treatment. */
export const BM_BASELINE_MAX_DAYS = 28;

type BmRule =
  | "BM-BASE-1"
  | "BM-MEAS-1"
  | "BM-MEAS-2"
  | "BM-TGT-1"
  | "BM-CR-1"
  | "BM-PR-1"
  | "BM-SD-1"
  | "BM-PD-1"
  | "BM-NEW-1"
  | "BM-STER-1"
  | "BM-RN-1";

/** Each neutral role in RANO-BM's terms (Lin 2015 Table 4, spec §11). Durability is part of BM-CR-1 /
 * BM-PR-1 ("sustained ≥ 4 weeks"), cited through the category role, so RANO2-DUR-1 maps to nothing. */
export const BM_RULES: RuleMap<BmRule> = {
  "RANO2-BASE-1": "BM-BASE-1",
  "RANO2-BASE-2": "BM-BASE-1",
  "RANO2-BASE-3": "BM-BASE-1",
  "RANO2-BASE-4": "BM-BASE-1",
  "RANO2-CLIN-1": "BM-PD-1",
  "RANO2-CONF-1": null,
  "RANO2-CONF-2": null,
  "RANO2-CONF-3": null,
  "RANO2-CONF-4": null,
  "RANO2-CONF-5": null,
  "RANO2-CONF-6": null,
  "RANO2-CONF-7": null,
  "RANO2-CONF-8": "BM-PD-1",
  "RANO2-DUR-1": null,
  "RANO2-MEAS-1": "BM-MEAS-1",
  "RANO2-MEAS-5": "BM-MEAS-2",
  "RANO2-MEAS-6": "BM-MEAS-2",
  "RANO2-MIX-1": null,
  "RANO2-MIX-2": null,
  "RANO2-MIX-3": null,
  "RANO2-NEW-1": "BM-NEW-1",
  "RANO2-NEW-2": "BM-NEW-1",
  "RANO2-NT-1": "BM-PD-1",
  "RANO2-NT-2": "BM-PR-1",
  "RANO2-SCOPE-3": null,
  "RANO2-SCOPE-4": null,
  "RANO2-STER-1": "BM-CR-1",
  "RANO2-STER-2": null,
  "RANO2-STER-3": "BM-STER-1",
  "RANO2-TGT-1": "BM-TGT-1",
  "RANO2-TGT-3": "BM-TGT-1",
  "RANO2-THR-1": null,
  "RANO2-TP-1": "BM-PD-1",
  // Pathology resolving a suspected radiation necrosis (or showing tumour).
  "RANO2-TP-2": "BM-RN-1",
  "RANO2-TP-3": "BM-PD-1",
  "RANO2-TP-4": "BM-CR-1",
  "RANO2-TP-5": "BM-CR-1",
  "RANO2-TP-6": null,
  "RANO2-TP-7": "BM-PD-1",
  "RANO2-TP-8": "BM-PD-1",
  "ROLE-CR": "BM-CR-1",
  "ROLE-PR": "BM-PR-1",
  "ROLE-MR": null,
  "ROLE-SD": "BM-SD-1",
  "ROLE-NE": null,
  "ROLE-IND-STEROID": "BM-STER-1",
};

export const bmProfile: CriteriaProfile = {
  id: "bm",
  shortName: "RANO-BM",
  rules: BM_RULES,
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
  // Table 4: CR needs no corticosteroids; PD has no steroid condition (no taper rule).
  steroids: {
    aboveBaseline: "stable_disease",
    crAllowsPhysiologic: false,
    twoWeekRule: false,
    taperRule: false,
  },
  flairQualitative: false,
  minorResponse: () => false,
  combine: (e) => ({ category: e === null || e === "NA" ? "SD" : e, rule: null }),
};

export const bm = profileModule(bmProfile, {
  id: "bm",
  name: "RANO-BM (Lin et al., Lancet Oncol 2015)",
  scope: "brain metastases",
  tumorTypes: ["brain_metastasis"],
});
