// RANO-HGG (Wen PY, Macdonald DR, Reardon DA, et al. Updated response assessment criteria for high-grade
// gliomas: Response Assessment in Neuro-Oncology Working Group. J Clin Oncol 2010;28:1963–1972).
import { addDays, daysBetween } from "../../core/dates.ts";
import { FIVE_TARGETS } from "../../core/targets.ts";
import type {
  ConfirmationContext,
  ConfirmationDecision,
  CriteriaProfile,
} from "../../core/timeline/profile.ts";
import type { RuleMap } from "../../core/timeline/rule-roles.ts";
import type { Case } from "../../model/case.ts";
import { isHighGradeGlioma, profileModule } from "../profile-module.ts";
import { preTreatmentBaseline } from "../rano2/baseline.ts";

/** HGG-BASE-1: newly diagnosed → the post-operative scan before radiotherapy; recurrent → pre-treatment. */
function hggBaseline(c: Case) {
  const rt = c.treatments.find((t) => t.type === "radiotherapy");
  if (c.patient.setting === "newly_diagnosed" && rt && rt.type === "radiotherapy") {
    const before = c.assessments
      .map((a, i) => ({ a, i }))
      .filter(({ a }) => a.performed && a.evaluable && a.date <= rt.start);
    const last = before[before.length - 1];
    if (last) {
      return {
        index: last.i,
        rules: ["HGG-BASE-1"],
        explanation: `post-operative baseline ${last.a.date}, before radiotherapy (${rt.start})`,
        warnings: [],
      };
    }
  }
  return preTreatmentBaseline(c, "HGG-BASE-1", null);
}

/** HGG-PD-3: within 12 weeks of RT, in-field enhancing progression is indeterminate (IND-12W). */
function hggConfirmation({
  c,
  triggers,
  date,
  rtEnd,
  options: o,
}: ConfirmationContext): ConfirmationDecision {
  const none = { needed: false, label: "IND" as const, rules: [], why: "" };
  if (c.patient.setting !== "newly_diagnosed" || rtEnd === null) return none;
  const day = daysBetween(rtEnd, date);
  if (day > o.pseudoprogressionWindowDays) return none;
  const enhancing = triggers.filter((t) => t.component === "enhancing");
  if (enhancing.length === 0) return none;
  if (triggers.some((t) => t.kind === "new_lesion" && t.outsideRadiationField)) {
    return {
      ...none,
      exception: true,
      rules: ["HGG-PD-3"],
      why: `new enhancement outside the radiation field: PD within ${o.pseudoprogressionWindowDays} days of radiotherapy`,
    };
  }
  return {
    needed: true,
    label: "IND",
    rules: ["HGG-PD-3"],
    why: `day ${day} after radiotherapy: in-field progression within ${o.pseudoprogressionWindowDays} days of radiotherapy cannot be declared (IND-12W)`,
    eligibleFrom: addDays(rtEnd, o.pseudoprogressionWindowDays + 1),
    policy: "persistence",
    waiting: `in-field progression within ${o.pseudoprogressionWindowDays} days of the end of radiotherapy (${rtEnd}) cannot be declared (IND-12W); the first scan on or after ${addDays(rtEnd, o.pseudoprogressionWindowDays + 1)} decides`,
  };
}

type HggRule =
  | "HGG-BASE-1"
  | "HGG-MEAS-1"
  | "HGG-TGT-1"
  | "HGG-FLAIR-1"
  | "HGG-CR-1"
  | "HGG-PR-1"
  | "HGG-SD-1"
  | "HGG-PD-1"
  | "HGG-PD-2"
  | "HGG-PD-3"
  | "HGG-DUR-1";

