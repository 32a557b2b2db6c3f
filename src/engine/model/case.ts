// The case model: one patient's course as a JSON document. This schema is the contract shared by the
// engine, the CLI, the server, the imaging pipeline and the importers. Every quantity names its unit
// in its field name (mm, mm³, cm³, mg/day) and every date is an ISO calendar date (YYYY-MM-DD).
import { z } from "zod";
import { AdvancedImaging, Molecular } from "./advanced-imaging.ts";
import { LmAssessment } from "./lm.ts";
import { isoDate, mm, PLAUSIBLE, positiveCount, volumeMm3 } from "./plausible.ts";

export { PLAUSIBLE };

export const SCHEMA_VERSION = "1.0";

export const TumorType = z.enum([
  "glioblastoma_idh_wildtype",
  "astrocytoma_idh_mutant",
  "oligodendroglioma",
  "other_glioma",
  "brain_metastasis",
  "leptomeningeal_metastasis",
]);
export type TumorType = z.infer<typeof TumorType>;

export const Setting = z.enum(["newly_diagnosed", "recurrent"]);

export const Patient = z.strictObject({
  /** Study pseudonym. Never a real identifier. */
  id: z.string().min(1, "must not be empty"),
  tumorType: TumorType,
  /** CNS WHO grade where the tumour type has grades (2, 3 or 4). */
  whoGrade: z.union([z.literal(2), z.literal(3), z.literal(4)]).optional(),
  setting: Setting,
  /** IDH-mutant tumours: whether a significant non-enhancing (T2/FLAIR) component is present. */
  significantNonEnhancing: z.boolean().default(false),
  /** Leptomeningeal and brain metastases: the primary cancer. */
  primaryCancer: z
    .strictObject({ kind: z.enum(["solid", "haematologic"]), site: z.string().optional() })
    .optional(),
  /** MGMT promoter methylation and IDH status where known (pseudoprogression work-up context). */
  molecular: Molecular.optional(),
});

export const Protocol = z.strictObject({
  /** Protocol date T0 (randomisation, enrolment or treatment start); endpoints are measured from it. */
  t0: isoDate.optional(),
  /** Therapies with high pseudoprogression rates: confirmation of progression is always mandatory. */
  mandatoryConfirmation: z.boolean().default(false),
  /** The protocol's primary measurement method (RANO2-SCOPE-2); the other is exploratory. */
  primaryMethod: z.enum(["bidimensional", "volumetric"]).default("bidimensional"),
  /** Which tumour components are assessed; "auto" derives it from tumour type and treatments. */
  components: z.enum(["auto", "enhancing", "non_enhancing", "mixed"]).default("auto"),
  /** Reader (investigator or BICR reader id). The engine never mixes readers. */
  reader: z.string().optional(),
});

const therapyCourse = {
  start: isoDate,
  end: isoDate.optional(),
  agent: z.string().optional(),
};

export const Treatment = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("surgery"),
    date: isoDate,
    extent: z.enum(["gross_total", "subtotal", "partial", "biopsy"]).optional(),
  }),
  z.strictObject({
    type: z.literal("radiotherapy"),
    start: isoDate,
    end: isoDate,
    fieldDescription: z.string().optional(),
    doseGy: z
      .number()
      .positive()
      .max(PLAUSIBLE.maxDoseGy, `must be at most ${PLAUSIBLE.maxDoseGy} Gy`)
      .optional(),
  }),
  z.strictObject({ type: z.literal("chemotherapy"), ...therapyCourse }),
  z.strictObject({ type: z.literal("immunotherapy"), ...therapyCourse }),
  z.strictObject({ type: z.literal("antiangiogenic"), ...therapyCourse }),
  z.strictObject({ type: z.literal("targeted"), ...therapyCourse }),
  z.strictObject({ type: z.literal("other"), ...therapyCourse }),
]);
export type Treatment = z.infer<typeof Treatment>;

