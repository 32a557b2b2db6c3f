// The read protocol (charter settings). Each change is a new immutable version; every read references
// the version it was read under (FDA 2018 imaging endpoint guidance, App. A: the charter prespecifies
// presentation mode, session size, adjudication triggers and the adjudication-rate definition).
import { z } from "zod";
import { criteriaRegistry } from "../../engine/index.ts";

export const CriteriaId = z.enum([...criteriaRegistry.keys()] as [string, ...string[]]);

export const ReadProtocolSettings = z.strictObject({
  primaryCriteria: CriteriaId,
  exploratoryCriteria: z.array(CriteriaId).default([]),
  method: z.enum(["bidimensional", "volumetric"]).default("bidimensional"),
  /** 2 blinded readers + an adjudicator who selects one read, or 3 readers and the majority. */
  paradigm: z.enum(["two_readers_adjudicator", "three_readers_majority"]).default("two_readers_adjudicator"),
  triggers: z
    .strictObject({
      /** The readers' best overall responses differ. */
      bestResponse: z.boolean().default(true),
      /** Progression dates differ by more than this many days (or only one reader has progression); null = off. */
      progressionDateDays: z.number().int().nonnegative().nullable().default(0),
      /** Dates of best response differ by more than this many days; null = off. */
      responseDateDays: z.number().int().nonnegative().nullable().default(null),
    })
    .default({ bestResponse: true, progressionDateDays: 0, responseDateDays: null }),
  /** Declared definition of the adjudication rate: adjudicated subjects over subjects with a complete
   * double read (the only definition implemented so far). */
  adjudicationRate: z
    .literal("subjects_adjudicated_per_subjects_double_read")
    .default("subjects_adjudicated_per_subjects_double_read"),
  /** time_sequential: a later time point opens only after the earlier ones are locked. */
  presentation: z.enum(["time_sequential", "all_at_once"]).default("time_sequential"),
  /** At most this many time points signed per session (reader fatigue); null = no cap. */
  sessionReadCap: z.number().int().positive().nullable().default(null),
  /** Agreement on progression date counts dates within ± this many days as agreeing. */
  progressionAgreementDays: z.number().int().nonnegative().default(0),
});
export type ReadProtocolSettings = z.infer<typeof ReadProtocolSettings>;

export const ProtocolVersion = z.object({
  id: z.string(),
  studyId: z.string(),
  number: z.number().int(),
  settings: ReadProtocolSettings,
  createdAt: z.string(),
  createdBy: z.string(),
});
