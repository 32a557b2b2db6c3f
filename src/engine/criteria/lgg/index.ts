// RANO-LGG (van den Bent MJ, Wefel JS, Schiff D, et al. Response assessment in neuro-oncology (a report
// of the RANO group): assessment of outcome in trials of diffuse low-grade gliomas. Lancet Oncol
// 2011;12:583–593): T2/FLAIR sum of products with a minor-response category; new or increased
// enhancement is progression (malignant transformation).
import { RANO_MEASURABILITY } from "../../core/lesions.ts";
import { FIVE_TARGETS } from "../../core/targets.ts";
import type { CriteriaProfile } from "../../core/timeline/profile.ts";
import { isLowGradeGlioma, profileModule, ruleTable } from "../profile-module.ts";
import { preTreatmentBaseline } from "../rano2/baseline.ts";
import { combineComponents } from "../rano2/combine.ts";

export const lggProfile: CriteriaProfile = {
  id: "lgg",
  shortName: "RANO-LGG",
  rule: ruleTable({
    "RANO2-BASE-3": "LGG-MEAS-1",
    "RANO2-BASE-4": "LGG-MEAS-1",
    "RANO2-TGT-1": "LGG-TGT-1",
    "RANO2-MEAS-1": "LGG-MEAS-1",
    "RANO2-MEAS-6": "LGG-MEAS-1",
    "RANO2-NEW-1": "LGG-PD-1",
    "RANO2-NEW-2": "LGG-PD-1",
    "RANO2-NT-1": "LGG-PD-1",
    "RANO2-NT-2": "LGG-PR-1",
    "RANO2-TP-1": "LGG-PD-1",
    "RANO2-TP-3": "LGG-PD-1",
    "RANO2-TP-8": "LGG-PD-1",
    "RANO2-TP-4": "LGG-CR-1",
    "RANO2-TP-5": "LGG-CR-1",
    "RANO2-STER-1": "LGG-CR-1",
    "RANO2-STER-2": "LGG-SD-1",
    "RANO2-STER-3": "LGG-SD-1",
    "RANO2-CLIN-1": "LGG-PD-1",
    "RANO2-DUR-1": "LGG-DUR-1",
    "ROLE-CR": "LGG-CR-1",
    "ROLE-PR": "LGG-PR-1",
    "ROLE-MR": "LGG-MR-1",
    "ROLE-SD": "LGG-SD-1",
  }),
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
  steroids: { aboveBaseline: "indeterminate", crAllowsPhysiologic: true, twoWeekRule: false },
  flairQualitative: false,
  minorResponse: () => true,
  combine: (e, n, o) => combineComponents(e, n, o.mixedPrWithMr),
};

export const lgg = profileModule(lggProfile, {
  id: "lgg",
  name: "RANO-LGG (van den Bent et al., Lancet Oncol 2011)",
  tumorTypes: ["astrocytoma_idh_mutant", "oligodendroglioma", "other_glioma"],
  appliesTo: isLowGradeGlioma,
});
