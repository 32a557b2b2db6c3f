// Trial endpoints over a cohort (END-ORR-1, END-DCR-1, END-PFS, END-DOR): per-patient best response,
// objective response and disease-control rates with confidence intervals, Kaplan–Meier PFS and DOR,
// and how often two criteria sets disagree on the same patients.
import type { PatientResult } from "../engine/index.ts";
import { type KaplanMeier, kaplanMeier } from "./kaplan-meier.ts";
import { type ProportionEstimate, proportionCI } from "./proportion-ci.ts";

export interface PatientEndpoints {
  patientId: string;
  bestOverallResponse: string;
  confirmed: boolean;
  progressionDate: string | null;
  pfsDays: number;
  pfsEvent: boolean;
  dorDays: number | null;
  dorEvent: boolean | null;
}

export interface CohortSummary {
  criteria: string;
  n: number;
  bestResponse: Record<"CR" | "PR" | "MR" | "SD" | "PD" | "NE", number>;
  /** ORR = CR + PR over all patients (END-ORR-1). */
  orr: ProportionEstimate;
  /** ORR including minor responses (RANO-LGG, RANO 2.0 non-enhancing disease). */
  orrWithMr: ProportionEstimate;
  /** DCR = CR + PR + MR + SD (END-DCR-1). */
  dcr: ProportionEstimate;
  pfs: KaplanMeier;
  /** Duration of response among confirmed responders; null when there are none. */
  dor: KaplanMeier | null;
  patients: PatientEndpoints[];
}

export interface CohortOptions {
  ciMethod: "clopper-pearson" | "wilson";
  kmConfType: "log" | "log-log";
}

export const cohortDefaults: CohortOptions = { ciMethod: "clopper-pearson", kmConfType: "log" };

/** What the cohort endpoints read of a patient's result. A full PatientResult is one; a batch keeps only
 * this (`cohortEntry`) so that memory does not grow with every time point's explanation. */
export interface CohortPatientResult {
  patientId: string;
  criteria: string;
  bestOverallResponse: Pick<PatientResult["bestOverallResponse"], "category" | "confirmed">;
  progression: Pick<PatientResult["progression"], "date">;
  pfs: Pick<PatientResult["pfs"], "days" | "event">;
  dor: Pick<NonNullable<PatientResult["dor"]>, "days" | "event"> | null;
}

/** The endpoint fields of one result. Throws when a time is outside the Kaplan–Meier domain (a PFS or DOR
 * before its origin), so a batch reports that patient instead of losing the whole cohort to it. */
export function cohortEntry(r: PatientResult): CohortPatientResult {
  for (const [what, t] of [
    ["PFS", r.pfs.days],
    ["duration of response", r.dor?.days ?? 0],
  ] as const) {
    if (!Number.isFinite(t) || t < 0)
      throw new RangeError(`${what} of ${t} days: an endpoint time before its origin`);
  }
  return {
    patientId: r.patientId,
    criteria: r.criteria,
    bestOverallResponse: {
      category: r.bestOverallResponse.category,
      confirmed: r.bestOverallResponse.confirmed,
    },
    progression: { date: r.progression.date },
    pfs: { days: r.pfs.days, event: r.pfs.event },
    dor: r.dor ? { days: r.dor.days, event: r.dor.event } : null,
  };
}

export function summariseCohort(
  results: ReadonlyArray<CohortPatientResult>,
  o: CohortOptions = cohortDefaults,
): CohortSummary {
  const bestResponse = { CR: 0, PR: 0, MR: 0, SD: 0, PD: 0, NE: 0 };
  for (const r of results) bestResponse[r.bestOverallResponse.category]++;
  const n = results.length;
  const responders = results.filter((r) => r.dor !== null);
  return {
    criteria: [...new Set(results.map((r) => r.criteria))].join(" / ") || "—",
    n,
    bestResponse,
    orr: proportionCI(bestResponse.CR + bestResponse.PR, n, o.ciMethod),
    orrWithMr: proportionCI(bestResponse.CR + bestResponse.PR + bestResponse.MR, n, o.ciMethod),
    dcr: proportionCI(bestResponse.CR + bestResponse.PR + bestResponse.MR + bestResponse.SD, n, o.ciMethod),
    pfs: kaplanMeier(
      results.map((r) => ({ time: r.pfs.days, event: r.pfs.event })),
      o.kmConfType,
    ),
    dor:
      responders.length > 0
        ? kaplanMeier(
            responders.map((r) => ({ time: r.dor!.days, event: r.dor!.event })),
            o.kmConfType,
          )
        : null,
    patients: results.map((r) => ({
      patientId: r.patientId,
      bestOverallResponse: r.bestOverallResponse.category,
      confirmed: r.bestOverallResponse.confirmed,
      progressionDate: r.progression.date,
      pfsDays: r.pfs.days,
      pfsEvent: r.pfs.event,
      dorDays: r.dor?.days ?? null,
      dorEvent: r.dor?.event ?? null,
    })),
  };
}

export interface CriteriaDisagreement {
  a: string;
  b: string;
  n: number;
  bestResponseDiffers: ProportionEstimate;
  progressionDateDiffers: ProportionEstimate;
  /** Patients (pseudonyms) whose best response or progression date differ. */
  patients: string[];
}

/**
 * Pairwise disagreement rates between criteria sets, over the patients assessed under both. Results are
 * keyed by a record key (e.g. the input position), so patients a criteria set does not apply to drop out.
 */
export function disagreementRates(
  byCriteria: ReadonlyMap<string, ReadonlyMap<number, CohortPatientResult>>,
  ciMethod: CohortOptions["ciMethod"] = "clopper-pearson",
): CriteriaDisagreement[] {
  const ids = [...byCriteria.keys()];
  const out: CriteriaDisagreement[] = [];
  for (let i = 0; i < ids.length; i++) {
    for (let j = i + 1; j < ids.length; j++) {
      const a = byCriteria.get(ids[i]!)!;
      const b = byCriteria.get(ids[j]!)!;
      let bor = 0;
      let date = 0;
      let n = 0;
      const patients: string[] = [];
      a.forEach((ra, k) => {
        const rb = b.get(k);
        if (!rb) return;
        n++;
        const borDiff = ra.bestOverallResponse.category !== rb.bestOverallResponse.category;
        const dateDiff = ra.progression.date !== rb.progression.date;
        if (borDiff) bor++;
        if (dateDiff) date++;
        if (borDiff || dateDiff) patients.push(ra.patientId);
      });
      out.push({
        a: ids[i]!,
        b: ids[j]!,
        n,
        bestResponseDiffers: proportionCI(bor, n, ciMethod),
        progressionDateDiffers: proportionCI(date, n, ciMethod),
        patients,
      });
    }
  }
  return out;
}
