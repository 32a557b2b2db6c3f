// iRANO (Okada H, Weller M, Huang R, et al. Immunotherapy response assessment in neuro-oncology: a report
// of the RANO working group. Lancet Oncol 2015;16:e534–e542). An overlay on the RANO criteria for the
// tumour type (RANO-HGG, RANO-LGG or RANO-BM, as its Table 1 shows): within 6 months of starting
// immunotherapy, radiographic progression in a clinically stable patient is provisional and needs a
// confirmation scan at least 3 months later, judged against the first-progression scan.
import { addMonths } from "../../core/dates.ts";
import type {
  ConfirmationContext,
  ConfirmationDecision,
  CriteriaProfile,
} from "../../core/timeline/profile.ts";
import type { RuleMap } from "../../core/timeline/rule-roles.ts";
import type { Case } from "../../model/case.ts";
import { bmProfile } from "../bm/index.ts";
import { hggProfile } from "../hgg/index.ts";
import { lggProfile } from "../lgg/index.ts";
import { isLowGradeGlioma, profileModule } from "../profile-module.ts";

/** IRANO-2: progression within this many calendar months of starting immunotherapy is provisional. */
export const IRANO_WINDOW_MONTHS = 6;
/** IRANO-5: the confirming scan is at least this many calendar months after the first progression. */
export const IRANO_CONFIRM_MONTHS = 3;

/** IRANO-1: the immunotherapy clock starts at the first immunotherapy. */
export function immunotherapyStart(c: Case): string | null {
  return (
    c.treatments
      .filter((t) => t.type === "immunotherapy")
      .map((t) => ("start" in t ? t.start : ""))
      .sort()[0] ?? null
  );
}

/** IRANO-13: the base criteria for the tumour type. */
export function iranoBase(c: Case): CriteriaProfile {
  if (c.patient.tumorType === "brain_metastasis") return bmProfile;
  return isLowGradeGlioma(c) ? lggProfile : hggProfile;
}

type IranoRule = `IRANO-${number}`;

/** The roles iRANO itself decides (Okada 2015); every other role is the base criteria's. */
/** The confirmation roles of a progression opened in the iRANO window are cited by the anchor itself
 * (ConfirmationDecision.citations: IRANO-5…8); one opened by the base criteria keeps the base rules. */
export const IRANO_OVERLAY: Partial<RuleMap<IranoRule>> = {
  // The opening rules come with the decision (IRANO-2…5 in the window, the base rule outside it).
  "RANO2-CONF-1": null,
  "RANO2-CONF-3": null,
  // Clinical decline without a pending progression (IRANO-9).
  "RANO2-TP-1": "IRANO-9",
  "RANO2-TP-2": "IRANO-12",
};

export function iranoProfile(c: Case): CriteriaProfile {
  const base = iranoBase(c);
  const itStart = immunotherapyStart(c);
  const confirmation = (ctx: ConfirmationContext): ConfirmationDecision => {
    // IRANO-2: inside 6 months of immunotherapy start (inclusive, calendar months) PD is provisional.
    if (itStart !== null && ctx.date >= itStart && ctx.date <= addMonths(itStart, IRANO_WINDOW_MONTHS)) {
      return {
        needed: true,
        label: "PD-P",
        rules: ["IRANO-2", "IRANO-3", "IRANO-4", "IRANO-5"],
        why: `within ${IRANO_WINDOW_MONTHS} months of starting immunotherapy (${itStart}): provisional, confirm ≥ ${IRANO_CONFIRM_MONTHS} months later`,
        eligibleFrom: addMonths(ctx.date, IRANO_CONFIRM_MONTHS),
        waiting: `a scan before ${addMonths(ctx.date, IRANO_CONFIRM_MONTHS)} (${IRANO_CONFIRM_MONTHS} months after the first progression) cannot confirm it`,
        policy: "furtherIncrease",
        resolveWhenEligible: true,
        citations: {
          "RANO2-CONF-4": "IRANO-5",
          "RANO2-CONF-5": "IRANO-6",
          "RANO2-CONF-6": "IRANO-7",
          "RANO2-CONF-7": "IRANO-5",
          "RANO2-CONF-8": "IRANO-8",
        },
      };
    }
    const b = base.confirmation(ctx);
    // IRANO-10: after 6 months progression stands as in the base criteria.
    return itStart !== null && ctx.date > addMonths(itStart, IRANO_WINDOW_MONTHS)
      ? { ...b, rules: [...b.rules, "IRANO-10"] }
      : b;
  };
  return {
    ...base,
    id: "irano",
    shortName: `iRANO (on ${base.shortName})`,
    rules: { ...base.rules, ...IRANO_OVERLAY },
    anchorName: "reference scan of the first progression",
    confirmation,
    newLesionsJoinSum: "all",
    steroids: { ...base.steroids, twoWeekRule: true },
  };
}

export const irano = profileModule(iranoProfile, {
  id: "irano",
  name: "iRANO (Okada et al., Lancet Oncol 2015)",
  scope: "gliomas and brain metastases treated with immunotherapy",
  tumorTypes: [
    "glioblastoma_idh_wildtype",
    "astrocytoma_idh_mutant",
    "oligodendroglioma",
    "other_glioma",
    "brain_metastasis",
  ],
  appliesTo: (c) => immunotherapyStart(c) !== null && c.patient.tumorType !== "leptomeningeal_metastasis",
});
