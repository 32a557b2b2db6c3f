// RANO 2.0 (Wen PY, van den Bent M, Youssef G, et al. RANO 2.0: Update to the Response Assessment in
// Neuro-Oncology Criteria for High- and Low-Grade Gliomas in Adults. J Clin Oncol 2023;41:5187–5199).
import type { Case } from "../../model/case.ts";
import type { PatientResult } from "../../model/result.ts";
import type { CriteriaModule } from "../types.ts";
import { assessRano2 } from "./assess.ts";
import { type Rano2Options, rano2Defaults } from "./options.ts";

export const rano2: CriteriaModule<Rano2Options> = {
  id: "rano2",
  name: "RANO 2.0 (Wen et al., J Clin Oncol 2023)",
  tumorTypes: ["glioblastoma_idh_wildtype", "astrocytoma_idh_mutant", "oligodendroglioma", "other_glioma"],
  defaults: rano2Defaults,
  assess(c: Case, options?: Partial<Rano2Options>): PatientResult {
    return assessRano2(c, { ...rano2Defaults, ...options });
  },
};
