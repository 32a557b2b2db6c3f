// Options of the shared time-line engine. Each default is the reading of the publication; each
import { z } from "zod";
// alternative is a documented choice trials differ on (docs/criteria/*.md, ambiguity register AMB-nn).
export interface TimelineOptions {
  /** AMB-1: what a confirmation scan must show. "furtherIncrease" = >= 25% (vol >= 40%) over the
   * preliminary-PD (anchor) scan; "persistence" = still >= 25% over the nadir. */
  confirmPolicy: "furtherIncrease" | "persistence";
  /** RANO2-CONF-4: minimum days between the preliminary PD and a confirming scan. */
  confirmMinDays: number;
  /** RANO2-CONF-1: days after the end of radiotherapy during which PD is only preliminary (12 weeks). */
  pseudoprogressionWindowDays: number;
  /** RANO2-DUR-1: days a response must be sustained to be confirmed (4 weeks). */
  responseConfirmDays: number;
  /** STER-3 / AMB-12: physiologic replacement ceiling, dexamethasone-equivalent mg/day. */
  physiologicMaxDexEqMgPerDay: number;
  /** END-BOR-2: minimum days from T0 for SD to count as best response. */
  sdMinDays: number;
  /** AMB-8: date of steroid-rule PD: the first indeterminate assessment, or the start of the increase. */
  steroidPdDate: "first_indeterminate_assessment" | "steroid_increase_start";
  /** AMB-7: reference contribution of a progressing non-target added to the sum. */
  nonTargetReference: "retrospective" | "zero";
  /** AMB-4: new enhancement outside the radiation field inside the 12-week window. */
  outOfFieldInWindow: "progression" | "needs_confirmation";
  /** AMB-6: date of PD for a new non-measurable lesion that later becomes measurable. */
  newNonMeasurableDate: "when_measurable" | "first_appearance";
  /** AMB-9: mixed tumour with enhancing PR and non-enhancing MR. */
  mixedPrWithMr: "MR" | "PR";
  /** AMB-13: >= 25% growth while steroids are being tapered. */
  growthDuringTaper: "indeterminate" | "progression";
  /** AMB-11: diameter assumed for a target reported as too small to measure, mm. */
  tooSmallDiameterMm: number;
  /** END-PFS-5 / AMB-2: an unconfirmed PD-P at the data cut-off. */
  unconfirmedAtCutoff: "censor" | "event";
  /** END-PFS-4: new anticancer therapy before progression. */
  newTherapy: "censor" | "event";
  /** END-PFS-3: consecutive missed/NE assessments before an event that make PFS censored. */
  missedVisitsForCensor: number;
}

export const timelineDefaults: TimelineOptions = {
  confirmPolicy: "furtherIncrease",
  confirmMinDays: 28,
  pseudoprogressionWindowDays: 84,
  responseConfirmDays: 28,
  physiologicMaxDexEqMgPerDay: 0.75,
  sdMinDays: 56,
  steroidPdDate: "first_indeterminate_assessment",
  nonTargetReference: "retrospective",
  outOfFieldInWindow: "progression",
  newNonMeasurableDate: "when_measurable",
  mixedPrWithMr: "MR",
  growthDuringTaper: "indeterminate",
  tooSmallDiameterMm: 5,
  unconfirmedAtCutoff: "censor",
  newTherapy: "censor",
  missedVisitsForCensor: 2,
};

/** Runtime validation of user-supplied options (CLI `--option key=value`, API). */
export const TimelineOptionsSchema = z
  .strictObject({
    confirmPolicy: z.enum(["furtherIncrease", "persistence"]),
    confirmMinDays: z.number().int().min(0),
    pseudoprogressionWindowDays: z.number().int().min(0),
    responseConfirmDays: z.number().int().min(0),
    physiologicMaxDexEqMgPerDay: z.number().min(0),
    sdMinDays: z.number().int().min(0),
    steroidPdDate: z.enum(["first_indeterminate_assessment", "steroid_increase_start"]),
    nonTargetReference: z.enum(["retrospective", "zero"]),
    outOfFieldInWindow: z.enum(["progression", "needs_confirmation"]),
    newNonMeasurableDate: z.enum(["when_measurable", "first_appearance"]),
    mixedPrWithMr: z.enum(["MR", "PR"]),
    growthDuringTaper: z.enum(["indeterminate", "progression"]),
    tooSmallDiameterMm: z.number().min(0),
    unconfirmedAtCutoff: z.enum(["censor", "event"]),
    newTherapy: z.enum(["censor", "event"]),
    missedVisitsForCensor: z.number().int().min(1),
  })
  .partial();

/** Parses `key=value` pairs against an options schema (numbers where the default is numeric); errors
 * name the option. The engine's `parseOptionPairs` passes the union of every criteria set's options. */
export function parseOptionPairsWith<T extends object>(
  pairs: ReadonlyArray<string>,
  schema: z.ZodType<Partial<T>>,
  defaults: T,
): { ok: true; value: Partial<T> } | { ok: false; errors: string[] } {
  const raw: Record<string, unknown> = {};
  const errors: string[] = [];
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq <= 0) {
      errors.push(`--option ${pair}: expected key=value`);
      continue;
    }
    const key = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    raw[key] = typeof defaults[key as keyof T] === "number" && value.trim() !== "" ? Number(value) : value;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = issue.path[0] ?? (issue.code === "unrecognized_keys" ? issue.keys.join(", ") : "");
      errors.push(`--option ${String(key)}: ${issue.message}`);
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: parsed.data ?? {} };
}
