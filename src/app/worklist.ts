// Use case: the worklist of open PD-P / IND time points — for each, the date from which a scan can
// confirm it (RANO2-CONF-4) and the engine's next action, with the pseudoprogression work-up summary
// (src/workup/worklist.ts) — ordered by when the confirming scan is due. `ranokit worklist` builds it
// from case files, the server's worklist service from the stored reads; both order it here.
import type { Case, CriteriaModule } from "../engine/index.ts";
import { type WorklistEntry, worklistEntry } from "../workup/worklist.ts";
import { type WorkupOptions, workupForCase } from "../workup/workup.ts";
import type { CriteriaOptions } from "./assess-case.ts";

/** A calendar day as the worklist takes it: YYYY-MM-DD. */
export const isIsoDay = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s);

/**
 * The worklist entry of one case under a criteria set (null: nothing open), with the work-up
 * summary when `workup` is given. Throws if the criteria set fails on the case.
 */
export function caseWorklistEntry(
  c: Case,
  criteria: CriteriaModule,
  o: {
    options?: CriteriaOptions;
    workup: WorkupOptions | null;
    confirmMinDays?: number | undefined;
    asOf: string;
  },
): WorklistEntry | null {
  const r = criteria.assess(c, o.options);
  const blocks = o.workup ? workupForCase(c, [r], o.workup) : [];
  return worklistEntry(r, blocks, { confirmMinDays: o.confirmMinDays, asOf: o.asOf });
}

/** Sort order: the earliest due confirming scan first; entries without a date last. */
export function byConfirmationDue(a: { dueFrom?: unknown }, b: { dueFrom?: unknown }): number {
  return String(a.dueFrom ?? "9999").localeCompare(String(b.dueFrom ?? "9999"));
}