/** Each neutral role as Wen 2010 words it (audited against the criteria document, spec §5). */
export const HGG_RULES: RuleMap<HggRule> = {
  "RANO2-BASE-1": "HGG-BASE-1",
  "RANO2-BASE-2": "HGG-BASE-1",
  "RANO2-BASE-3": "HGG-BASE-1",
  "RANO2-BASE-4": "HGG-BASE-1",
  "RANO2-CLIN-1": "HGG-PD-1",
  // The 12-week rule is HGG-PD-3; death or decline while it is pending is PD by HGG-PD-1(d/e).
  "RANO2-CONF-1": "HGG-PD-3",
  "RANO2-CONF-2": null,
  "RANO2-CONF-3": "HGG-PD-3",
  "RANO2-CONF-4": "HGG-PD-3",
  "RANO2-CONF-5": "HGG-PD-3",
  "RANO2-CONF-6": "HGG-PD-3",
  "RANO2-CONF-7": "HGG-PD-3",
  "RANO2-CONF-8": "HGG-PD-1",
  "RANO2-DUR-1": "HGG-DUR-1",
  "RANO2-MEAS-1": "HGG-MEAS-1",
  "RANO2-MEAS-5": "HGG-MEAS-1",
  // Non-measurable disease only: SD at best (HGG-CR-1's last clause).
  "RANO2-MEAS-6": "HGG-CR-1",
  "RANO2-MIX-1": null,
  "RANO2-MIX-2": null,
  "RANO2-MIX-3": null,
  "RANO2-NEW-1": "HGG-PD-1",
  "RANO2-NEW-2": "HGG-PD-1",
  "RANO2-NT-1": "HGG-PD-1",
  "RANO2-NT-2": "HGG-PR-1",
  "RANO2-SCOPE-3": null,
  "RANO2-SCOPE-4": null,
  "RANO2-STER-1": "HGG-CR-1",
  // The dose condition of PR / SD is part of HGG-PR-1 / HGG-SD-1, cited by the category role.
  "RANO2-STER-2": null,
  "RANO2-STER-3": "HGG-SD-1",
  "RANO2-TGT-1": "HGG-TGT-1",
  "RANO2-TGT-3": "HGG-TGT-1",
  "RANO2-THR-1": null,
  "RANO2-TP-1": "HGG-PD-1",
  "RANO2-TP-2": "HGG-PD-3",
  "RANO2-TP-3": "HGG-PD-1",
  // The CR steroid gate (CR needs no steroids beyond physiologic replacement).
  "RANO2-TP-4": "HGG-CR-1",
  "RANO2-TP-5": "HGG-CR-1",
  "RANO2-TP-6": null,
  "RANO2-TP-7": "HGG-PD-1",
  "RANO2-TP-8": "HGG-PD-1",
  "ROLE-CR": "HGG-CR-1",
  "ROLE-PR": "HGG-PR-1",
  "ROLE-MR": null,
  "ROLE-SD": "HGG-SD-1",
  "ROLE-NE": null,
  // An increase in steroids alone is not PD (HGG-PD-2); the row is not SD either (HGG-SD-1).
  "ROLE-IND-STEROID": "HGG-PD-2",
};

export const hggProfile: CriteriaProfile = {
  id: "hgg",
  shortName: "RANO-HGG",
  rules: HGG_RULES,
  selectBaseline: hggBaseline,
  scope: () => ({
    enhancing: true,
    nonEnhancing: false,
    rules: ["HGG-FLAIR-1"],
    explanation: "enhancing disease measured; T2/FLAIR assessed qualitatively",
    warnings: [],
  }),
  measurability: { minDiameterUm: 10_000, thickSliceRule: "thickness_over_5mm", minSlices: 2 },
  sumMethod: () => "bidimensional",
  targetLimits: FIVE_TARGETS,
  thresholds: () => ({ pd: 25, pr: 50, mr: null }),
  newLesionsDefinePd: "any",
  nonTargetProgression: "progression",
  equivocalNewLesionsWait: false,
  confirmation: hggConfirmation,
  steroids: {
    aboveBaseline: "indeterminate",
    crAllowsPhysiologic: true,
    twoWeekRule: false,
    taperRule: true,
  },
  flairQualitative: true,
  minorResponse: () => false,
  combine: (e) => ({ category: e === null || e === "NA" ? "SD" : e, rule: null }),
};

export const hgg = profileModule(hggProfile, {
  id: "hgg",
  name: "RANO-HGG (Wen et al., J Clin Oncol 2010)",
  scope: "high-grade gliomas (not WHO grade 2)",
  tumorTypes: ["glioblastoma_idh_wildtype", "astrocytoma_idh_mutant", "oligodendroglioma", "other_glioma"],
  appliesTo: isHighGradeGlioma,
});
