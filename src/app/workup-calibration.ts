// Use cases of the pseudoprogression work-up on a site's own reference table (one row per lesion or
// patient: the outcome, true progression vs treatment effect, and the marker values): calibrating it
// (thresholds, likelihood ratios, the multi-marker model; src/workup/calibrate.ts) and evaluating it on
// held-out rows against the criteria-only call (net reclassification, Pencina et al. 2008;
// src/workup/evaluate.ts). Table in → calibration file or evaluation out, or every cell problem
// (file:line (column)) at once. `ranokit calibrate` and `ranokit workup-eval` are the adapters.
import { type CsvTable, TableError } from "../io/csv-table.ts";
import { parseOutcome, referenceTable } from "../io/reference-table.ts";
import { UndefinedStatisticError } from "../stats/roc/index.ts";
import { type CalibrateInput, calibrate } from "../workup/calibrate.ts";
import type { CalibrationFile } from "../workup/calibration-file.ts";
import { type Evaluation, type EvaluationInput, evaluateWorkup } from "../workup/evaluate.ts";
import { AnalysisInputError, failOnProblems, fieldProblem } from "./errors.ts";

export interface CalibrationRequest extends Omit<CalibrateInput, "rows" | "meta"> {
  /** The outcome column. */
  reference: string;
  meta: Omit<CalibrateInput["meta"], "reference">;
}

/** A statistic undefined on the data (or a fold too small) is an input problem of the table. */
function asInputError(table: CsvTable, e: unknown): unknown {
  return e instanceof UndefinedStatisticError || e instanceof RangeError
    ? new AnalysisInputError([new TableError(table.file, undefined, undefined, e.message)])
    : e;
}

/**
 * The calibration file of a reference table; its warnings start with the table's own (unknown
 * markers, directions against the literature).
 * @example
 * calibrateWorkup(table, { reference: "outcome", markers: [{ id: "dsc_rcbv_max_ratio", direction: "higher" }],
 *   rule: { kind: "youden" }, ciMethod: "wilson", folds: 5, seed: 1, meta }).markers[0].threshold
 */
export function calibrateWorkup(table: CsvTable, request: CalibrationRequest): CalibrationFile {
  const { reference, meta, ...options } = request;
  const ref = referenceTable(table, reference, options.markers);
  failOnProblems(ref.errors);
  let cal: CalibrationFile;
  try {
    cal = calibrate({ ...options, rows: ref.rows, meta: { ...meta, reference } });
  } catch (e) {
    throw asInputError(table, e);
  }
  cal.warnings.unshift(...ref.warnings);
  return cal;
}

export interface EvaluationRequest extends Omit<EvaluationInput, "rows" | "criteriaCall"> {
  reference: string;
  /** Column with the criteria-only progression call per row; absent: every row called progression. */
  criteriaColumn?: string | undefined;
}

/** The held-out evaluation, and the table's warnings (the evaluation carries its own). */
export function evaluateWorkupTable(
  table: CsvTable,
  request: EvaluationRequest,
): { evaluation: Evaluation; tableWarnings: string[] } {
  const { reference, criteriaColumn: col, ...options } = request;
  const ref = referenceTable(table, reference, options.markers);
  const criteriaCall: boolean[] | undefined = col ? [] : undefined;
  if (col) {
    if (!table.header.includes(col))
      throw new AnalysisInputError([
        {
          ...fieldProblem("criteriaColumn", `${table.file}: no column "${col}"`),
          file: table.file,
          column: col,
        },
      ]);
    const byLine = new Map(table.rows.map((r) => [r.line, r]));
    for (const line of ref.lines) {
      const raw = byLine.get(line)!.cells[col] ?? "";
      const v = parseOutcome(raw);
      if (v === null)
        ref.errors.push(new TableError(table.file, line, col, `"${raw}" is not a progression yes/no call`));
      else criteriaCall!.push(v);
    }
  }
  failOnProblems(ref.errors);
  try {
    const evaluation = evaluateWorkup({
      ...options,
      rows: ref.rows,
      ...(criteriaCall ? { criteriaCall } : {}),
    });
    return { evaluation, tableWarnings: ref.warnings };
  } catch (e) {
    throw asInputError(table, e);
  }
}
