// RANO-LM options: every point the proposal leaves open (ambiguity register AMB-19…24) or where the
// working group reached no consensus. docs/criteria/rano-lm.md explains each.
import { z } from "zod";

export interface RanoLmOptions {
  /** AMB-24: a response needs the neurological exam improved, or stable-or-improved (default). */
  responseNeuro: "stable_or_improved" | "improved";
  /** LM19-6: which MRI scorecard; "auto" = the one the baseline assessment carries (2017 if both). */
  lmScorecard: "auto" | "2017" | "2019";
  /** AMB-21: measurable nodule ≥ 5 × 10 mm (default) or > 5 × 10 mm (Table 3 header). */
  measurableNodule: "at_least" | "more_than";
  /** No consensus in the working group: persistently positive cytology after induction in an otherwise
   * stable patient. "no_consensus" reports it as such (IND); "progression" counts it as refractory PD. */
  refractoryCytology: "no_consensus" | "progression";
  /** AMB-20: persistently positive flow cytometry (haematologic): refractory PD ("irrespective of
   * neurological or radiological determination") or, per the summary sentence, no consensus. */
  persistentFlowCytometry: "progression" | "no_consensus";
  /** AMB-23: symptom-inventory worsening (−2/−3) is flagged only (default) or counted as PD. */
  symptomWorsening: "flag" | "progression";
  /** Length of induction therapy (days from T0) after which failure to clear CSF is "refractory". */
  inductionDays: number;
  responseConfirmDays: number;
  sdMinDays: number;
  missedVisitsForCensor: number;
  unconfirmedAtCutoff: "censor" | "event";
  newTherapy: "censor" | "event";
}

export const ranoLmDefaults: RanoLmOptions = {
  responseNeuro: "stable_or_improved",
  lmScorecard: "auto",
  measurableNodule: "at_least",
  refractoryCytology: "no_consensus",
  persistentFlowCytometry: "progression",
  symptomWorsening: "flag",
  inductionDays: 28,
  responseConfirmDays: 28,
  sdMinDays: 56,
  missedVisitsForCensor: 2,
  unconfirmedAtCutoff: "censor",
  newTherapy: "censor",
};

/** Runtime validation of user-supplied RANO-LM options (CLI `--option key=value`, API). */
export const RanoLmOptionsSchema = z
  .strictObject({
    responseNeuro: z.enum(["stable_or_improved", "improved"]),
    lmScorecard: z.enum(["auto", "2017", "2019"]),
    measurableNodule: z.enum(["at_least", "more_than"]),
    refractoryCytology: z.enum(["no_consensus", "progression"]),
    persistentFlowCytometry: z.enum(["progression", "no_consensus"]),
    symptomWorsening: z.enum(["flag", "progression"]),
    inductionDays: z.number().int().min(0),
    responseConfirmDays: z.number().int().min(0),
    sdMinDays: z.number().int().min(0),
    missedVisitsForCensor: z.number().int().min(1),
    unconfirmedAtCutoff: z.enum(["censor", "event"]),
    newTherapy: z.enum(["censor", "event"]),
  })
  .partial();