export const LesionStatus = z.enum([
  "present",
  "absent",
  "improved",
  "unequivocal_progression",
  "too_small",
  "not_evaluable",
]);
export type LesionStatus = z.infer<typeof LesionStatus>;

const worldPoint = z.tuple([z.number().finite(), z.number().finite(), z.number().finite()]);

export const Lesion = z
  .strictObject({
    /** Stable lesion id, the same at every assessment. */
    id: z.string().min(1, "must not be empty"),
    component: z.enum(["enhancing", "non_enhancing"]),
    /** Target / non-target are chosen at baseline; "new" marks a lesion first seen after baseline. */
    role: z.enum(["target", "non_target", "new"]).optional(),
    status: LesionStatus.default("present"),
    /** Longest diameter and its longest perpendicular on the same slice, in mm. */
    diametersMm: z.tuple([mm, mm]).optional(),
    volumeMm3: volumeMm3.optional(),
    volumeCm3: z
      .number()
      .finite()
      .nonnegative()
      .max(
        PLAUSIBLE.maxVolumeMm3 / 1000,
        `must be at most ${PLAUSIBLE.maxVolumeMm3 / 1000} cm³ (more than the whole intracranial volume)`,
      )
      .optional(),
    /** Three orthogonal extents in mm (volumetric measurability, RANO2-MEAS-3). */
    extentsMm: z.tuple([mm, mm, mm]).optional(),
    /** Number of slices on which the lesion is visible. */
    slices: positiveCount.max(PLAUSIBLE.maxSlices, `must be at most ${PLAUSIBLE.maxSlices}`).optional(),
    sliceThicknessMm: mm.optional(),
    sliceGapMm: mm.optional(),
    wellDefined: z.boolean().default(true),
    /** The lesion is (the wall of) a cyst or a surgical cavity (RANO2-MEAS-4). */
    cystOrCavity: z.boolean().default(false),
    /** A solid nodule in a cyst or cavity wall: its two perpendicular diameters in mm. */
    noduleDiametersMm: z.tuple([mm, mm]).optional(),
    /** New enhancement lying mostly outside the radiation high-dose region (80% isodose line). */
    outsideRadiationField: z.boolean().default(false),
    /** A new lesion whose nature is uncertain (RANO-BM equivocal new lesion). */
    equivocal: z.boolean().default(false),
    location: z.string().optional(),
    /** Where the bidimensional measurement was drawn, for viewers (the criteria never read it): the
     * measured slice (voxel index along planeAxis of the time point's image grid) and the two lines'
     * end points in the image's world coordinates, mm. */
    measurement: z
      .strictObject({
        planeAxis: z.union([z.literal(0), z.literal(1), z.literal(2)]).default(2),
        slice: z.number().int().nonnegative(),
        longestMm: z.tuple([worldPoint, worldPoint]),
        perpendicularMm: z.tuple([worldPoint, worldPoint]),
      })
      .optional(),
    /** Perfusion, diffusion, spectroscopy, amino-acid PET of this lesion (advisory work-up only). */
    advancedImaging: AdvancedImaging.optional(),
  })
  .refine((l) => !(l.volumeMm3 !== undefined && l.volumeCm3 !== undefined), {
    message: "give the volume once: volumeMm3 or volumeCm3, not both",
    path: ["volumeCm3"],
  });
export type Lesion = z.infer<typeof Lesion>;

