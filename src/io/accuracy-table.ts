// Per-case (lesion or patient) results of index tests against a reference standard, from a CSV table.
// Every problem is reported as file:line (column) with the offending value; all problems of the table
// are collected (a statistic computed after silently dropping rows would be misleading).
import { ACCEPTED_BINARY_VALUES, type AccuracyCase, parseBinary } from "../stats/accuracy/index.ts";
import { type CsvTable, requireColumns, TableError, TableProblems } from "./csv-table.ts";

export interface AccuracyColumns {
  reference: string;
  tests: readonly string[];
  /** Patient id column; required (non-empty on every row) when `requirePatient`. */
  patient?: string;
  requirePatient?: boolean;
}

export { TableProblems };

export function accuracyCases(table: CsvTable, columns: AccuracyColumns): AccuracyCase[] {
  requireColumns(table, [columns.reference, ...columns.tests, ...(columns.patient ? [columns.patient] : [])]);
  const problems: TableError[] = [];
  const cases: AccuracyCase[] = [];
  const binary = (line: number, column: string, raw: string): boolean => {
    const v = parseBinary(raw);
    if (v === null) {
      problems.push(
        new TableError(
          table.file,
          line,
          column,
          raw.trim() === ""
            ? `empty cell: expected a positive or negative result (${ACCEPTED_BINARY_VALUES})`
            : `"${raw}" is neither positive nor negative (accepted: ${ACCEPTED_BINARY_VALUES})`,
        ),
      );
      return false;
    }
    return v;
  };
  for (const row of table.rows) {
    const reference = binary(row.line, columns.reference, row.cells[columns.reference] ?? "");
    const results: Record<string, boolean> = {};
    for (const t of columns.tests) results[t] = binary(row.line, t, row.cells[t] ?? "");
    let patient: string | undefined;
    if (columns.patient) {
      patient = (row.cells[columns.patient] ?? "").trim();
      if (patient === "" && columns.requirePatient) {
        problems.push(
          new TableError(
            table.file,
            row.line,
            columns.patient,
            "missing patient id (needed for patient-level analysis)",
          ),
        );
      }
      if (patient === "") patient = undefined;
    }
    cases.push(patient === undefined ? { reference, results } : { patient, reference, results });
  }
  if (problems.length === 1) throw problems[0];
  if (problems.length > 1) throw new TableProblems(problems);
  if (cases.length === 0) throw new TableError(table.file, undefined, undefined, "no data rows");
  return cases;
}
