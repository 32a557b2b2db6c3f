// Combining the enhancing and non-enhancing components into one imaging category (RANO2-MIX-2).
import type { ComponentCategory } from "../../core/timeline/component.ts";

type Cat = Exclude<ComponentCategory, "NA">;

/**
 * Rows: enhancing category; columns: non-enhancing category. The quoted RANO 2.0 rules cover PD + any
 * = PD, MR/PR + SD = MR/PR, CR + SD/MR/PR = SD/MR/PR and SD + SD = SD; other cells are the engine's
 * reading (docs/criteria/rano2.md), with enhancing PR + non-enhancing MR an option (AMB-9).
 */
const TABLE: Record<Cat, Record<Cat, Cat>> = {
  CR: { CR: "CR", PR: "PR", MR: "MR", SD: "SD", PD: "PD", NE: "NE" },
  PR: { CR: "PR", PR: "PR", MR: "MR", SD: "PR", PD: "PD", NE: "NE" },
  MR: { CR: "MR", PR: "MR", MR: "MR", SD: "MR", PD: "PD", NE: "NE" },
  SD: { CR: "SD", PR: "PR", MR: "MR", SD: "SD", PD: "PD", NE: "NE" },
  PD: { CR: "PD", PR: "PD", MR: "PD", SD: "PD", PD: "PD", NE: "PD" },
  NE: { CR: "NE", PR: "NE", MR: "NE", SD: "NE", PD: "PD", NE: "NE" },
};

export function combineComponents(
  enhancing: ComponentCategory | null,
  nonEnhancing: ComponentCategory | null,
  prWithMr: "MR" | "PR",
): { category: Exclude<ComponentCategory, "NA">; rule: string | null } {
  const e = enhancing === "NA" ? null : enhancing;
  const n = nonEnhancing === "NA" ? null : nonEnhancing;
  // No disease of either component at baseline or now: SD at best (RANO2-MEAS-6).
  if (e === null && n === null) return { category: "SD", rule: "RANO2-MEAS-6" };
  if (e === null) return { category: n as Cat, rule: null };
  if (n === null) return { category: e, rule: null };
  if (e === "PR" && n === "MR") return { category: prWithMr, rule: "RANO2-MIX-2" };
  return { category: TABLE[e][n], rule: "RANO2-MIX-2" };
}
