// RANO-LM instruments in the case model (Chamberlain M, Junck L, Brandsma D, et al. Leptomeningeal
// metastases: a RANO proposal for response criteria. Neuro-Oncology 2017;19:484–492): the standardised
// neurological examination (Table 1), CSF cytology / flow cytometry per site, the MRI scorecard
// (Table 3) and the symptom inventory. Attached to an assessment as `lm`.
import { z } from "zod";
import { mm, PLAUSIBLE } from "./plausible.ts";

/** Table 1 domains and their number of levels (0 = normal). */
export const NEURO_DOMAIN_LEVELS = {
  gait: 4,
  strength: 4,
  sensation: 3,
  vision: 4,
  eye_movements: 4,
  facial_strength: 4,
  hearing: 4,
  swallowing: 3,
  consciousness: 4,
  behaviour: 3,
  other: 3,
} as const;
export type NeuroDomain = keyof typeof NEURO_DOMAIN_LEVELS;
export const NEURO_DOMAINS = Object.keys(NEURO_DOMAIN_LEVELS) as NeuroDomain[];

const level = z.number().int().min(0);

/** One domain: either its level, or the levels of its areas (limbs, eyes, ears, body areas) so the
 * worst area is scored, excluding areas with a pre-existing deficit (LM-NEURO-2). */
const DomainScore = z.strictObject({
  level: level.optional(),
  areas: z.record(z.string(), level).optional(),
  /** Areas with a pre-existing deficit at baseline (level 3 limb, level 2 sensory area): not scored. */
  preExistingAreas: z.array(z.string()).default([]),
  /** Worsening counts for progression only when due to LM (LM-NEURO-4). */
  attributedToLM: z.boolean().default(true),
  note: z.string().optional(),
});
export type DomainScore = z.infer<typeof DomainScore>;

export const NeuroExam = z
  .strictObject({
    examiner: z.string().optional(),
    domains: z.partialRecord(z.enum(NEURO_DOMAINS as [NeuroDomain, ...NeuroDomain[]]), DomainScore),
  })
  .superRefine((exam, ctx) => {
    for (const [domain, score] of Object.entries(exam.domains) as Array<
      [NeuroDomain, DomainScore | undefined]
    >) {
      if (!score) continue;
      const levels = NEURO_DOMAIN_LEVELS[domain];
      const check = (v: number, path: (string | number)[]) => {
        if (v > levels - 1) {
          ctx.addIssue({
            code: "custom",
            path,
            message: `level ${v} is out of range: ${domain.replace("_", " ")} has ${levels} levels (0–${levels - 1})`,
          });
        }
      };
      if (score.level === undefined && score.areas === undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["domains", domain],
          message: "give the domain's level or its areas' levels",
        });
      }
      if (score.level !== undefined) check(score.level, ["domains", domain, "level"]);
      for (const [area, v] of Object.entries(score.areas ?? {})) check(v, ["domains", domain, "areas", area]);
    }
  });
export type NeuroExam = z.infer<typeof NeuroExam>;

export const CsfSample = z.strictObject({
  site: z.enum(["lumbar", "ventricular"]),
  cytology: z.enum(["negative", "atypical", "suspicious", "positive", "not_done", "inadequate"]),
  /** Haematologic cancers: flow cytometry run in parallel with cytology (LM-CSF-4). */
  flowCytometry: z.enum(["negative", "positive", "not_done"]).optional(),
  volumeMl: z
    .number()
    .positive()
    .max(PLAUSIBLE.maxCsfMl, `must be at most ${PLAUSIBLE.maxCsfMl} mL`)
    .optional(),
});
export type CsfSample = z.infer<typeof CsfSample>;

/** Table 3 items. Items marked "recorded" are noted present/absent but not used for response. */
export const MRI_ITEMS = [
  "brain_nodules",
  "brain_leptomeningeal_enhancement",
  "cranial_nerve_enhancement",
  "hydrocephalus",
  "brain_parenchymal_metastases",
  "spine_nodules",
  "spine_leptomeningeal_enhancement",
  "nerve_root_enhancement",
  "spine_parenchymal_metastases",
  "epidural_metastases",
] as const;
export const MRI_RECORDED_ONLY = new Set<string>([
  "hydrocephalus",
  "brain_parenchymal_metastases",
  "spine_parenchymal_metastases",
  "epidural_metastases",
]);

