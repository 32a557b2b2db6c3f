// Which tumour components RANO 2.0 assesses for this case (RANO2-SCOPE-3, RANO2-MIX-1).

import type { Scope } from "../../core/timeline/profile.ts";
import type { Case } from "../../model/case.ts";

export type { Scope } from "../../core/timeline/profile.ts";

export function assessedComponents(c: Case): Scope {
  const override = c.protocol.components;
  if (override === "enhancing") return scope(true, false, "enhancing disease only (protocol)");
  // A non-enhancing-only assessment still watches for new enhancement (RANO2-NEW-3).
  if (override === "non_enhancing")
    return scope(true, true, "non-enhancing disease, with new enhancement watched (protocol)");
  if (override === "mixed")
    return scope(true, true, "enhancing and non-enhancing disease assessed together (protocol)");

  const hasNonEnhancingLesions = c.assessments.some((a) =>
    a.lesions.some((l) => l.component === "non_enhancing"),
  );
  if (c.patient.tumorType === "glioblastoma_idh_wildtype") {
    const antiAngiogenic = c.treatments.some((t) => t.type === "antiangiogenic");
    if (antiAngiogenic) {
      return scope(
        true,
        true,
        "IDH-wildtype glioblastoma on anti-angiogenic therapy: non-enhancing disease assessed too",
      );
    }
    const s = scope(
      true,
      false,
      "IDH-wildtype glioblastoma: enhancing disease only; non-enhancing disease is not assessed",
    );
    if (hasNonEnhancingLesions) {
      s.warnings.push({
        code: "RANO2-SCOPE-3",
        message:
          "non-enhancing lesions are ignored: RANO 2.0 does not assess non-enhancing disease in IDH-wildtype glioblastoma unless anti-angiogenic therapy is given",
      });
    }
    return s;
  }
  if (c.patient.significantNonEnhancing) {
    return scope(
      true,
      true,
      "significant non-enhancing component: enhancing and non-enhancing disease assessed together",
    );
  }
  return scope(true, false, "enhancing disease assessed");
}

function scope(enhancing: boolean, nonEnhancing: boolean, explanation: string): Scope {
  return { enhancing, nonEnhancing, rules: ["RANO2-SCOPE-3"], explanation, warnings: [] };
}
