// The versioned calibration file written by `ranokit calibrate` and read by the work-up: per-marker
// thresholds with their accuracy at the site, and the multi-marker model. Validated on read; errors
// name the JSON path.
import { z } from "zod";
import { jsonPath } from "../engine/index.ts";

export const CALIBRATION_FORMAT = "ranokit-calibration";
export const CALIBRATION_VERSION = 1;

const prob = z.number().min(0).max(1);
const interval = z.strictObject({
  estimate: prob.nullable(),
  lower: prob.nullable(),
  upper: prob.nullable(),
});
const lr = z.strictObject({
  estimate: z.number().nonnegative().nullable(),
  lower: z.number().nonnegative().nullable(),
  upper: z.number().nonnegative().nullable(),
  undefinedReason: z.string().nullable(),
});
const direction = z.enum(["higher", "lower"]);

export const MarkerCalibration = z.strictObject({
  id: z.string().min(1),
  direction,
  /** Values ≥ threshold (≤ for "lower") favour true progression. */
  threshold: z.number().finite(),
  rule: z.string(),
  n: z.number().int().positive(),
  positives: z.number().int().nonnegative(),
  negatives: z.number().int().nonnegative(),
  tp: z.number().int().nonnegative(),
  fp: z.number().int().nonnegative(),
  fn: z.number().int().nonnegative(),
  tn: z.number().int().nonnegative(),
  sensitivity: interval,
  specificity: interval,
  lrPositive: lr,
  lrNegative: lr,
  auc: z.strictObject({ estimate: prob, lower: prob.nullable(), upper: prob.nullable() }),
});
export type MarkerCalibration = z.infer<typeof MarkerCalibration>;

export const ModelCalibration = z.strictObject({
  kind: z.literal("ridge-logistic"),
  markers: z.array(z.string()).min(1),
  directions: z.array(direction).min(1),
  intercept: z.number().finite(),
  /** Original-scale coefficients; sign-constrained towards tumour (so the model is monotone). */
  coefficients: z.array(z.number().finite()).min(1),
  lambda: z.number().nonnegative(),
  n: z.number().int().positive(),
  positives: z.number().int().nonnegative(),
  negatives: z.number().int().nonnegative(),
  apparentAuc: prob,
  crossValidated: z.strictObject({
    folds: z.number().int().min(2),
    seed: z.number().int(),
    auc: prob,
    lower: prob.nullable(),
    upper: prob.nullable(),
    lambdas: z.array(z.number().nonnegative()),
  }),
  /** Markers dropped from the model (coefficient held at 0 by the sign constraint). */
  zeroed: z.array(z.string()),
});
export type ModelCalibration = z.infer<typeof ModelCalibration>;

export const CalibrationFile = z.strictObject({
  format: z.literal(CALIBRATION_FORMAT),
  version: z.literal(CALIBRATION_VERSION),
  createdOn: z.iso.date(),
  software: z.string(),
  site: z.string().optional(),
  protocol: z.string().optional(),
  source: z.string(),
  reference: z.string(),
  n: z.number().int().positive(),
  positives: z.number().int().nonnegative(),
  negatives: z.number().int().nonnegative(),
  /** Proportion of true progression in the reference table: the site's pre-test probability. */
  prevalence: interval,
  markers: z.array(MarkerCalibration),
  model: ModelCalibration.nullable(),
  warnings: z.array(z.string()),
});
export type CalibrationFile = z.infer<typeof CalibrationFile>;

export type ParsedCalibration = { ok: true; value: CalibrationFile } | { ok: false; errors: string[] };

export function parseCalibration(value: unknown): ParsedCalibration {
  if (typeof value === "object" && value !== null) {
    const v = value as Record<string, unknown>;
    if (v.format === CALIBRATION_FORMAT && typeof v.version === "number" && v.version > CALIBRATION_VERSION)
      return {
        ok: false,
        errors: [
          `$.version: calibration format version ${v.version} is newer than this RANOkit reads (${CALIBRATION_VERSION})`,
        ],
      };
  }
  const r = CalibrationFile.safeParse(value);
  if (!r.success)
    return { ok: false, errors: r.error.issues.map((i) => `${jsonPath(i.path)}: ${i.message}`) };
  const errors: string[] = [];
  const m = r.data.model;
  if (m && (m.coefficients.length !== m.markers.length || m.directions.length !== m.markers.length))
    errors.push("$.model: markers, directions and coefficients differ in length");
  r.data.markers.forEach((mk, i) => {
    if (mk.tp + mk.fn !== mk.positives || mk.tn + mk.fp !== mk.negatives)
      errors.push(`$.markers[${i}]: the 2×2 counts do not add up to positives/negatives`);
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: r.data };
}
