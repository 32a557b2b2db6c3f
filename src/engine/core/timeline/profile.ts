// A criteria profile: everything that distinguishes one sum-based criteria set (RANO 2.0, RANO-HGG,
// mRANO, RANO-LGG, RANO-BM, and iRANO on top of them) from another. The time-line walk (walk.ts) is
// shared; it speaks in canonical rule roles (the RANO 2.0 IDs) and each profile translates them to its
// own rule IDs, so every decision cites the rule of the criteria actually applied.

import type { Case } from "../../model/case.ts";
import type { Component, Warning } from "../../model/result.ts";
import type { MeasurabilityRule, NormalisedLesion } from "../lesions.ts";
import type { SumMethod } from "../sum-track.ts";
import type { TargetLimits } from "../targets.ts";
import type { ComponentCategory, Thresholds, Trigger } from "./component.ts";
import type { TimelineOptions } from "./options.ts";
import type { RuleMap } from "./rule-roles.ts";

export interface BaselineChoice {
  index: number | null;
  rules: string[];
  explanation: string;
  warnings: Warning[];
}

export interface Scope {
  enhancing: boolean;
  nonEnhancing: boolean;
  rules: string[];
  explanation: string;
  warnings: Warning[];
}

/** How a preliminary progression (anchor) is confirmed or resolved. */
export interface ConfirmationDecision {
  needed: boolean;
  /** Label of the waiting time point: PD-P (RANO 2.0, mRANO, iRANO) or IND (RANO-HGG 12-week rule). */
  label: "PD-P" | "IND";
  rules: string[];
  why: string;
  /** First date on which a scan may confirm (e.g. anchor + 28 days, anchor + 3 months, after the window). */
  eligibleFrom?: string;
  policy?: "furtherIncrease" | "persistence";
  /** The trigger itself is exempt from confirmation (non-enhancing progression, new enhancement
   * outside the radiation field): PD even while an earlier preliminary PD is pending. */
  exception?: boolean;
  /** iRANO: an eligible scan that does not confirm resolves the anchor (no persisting state). */
  resolveWhenEligible?: boolean;
  /** Why a scan before `eligibleFrom` cannot decide, in the profile's own terms and numbers
   * (e.g. RANO-HGG: the 12-week window; iRANO: 3 months after the first progression). */
  waiting?: string;
  /** The rules this kind of pending progression is confirmed (CONF-5), resolved (CONF-6), kept (CONF-7),
   * held before it may be confirmed (CONF-4) or confirmed by decline or death (CONF-8) under, where they
   * are not the profile's mapping of those roles (iRANO's own window: IRANO-5…8). */
  citations?: Partial<Record<AnchorRole, string>>;
}

export type AnchorRole = "RANO2-CONF-4" | "RANO2-CONF-5" | "RANO2-CONF-6" | "RANO2-CONF-7" | "RANO2-CONF-8";

export interface ConfirmationContext {
  c: Case;
  triggers: ReadonlyArray<Trigger>;
  date: string;
  rtEnd: string | null;
  options: TimelineOptions;
}

export interface CriteriaProfile {
  id: string;
  /** Short name used in explanations, e.g. "RANO 2.0". */
  shortName: string;
  /** This criteria set's rule for every neutral role (rule-roles.ts); null drops the role. */
  rules: RuleMap;
  /** What the reference of a pending progression is called in explanations (RANO 2.0: the
   * preliminary-progression scan; iRANO: the reference scan of the first progression). */
  anchorName?: string;
  selectBaseline(c: Case): BaselineChoice;
  scope(c: Case): Scope;
  measurability: MeasurabilityRule;
  /** Extra measurability condition (e.g. RANO-BM: perpendicular ≥ 5 mm). */
  extraMeasurable?: (l: NormalisedLesion) => boolean;
  sumMethod(c: Case): SumMethod;
  targetLimits: TargetLimits;
  thresholds(method: SumMethod): Thresholds;
  /** RANO-BM-PD-2: at least one target must also grow by this many µm over its nadir value. */
  pdAbsoluteIncreaseUm?: number;
  /** Which new lesions define progression: only measurable ones (RANO 2.0, mRANO) or any unequivocal one. */
  newLesionsDefinePd: "measurable" | "any";
  /** Which new lesions join the sum (iRANO: all of them, IRANO-4). Default: measurable ones. */
  newLesionsJoinSum?: "measurable" | "all";
  /** Unequivocal non-target progression: added to the sum (RANO 2.0, default) or PD at once. */
  nonTargetProgression?: "add_to_sum" | "progression";
  /** RANO-BM: an equivocal new lesion waits; once confirmed, PD is dated at its first appearance. */
  equivocalNewLesionsWait: boolean;
  /** Whether imaging PD must be confirmed, and how. */
  confirmation(ctx: ConfirmationContext): ConfirmationDecision;
  steroids: {
    /** Dose above baseline with non-progressive imaging: indeterminate (RANO 2.0) or at best SD (RANO-BM). */
    aboveBaseline: "indeterminate" | "stable_disease";
    /** CR allows physiologic replacement (RANO family) or needs no steroids at all (RANO-BM). */
    crAllowsPhysiologic: boolean;
    /** iRANO: a change within 14 days before the MRI makes the time point NE. */
    twoWeekRule: boolean;
    /** STER-6: growth while the dose is tapered waits for a scan without further taper (RANO-HGG,
     * RANO 2.0, mRANO, RANO-LGG: growth counts "on stable or increasing doses"). RANO-BM has no steroid
     * condition on PD. */
    taperRule: boolean;
  };
  /** RANO-HGG: qualitative T2/FLAIR assessment (significant increase = PD; CR/PR need stable FLAIR). */
  flairQualitative: boolean;
  /** Only these components may hold targets (RANO-LGG measures T2/FLAIR; enhancement is watched). */
  targetComponents?: ReadonlyArray<Component>;
  /** Best-response levels include MR. */
  minorResponse(components: ReadonlyArray<Component>): boolean;
  combine(
    enhancing: ComponentCategory | null,
    nonEnhancing: ComponentCategory | null,
    options: TimelineOptions,
  ): { category: Exclude<ComponentCategory, "NA">; rule: string | null };
}
