// Plausibility bounds of the case model (docs/case-format.md, "Plausibility bounds"): the shared field
// types every schema module builds on, so an implausible value is rejected with its JSON path.
import { z } from "zod";

/** Plausibility bounds (docs/case-format.md gives the reason for each). A value beyond them is a data-entry
 * or unit error, never a measurement, and would overflow the exact arithmetic downstream. */
export const PLAUSIBLE = {
  /** Earliest and latest calendar date: no trial imaging before 1900 or after 2100. */
  firstDate: "1900-01-01",
  lastDate: "2100-12-31",
  /** Any length in a case (diameters, extents, slices): 300 mm exceeds any adult head (≈ 200 mm). */
  maxMm: 300,
  /** A lesion volume: 2,500,000 mm³ (2.5 L) exceeds any intracranial volume (≈ 1.2–1.9 L). */
  maxVolumeMm3: 2_500_000,
  /** A daily glucocorticoid dose of any agent: twice the largest regimen in use (methylprednisolone
   * pulse 1,000 mg/day). */
  maxDoseMgPerDay: 2_000,
  /** A radiotherapy course: 200 Gy exceeds any cumulative brain dose incl. re-irradiation (≈ 60 + 60 Gy). */
  maxDoseGy: 200,
  /** Slices on which a lesion is visible: no MR series has more than 2,000. */
  maxSlices: 2_000,
  /** A CSF sample: 200 mL exceeds the whole CSF volume (≈ 150 mL). */
  maxCsfMl: 200,
} as const;

export const isoDate = z.iso
  .date({ error: "must be an ISO calendar date YYYY-MM-DD" })
  .refine((d) => d >= PLAUSIBLE.firstDate && d <= PLAUSIBLE.lastDate, {
    message: `must lie between ${PLAUSIBLE.firstDate} and ${PLAUSIBLE.lastDate}`,
  });
export const mm = z
  .number({ error: "must be a number of millimetres" })
  .finite()
  .nonnegative()
  .max(PLAUSIBLE.maxMm, `must be at most ${PLAUSIBLE.maxMm} mm (larger than any head: a unit error?)`);
export const positiveCount = z.number().int().positive();
export const volumeMm3 = z
  .number()
  .finite()
  .nonnegative()
  .max(
    PLAUSIBLE.maxVolumeMm3,
    `must be at most ${PLAUSIBLE.maxVolumeMm3} mm³ (more than the whole intracranial volume)`,
  );
