// The result of a patient who cannot be assessed under a criteria set (no baseline): every row as
// recorded, best response NE, no progression, PFS censored at T0 with the reason. Shared by all criteria.
import type { PatientResult, TimepointResult, Warning } from "../model/result.ts";

export function notAssessableResult(
  patientId: string,
  criteria: string,
  t0: string,
  rows: TimepointResult[],
  warnings: Warning[],
  rule: string,
  why: string,
): PatientResult {
  return {
    patientId,
    criteria,
    t0,
    baselineDate: null,
    timepoints: rows,
    lesions: [],
    bestOverallResponse: { category: "NE", confirmed: false, date: null, rules: [rule], reason: why },
    progression: {
      date: null,
      establishedOn: null,
      cause: null,
      rules: [],
      reason: `not assessable: ${why}`,
    },
    pfs: { days: 0, event: false, date: t0, reason: `censored at T0: ${why}` },
    dor: null,
    timeToResponseDays: null,
    warnings,
  };
}
