// RANO 2.0 (Wen PY, van den Bent M, Youssef G, et al. RANO 2.0: Update to the Response Assessment in
// Neuro-Oncology Criteria for High- and Low-Grade Gliomas in Adults. J Clin Oncol 2023;41:5187–5199).
import { walkTimeline } from "../../core/timeline/walk.ts";
import type { Case } from "../../model/case.ts";
import type { PatientResult } from "../../model/result.ts";
import type { CriteriaModule } from "../types.ts";
import { type Rano2Options, rano2Defaults } from "./options.ts";
import { rano2Profile } from "./profile.ts";

export const rano2: CriteriaModule<Rano2Options> = {
  id: "rano2",
  name: "RANO 2.0 (Wen et al., J Clin Oncol 2023)",
  scope: "adult gliomas",
  tumorTypes: ["glioblastoma_idh_wildtype", "astrocytoma_idh_mutant", "oligodendroglioma", "other_glioma"],
  defaults: rano2Defaults,
  assess(c: Case, options?: Partial<Rano2Options>): PatientResult {
    return walkTimeline(c, rano2Profile, { ...rano2Defaults, ...options });
  },
};
