// Use case: diagnostic accuracy of index tests against a reference standard, from a table with one row
// per case (lesion or patient). Table in → AccuracyReport out, or the input problems, each naming its
// cell (file:line (column)) or the request field. Statistics in src/stats/accuracy (decision 0005);
// `ranokit accuracy` is the command-line adapter.
import { accuracyCases } from "../io/accuracy-table.ts";
import type { CsvTable } from "../io/csv-table.ts";
import {
  AccuracyInputError,
  type AccuracyOptions,
  type AccuracyReport,
  analyseAccuracy,
  CombinationRuleError,
} from "../stats/accuracy/index.ts";
import { AnalysisInputError, fieldProblem } from "./errors.ts";

export interface AccuracyRequest extends AccuracyOptions {
  /** Reference-standard column. */
  reference: string;
  /** Patient id column (needed at the patient level and for cluster-robust intervals). */
  patientColumn?: string | undefined;
}

/**
 * Reads the cases (every cell problem at once: TableError / TableProblems from src/io) and analyses them.
 * @example
 * accuracyAnalysis(parseCsvTable("ref,PET\n1,1\n1,0\n0,0\n", "t.csv"), { reference: "ref", tests: ["PET"] })
 *   .tests[0].sensitivity.estimate // => 0.5
 */
export function accuracyAnalysis(table: CsvTable, request: AccuracyRequest): AccuracyReport {
  const { reference, patientColumn, ...options } = request;
  const cases = accuracyCases(table, {
    reference,
    tests: options.tests,
    ...(patientColumn ? { patient: patientColumn } : {}),
    requirePatient: options.level === "patient" || options.clusterRobust === true,
  });
  try {
    return analyseAccuracy(cases, options);
  } catch (e) {
    if (e instanceof AccuracyInputError || e instanceof CombinationRuleError)
      throw new AnalysisInputError([fieldProblem(fieldOf(e), e.message)]);
    throw e;
  }
}

/** The request field a statistics error is about (its messages name the test, rule or comparison). */
function fieldOf(e: Error): keyof AccuracyRequest {
  if (e instanceof CombinationRuleError || e.message.startsWith("combination")) return "combinations";
  if (e.message.startsWith("cannot compare")) return "comparisons";
  if (e.message.includes("patient id")) return "patientColumn";
  return "tests";
}