export const Assessment = z.strictObject({
  date: isoDate,
  /** DICOM Study Instance UID of the scan: exported SR reports file under this study (docs/dicom.md). */
  studyInstanceUid: z
    .string()
    .max(64)
    .regex(/^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$/, "must be a DICOM UID (digits and dots, ≤ 64 characters)")
    .optional(),
  /** false = a scheduled assessment that was not done (missed visit). */
  performed: z.boolean().default(true),
  /** false = the scan was done but cannot be evaluated (e.g. motion, wrong sequence). */
  evaluable: z.boolean().default(true),
  reason: z.string().optional(),
  /** Marks this scan as the baseline explicitly (overrides automatic baseline selection, with a warning). */
  baseline: z.boolean().optional(),
  /** Default slice thickness and gap of the measured sequence, in mm (RANO2-MEAS-2). */
  sliceThicknessMm: mm.optional(),
  sliceGapMm: mm.optional(),
  lesions: z.array(Lesion).default([]),
  /** Qualitative T2/FLAIR read (RANO-HGG; RANO-LGG uses measured non-enhancing lesions). */
  t2Flair: z
    .strictObject({
      status: z.enum(["stable", "improved", "worse", "not_assessed"]),
      /** Increase explained by radiation effect, ischaemia, infection, seizures, etc. */
      attributableToOtherCause: z.boolean().default(false),
    })
    .optional(),
  note: z.string().optional(),
  /** RANO-LM instruments (leptomeningeal metastases): neurological exam, CSF, MRI scorecard, symptoms. */
  lm: LmAssessment.optional(),
});
export type Assessment = z.infer<typeof Assessment>;

export const SteroidAgent = z.enum([
  "dexamethasone",
  "methylprednisolone",
  "prednisolone",
  "prednisone",
  "hydrocortisone",
]);
export type SteroidAgent = z.infer<typeof SteroidAgent>;

export const SteroidDose = z.strictObject({
  /** The dose holds from this date until the next record. */
  date: isoDate,
  agent: SteroidAgent.default("dexamethasone"),
  doseMgPerDay: z
    .number()
    .finite()
    .nonnegative()
    .max(
      PLAUSIBLE.maxDoseMgPerDay,
      `must be at most ${PLAUSIBLE.maxDoseMgPerDay} mg/day (twice a methylprednisolone pulse)`,
    ),
  reason: z.string().optional(),
});
export type SteroidDose = z.infer<typeof SteroidDose>;

export const ClinicalStatus = z
  .strictObject({
    date: isoDate,
    status: z.enum(["improved", "stable", "worse", "unknown"]),
    /** Required when status is "worse": only tumour-attributable decline defines progression (GEN-4). */
    attributableToTumor: z.boolean().optional(),
    kps: z.number().int().min(0).max(100).multipleOf(10).optional(),
    note: z.string().optional(),
  })
  .refine((c) => c.status !== "worse" || c.attributableToTumor !== undefined, {
    message:
      "required when status is 'worse': say whether the decline is attributable to the tumour (only then is it progression)",
    path: ["attributableToTumor"],
  });
export type ClinicalStatus = z.infer<typeof ClinicalStatus>;

export const Pathology = z.strictObject({
  date: isoDate,
  result: z.enum(["tumor", "treatment_effect"]),
  lesionId: z.string().optional(),
});

export const CourseEvent = z.strictObject({
  type: z.enum(["death", "new_anticancer_therapy", "off_study", "lost_to_follow_up"]),
  date: isoDate,
  note: z.string().optional(),
});

export type CourseEvent = z.infer<typeof CourseEvent>;
export type Pathology = z.infer<typeof Pathology>;

export const CaseDocument = z.strictObject({
  schemaVersion: z.literal(SCHEMA_VERSION).default(SCHEMA_VERSION),
  patient: Patient,
  protocol: Protocol.default({
    mandatoryConfirmation: false,
    primaryMethod: "bidimensional",
    components: "auto",
  }),
  treatments: z.array(Treatment).default([]),
  assessments: z.array(Assessment).min(1, "a case needs at least one imaging assessment"),
  steroids: z.array(SteroidDose).default([]),
  clinical: z.array(ClinicalStatus).default([]),
  pathology: z.array(Pathology).default([]),
  events: z.array(CourseEvent).default([]),
});

/** A validated case (defaults filled in). */
export type Case = z.infer<typeof CaseDocument>;
/** A case as a user writes it (optional fields may be omitted). */
export type CaseInput = z.input<typeof CaseDocument>;
