// Use case: trial endpoints of a cohort under one or several criteria sets — per criteria set best
// response, ORR/DCR with binomial CIs, Kaplan–Meier PFS and DOR (src/endpoints/cohort.ts), and, for two
// or more, how often the criteria sets disagree on the same patients. Cases are added one at a time
// and only their endpoint fields are kept (memory does not grow with time points). A patient is in
// every criteria set's cohort or in none an internal error removed it from, so disagreement compares
// the same patients. `ranokit cohort` is the command-line adapter.
import {
  type CohortOptions,
  type CohortPatientResult,
  type CohortSummary,
  type CriteriaDisagreement,
  cohortEntry,
  disagreementRates,
  summariseCohort,
} from "../endpoints/cohort.ts";
import type { Case, CriteriaModule } from "../engine/index.ts";

/** Whether the cohort includes the case under a criteria set (its own rule, or its tumour types). */
export function inCohortOf(m: CriteriaModule, c: Case): boolean {
  return m.appliesTo
    ? m.appliesTo(c) || m.tumorTypes.includes(c.patient.tumorType)
    : m.tumorTypes.includes(c.patient.tumorType);
}

export interface CohortEndpoints {
  summaries: CohortSummary[];
  disagreements: CriteriaDisagreement[];
  /** Per criteria id: cases outside its scope. */
  excluded: Record<string, number>;
}

export class CohortCollector {
  private readonly byCriteria: Map<string, Map<number, CohortPatientResult>>;
  private readonly excluded: Map<string, number>;

  constructor(readonly modules: ReadonlyArray<CriteriaModule>) {
    this.byCriteria = new Map(modules.map((m) => [m.id, new Map()]));
    this.excluded = new Map(modules.map((m) => [m.id, 0]));
  }

  /**
   * The endpoint entries of one case, one per criteria set (null: outside its scope). Throws when a
   * criteria set fails on the case; `onCriteria` is told which one is running (for the error message).
   */
  entries(c: Case, onCriteria?: (m: CriteriaModule) => void): Array<CohortPatientResult | null> {
    return this.modules.map((m) => {
      onCriteria?.(m);
      return inCohortOf(m, c) ? cohortEntry(m.assess(c)) : null;
    });
  }

  /** Records the entries of the case with this (input) index. */
  add(index: number, entries: ReadonlyArray<CohortPatientResult | null>): void {
    this.modules.forEach((m, k) => {
      const e = entries[k];
      if (e) this.byCriteria.get(m.id)!.set(index, e);
      else this.excluded.set(m.id, this.excluded.get(m.id)! + 1);
    });
  }

  result(options: CohortOptions): CohortEndpoints {
    const summaries = this.modules.map((m) =>
      summariseCohort([...this.byCriteria.get(m.id)!.values()], options),
    );
    const disagreements = this.modules.length > 1 ? disagreementRates(this.byCriteria, options.ciMethod) : [];
    return { summaries, disagreements, excluded: Object.fromEntries(this.excluded) };
  }
}
