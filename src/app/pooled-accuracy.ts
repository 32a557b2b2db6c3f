// Use case: random-effects pooled sensitivity and specificity across published studies (logit scale,
// DerSimonian & Laird 1986), with τ², Cochran's Q and I², from a table with columns study,tp,fp,fn,tn
// (one row per study). Table in → the studies and the pooled estimates out, or every cell problem
// (file:line (column)) at once. Statistics in src/stats/pooling; `ranokit pool` is the adapter.
import { type CsvTable, countCell, requireColumns, TableError } from "../io/csv-table.ts";
import { type PooledAccuracy, poolAccuracy, type StudyCounts } from "../stats/pooling/index.ts";
import { failOnProblems } from "./errors.ts";

export const POOL_COLUMNS = ["study", "tp", "fp", "fn", "tn"] as const;

/** The 2×2 counts of every study; a study listed twice (double weight) names both rows. */
export function studyCounts(table: CsvTable): StudyCounts[] {
  const file = table.file;
  requireColumns(table, POOL_COLUMNS);
  const errors: TableError[] = [];
  const studies: StudyCounts[] = [];
  const seen = new Map<string, number>();
  for (const row of table.rows) {
    const study = row.cells.study ?? "";
    if (study === "") errors.push(new TableError(file, row.line, "study", "missing study name"));
    else {
      const key = study.replace(/\s+/g, " ").toLowerCase();
      const first = seen.get(key);
      if (first !== undefined)
        errors.push(new TableError(file, row.line, "study", `study "${study}" is already on line ${first}`));
      else seen.set(key, row.line);
    }
    const counts: number[] = [];
    let countsOk = true;
    for (const c of ["tp", "fp", "fn", "tn"] as const) {
      try {
        counts.push(countCell(table, row, c));
      } catch (e) {
        errors.push(e as TableError);
        countsOk = false;
        counts.push(0);
      }
    }
    const [tp, fp, fn, tn] = counts as [number, number, number, number];
    if (countsOk && tp + fn === 0)
      errors.push(
        new TableError(file, row.line, "tp", "no diseased cases (tp + fn = 0): sensitivity undefined"),
      );
    if (countsOk && fp + tn === 0)
      errors.push(
        new TableError(file, row.line, "tn", "no non-diseased cases (fp + tn = 0): specificity undefined"),
      );
    studies.push({ study, tp, fp, fn, tn });
  }
  if (studies.length === 0) errors.push(new TableError(file, undefined, undefined, "no studies"));
  failOnProblems(errors);
  return studies;
}

/**
 * @example
 * pooledAccuracy(parseCsvTable("study,tp,fp,fn,tn\nA,9,1,1,9\n", "t.csv")).pooled.k // => 1
 */
export function pooledAccuracy(table: CsvTable): { studies: StudyCounts[]; pooled: PooledAccuracy } {
  const studies = studyCounts(table);
  return { studies, pooled: poolAccuracy(studies) };
}
