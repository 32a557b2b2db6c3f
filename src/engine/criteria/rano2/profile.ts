// RANO 2.0 as a profile of the shared time-line engine: post-RT baseline, enhancing and/or
// non-enhancing components, 3 targets (2 + 2 mixed), SPD or volume, preliminary PD inside 12 weeks of
// RT (or always, when the protocol demands confirmation).
import { addDays, daysBetween } from "../../core/dates.ts";
import { RANO_MEASURABILITY } from "../../core/lesions.ts";
import { RANO2_TARGET_LIMITS } from "../../core/targets.ts";
import type { Thresholds } from "../../core/timeline/component.ts";
import type {
  ConfirmationContext,
  ConfirmationDecision,
  CriteriaProfile,
} from "../../core/timeline/profile.ts";
import { RULE_ROLES, type RuleMap, type RuleRole } from "../../core/timeline/rule-roles.ts";
import { selectBaseline } from "./baseline.ts";
import { combineComponents } from "./combine.ts";
import { assessedComponents } from "./scope.ts";

/** Bidimensional 25 / 50 / 25; volumetric 40 / 65 / 35 (the MR cut-off is AMB-3). */
export const RANO2_BIDIMENSIONAL: Thresholds = { pd: 25, pr: 50, mr: 25 };
export const RANO2_VOLUMETRIC: Thresholds = { pd: 40, pr: 65, mr: 35 };

/** RANO2-CONF-1: when enhancing progression is only preliminary. */
export function rano2Confirmation({
  c,
  triggers,
  date,
  rtEnd,
  options: o,
}: ConfirmationContext): ConfirmationDecision {
  // Explicit literals with the same keys in the same order as `{ label, eligibleFrom, ... }` (spreads
  // take V8's slow path; this runs for every imaging progression).
  const label = "PD-P" as const;
  const eligibleFrom = addDays(date, o.confirmMinDays);
  if (triggers.some((t) => t.component === "non_enhancing")) {
    return {
      label,
      eligibleFrom,
      needed: false,
      exception: true,
      rules: ["RANO2-CONF-1", "RANO2-MIX-3"],
      why: "non-enhancing progression needs no confirmation",
    };
  }
  if (!triggers.some((t) => t.component === "enhancing"))
    return { label, eligibleFrom, needed: false, rules: [], why: "" };
  const inWindow =
    c.patient.setting === "newly_diagnosed" &&
    rtEnd !== null &&
    daysBetween(rtEnd, date) <= o.pseudoprogressionWindowDays;
  if (
    inWindow &&
    o.outOfFieldInWindow === "progression" &&
    triggers.some((t) => t.kind === "new_lesion" && t.outsideRadiationField)
  ) {
    return {
      label,
      eligibleFrom,
      needed: false,
      exception: true,
      rules: ["RANO2-CONF-1", "AMB-4"],
      why: "new enhancement outside the radiation field needs no confirmation",
    };
  }
  if (inWindow) {
    const idhMutant = c.patient.tumorType !== "glioblastoma_idh_wildtype";
    return {
      label,
      eligibleFrom,
      needed: true,
      rules: idhMutant ? ["RANO2-CONF-2"] : [],
      why: `${daysBetween(rtEnd!, date)} days after the end of radiotherapy (within ${o.pseudoprogressionWindowDays})`,
    };
  }
  if (c.protocol.mandatoryConfirmation) {
    return {
      label,
      eligibleFrom,
      needed: true,
      rules: ["RANO2-SCOPE-4"],
      why: "the protocol demands confirmation (high pseudoprogression risk)",
    };
  }
  return {
    label,
    eligibleFrom,
    needed: false,
    rules: [],
    why:
      rtEnd && c.patient.setting === "newly_diagnosed"
        ? `${daysBetween(rtEnd, date)} days after RT end, beyond the ${o.pseudoprogressionWindowDays}-day window`
        : "",
  };
}

type Rano2Rule = Exclude<RuleRole, `ROLE-${string}`>;

/** RANO 2.0 cites the roles as they are; the category tags are carried by RANO2-TP-5/6 already, and
 * the steroid indeterminate is the RANO2-TP-4 gate. */
export const RANO2_RULES: RuleMap<Rano2Rule> = Object.fromEntries(
  RULE_ROLES.map((role) => [
    role,
    role === "ROLE-IND-STEROID" ? "RANO2-TP-4" : role.startsWith("ROLE-") ? null : role,
  ]),
) as RuleMap<Rano2Rule>;

export const rano2Profile: CriteriaProfile = {
  id: "rano2",
  shortName: "RANO 2.0",
  rules: RANO2_RULES,
  selectBaseline,
  scope: assessedComponents,
  measurability: RANO_MEASURABILITY,
  sumMethod: (c) => c.protocol.primaryMethod,
  targetLimits: RANO2_TARGET_LIMITS,
  thresholds: (method) => (method === "volumetric" ? RANO2_VOLUMETRIC : RANO2_BIDIMENSIONAL),
  newLesionsDefinePd: "measurable",
  equivocalNewLesionsWait: false,
  confirmation: rano2Confirmation,
  steroids: {
    aboveBaseline: "indeterminate",
    crAllowsPhysiologic: true,
    twoWeekRule: false,
    taperRule: true,
  },
  flairQualitative: false,
  minorResponse: (components) => components.includes("non_enhancing"),
  combine: (e, n, o) => combineComponents(e, n, o.mixedPrWithMr),
};
