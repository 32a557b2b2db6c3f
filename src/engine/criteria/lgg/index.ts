// RANO-LGG (van den Bent MJ, Wefel JS, Schiff D, et al. Response assessment in neuro-oncology (a report
// of the RANO group): assessment of outcome in trials of diffuse low-grade gliomas. Lancet Oncol
// 2011;12:583–593): T2/FLAIR sum of products with a minor-response category; new or increased
// enhancement is progression (malignant transformation).
import { RANO_MEASURABILITY } from "../../core/lesions.ts";
import { FIVE_TARGETS } from "../../core/targets.ts";
import type { CriteriaProfile } from "../../core/timeline/profile.ts";
import type { RuleMap } from "../../core/timeline/rule-roles.ts";
import { isLowGradeGlioma, profileModule } from "../profile-module.ts";
import { preTreatmentBaseline } from "../rano2/baseline.ts";
import { combineComponents } from "../rano2/combine.ts";

type LggRule =
  | "LGG-MEAS-1"
  | "LGG-TGT-1"
  | "LGG-CR-1"
  | "LGG-PR-1"
  | "LGG-MR-1"
  | "LGG-SD-1"
  | "LGG-PD-1"
  | "LGG-DUR-1";

/** Each neutral role in RANO-LGG's terms (spec §7). RANO-LGG has no confirmation rules and no baseline
 * rule of its own (the pre-treatment scan is used). */
export const LGG_RULES: RuleMap<LggRule> = {
  "RANO2-BASE-1": null,
  "RANO2-BASE-2": null,
  "RANO2-BASE-3": null,
  "RANO2-BASE-4": null,
  "RANO2-CLIN-1": "LGG-PD-1",
  "RANO2-CONF-1": null,
  "RANO2-CONF-2": null,
  "RANO2-CONF-3": null,
  "RANO2-CONF-4": null,
  "RANO2-CONF-5": null,
  "RANO2-CONF-6": null,
  "RANO2-CONF-7": null,
  "RANO2-CONF-8": "LGG-PD-1",
  "RANO2-DUR-1": "LGG-DUR-1",
  "RANO2-MEAS-1": "LGG-MEAS-1",
  "RANO2-MEAS-5": "LGG-MEAS-1",
  "RANO2-MEAS-6": "LGG-MEAS-1",
  "RANO2-MIX-1": null,
  "RANO2-MIX-2": null,
  "RANO2-MIX-3": null,
  "RANO2-NEW-1": "LGG-PD-1",
  "RANO2-NEW-2": "LGG-PD-1",
  "RANO2-NT-1": "LGG-PD-1",
  "RANO2-NT-2": "LGG-PR-1",
  "RANO2-SCOPE-3": null,
  "RANO2-SCOPE-4": null,
  "RANO2-STER-1": "LGG-CR-1",
  "RANO2-STER-2": null,
  "RANO2-STER-3": "LGG-SD-1",
  "RANO2-TGT-1": "LGG-TGT-1",
  "RANO2-TGT-3": "LGG-TGT-1",
  "RANO2-THR-1": null,
  "RANO2-TP-1": "LGG-PD-1",
  "RANO2-TP-2": "LGG-PD-1",
  "RANO2-TP-3": "LGG-PD-1",
  "RANO2-TP-4": "LGG-CR-1",
  "RANO2-TP-5": "LGG-CR-1",
  "RANO2-TP-6": null,
  "RANO2-TP-7": "LGG-PD-1",
  "RANO2-TP-8": "LGG-PD-1",
  "ROLE-CR": "LGG-CR-1",
  "ROLE-PR": "LGG-PR-1",
  "ROLE-MR": "LGG-MR-1",
  "ROLE-SD": "LGG-SD-1",
  "ROLE-NE": null,
  // SD needs steroids stable or decreased (LGG-SD-1); an increase alone is not PD.
  "ROLE-IND-STEROID": "LGG-SD-1",
};

export const lggProfile: CriteriaProfile = {
  id: "lgg",
  shortName: "RANO-LGG",
  rules: LGG_RULES,
  selectBaseline: (c) => preTreatmentBaseline(c, "RANO2-BASE-4", null),
  scope: () => ({
    enhancing: true,
    nonEnhancing: true,
    rules: ["LGG-MEAS-1"],
    explanation:
      "T2/FLAIR lesions measured; enhancement watched (new or increased enhancement = progression)",
    warnings: [],
  }),
  measurability: RANO_MEASURABILITY,
  sumMethod: () => "bidimensional",
  targetLimits: FIVE_TARGETS,
  targetComponents: ["non_enhancing"],
  thresholds: () => ({ pd: 25, pr: 50, mr: 25 }),
  newLesionsDefinePd: "any",
  nonTargetProgression: "progression",
  equivocalNewLesionsWait: false,
  confirmation: () => ({ needed: false, label: "PD-P", rules: [], why: "" }),
  steroids: {
    aboveBaseline: "indeterminate",
    crAllowsPhysiologic: true,
    twoWeekRule: false,
    taperRule: true,
  },
  flairQualitative: false,
  minorResponse: () => true,
  combine: (e, n, o) => combineComponents(e, n, o.mixedPrWithMr),
};

export const lgg = profileModule(lggProfile, {
  id: "lgg",
  name: "RANO-LGG (van den Bent et al., Lancet Oncol 2011)",
  scope: "WHO grade 2 gliomas",
  tumorTypes: ["astrocytoma_idh_mutant", "oligodendroglioma", "other_glioma"],
  appliesTo: isLowGradeGlioma,
});
