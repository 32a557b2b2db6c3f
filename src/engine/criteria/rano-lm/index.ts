// RANO-LM (Chamberlain M, Junck L, Brandsma D, et al. Leptomeningeal metastases: a RANO proposal for
// response criteria. Neuro-Oncology 2017;19:484–492): neurological exam, CSF and MRI scorecard
// integrated per time point (Table 4). Not a time-line profile: the instruments differ from the
// lesion-sum criteria, so the module has its own walk (integrated.ts).
import type { CriteriaModule } from "../types.ts";
import { assessRanoLm } from "./integrated.ts";
import { type RanoLmOptions, RanoLmOptionsSchema, ranoLmDefaults } from "./options.ts";

export { type RanoLmOptions, RanoLmOptionsSchema, ranoLmDefaults };

export const ranoLm: CriteriaModule<RanoLmOptions> = {
  id: "rano-lm",
  name: "RANO-LM (Chamberlain et al., Neuro-Oncology 2017)",
  scope: "leptomeningeal metastases",
  tumorTypes: ["leptomeningeal_metastasis"],
  defaults: ranoLmDefaults,
  assess(c, options) {
    return assessRanoLm(c, { ...ranoLmDefaults, ...options });
  },
};