const Target = z.strictObject({
  id: z.string().min(1),
  item: z.enum(MRI_ITEMS),
  /** Nodule orthogonal diameters in mm; ≥ 5 × 10 mm is measurable (LM-IMG-4). */
  diametersMm: z.tuple([mm, mm]).optional(),
  /** Follow-up change score vs baseline for non-measured targets: +3 resolved … −3 (LM-IMG-5). */
  changeScore: z.number().int().min(-3).max(3).optional(),
});

export const MriScorecard = z
  .strictObject({
    performed: z.boolean().default(true),
    items: z.partialRecord(z.enum(MRI_ITEMS), z.enum(["present", "absent", "not_evaluable"])).default({}),
    /** Up to 5 target radiographic lesions chosen at baseline (LM-IMG-3). */
    targets: z.array(Target).default([]),
    /** New sites of LM disease at this follow-up (each scores −3). */
    newSites: z.number().int().min(0).default(0),
  })
  .superRefine((m, ctx) => {
    if (m.targets.length > 5) {
      ctx.addIssue({
        code: "custom",
        path: ["targets"],
        message: `${m.targets.length} targets: the scorecard allows at most 5`,
      });
    }
    const ids = new Set<string>();
    m.targets.forEach((t, i) => {
      if (ids.has(t.id))
        ctx.addIssue({ code: "custom", path: ["targets", i, "id"], message: `target id "${t.id}" repeated` });
      ids.add(t.id);
      if (MRI_RECORDED_ONLY.has(t.item)) {
        ctx.addIssue({
          code: "custom",
          path: ["targets", i, "item"],
          message: `${t.item} is recorded only and cannot be a target (Table 3)`,
        });
      }
    });
  });
export type MriScorecard = z.infer<typeof MriScorecard>;

/** Items of the revised 2019 scorecard (Le Rhun et al., Neuro-Oncology 2019, Table 5; LM19-1). */
export const MRI2019_ITEMS = [
  "brain_nodules",
  "brain_linear_enhancement",
  "hydrocephalus",
  "spine_nodules",
  "spine_linear_enhancement",
] as const;
export type Mri2019Item = (typeof MRI2019_ITEMS)[number];

/** The revised scorecard (LM19): per item present/absent/NE and, at follow-up, the reader's change
 * call; brain nodules > 5 × 5 mm measured as N1–N3 (orthogonal diameters, mm). */
export const MriScorecard2019 = z.strictObject({
  performed: z.boolean().default(true),
  items: z.partialRecord(z.enum(MRI2019_ITEMS), z.enum(["present", "absent", "not_evaluable"])).default({}),
  /** Reader's change call vs the reference for items present at both times (LM19-1). */
  change: z.partialRecord(z.enum(MRI2019_ITEMS), z.enum(["improved", "no_change", "worse"])).default({}),
  /** Diameters of the up to 3 largest measurable nodules (N1–N3), mm (LM19-2). */
  nodulesMm: z
    .array(z.tuple([mm, mm]))
    .max(3, "at most 3 nodules (N1–N3)")
    .default([]),
  /** A new site of LM disease not covered by the items. */
  newSite: z.boolean().default(false),
  /** Parenchymal / intramedullary metastases: rated separately, not part of the LM response (LM19-4). */
  parenchymalResponse: z.enum(["CR", "PR", "SD", "PD", "NE"]).optional(),
});
export type MriScorecard2019 = z.infer<typeof MriScorecard2019>;

export const LmAssessment = z.strictObject({
  neuroExam: NeuroExam.optional(),
  csf: z.array(CsfSample).default([]),
  mri: MriScorecard.optional(),
  /** The revised 2019 scorecard, used instead of `mri` when the baseline has it (option lmScorecard). */
  mri2019: MriScorecard2019.optional(),
  /** Symptom inventory change vs baseline (e.g. MDASI-BT/-SP): −3 … +3 (Table 4 legend). */
  symptomChange: z.number().int().min(-3).max(3).optional(),
});
export type LmAssessment = z.infer<typeof LmAssessment>;
