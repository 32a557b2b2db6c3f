import type { Case } from "../../model/case.ts";
import type { PatientResult } from "../../model/result.ts";
import type { CriteriaModule } from "../types.ts";
import { type Rano2Options, rano2Defaults } from "./options.ts";

export const rano2: CriteriaModule<Rano2Options> = {
  id: "rano2",
  name: "RANO 2.0 (Wen et al., J Clin Oncol 2023)",
  tumorTypes: ["glioblastoma_idh_wildtype", "astrocytoma_idh_mutant", "oligodendroglioma", "other_glioma"],
  defaults: rano2Defaults,
  assess(_c: Case, _options?: Partial<Rano2Options>): PatientResult {
    throw new Error("RANO 2.0 engine: being written on main (lead)");
  },
};
