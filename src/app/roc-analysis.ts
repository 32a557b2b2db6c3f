// Use case: ROC analysis of one or two continuous markers (e.g. maximum rCBV ratio, ADC) against a
// binary reference standard: per marker the curve, the AUC with its DeLong CI, the Youden-optimal and
// an optional target operating point; for two markers the paired DeLong test (DeLong et al. 1988).
// Table in → RocAnalysis out, or every cell problem (file:line (column)) at once. Statistics in
// src/stats/roc; `ranokit roc` is the command-line adapter.
import { type CsvTable, isMissingValue, numberCell, requireColumns, TableError } from "../io/csv-table.ts";
import {
  type AucEstimate,
  BINARY_REFERENCE_SPELLINGS,
  type Direction,
  deLongAuc,
  type OperatingPointResult,
  operatingPoint,
  type PairedDeLong,
  pairedDeLong,
  parseBinaryReference,
  type RocCurve,
  rocCurve,
  type ThresholdRule,
  UndefinedStatisticError,
} from "../stats/roc/index.ts";
import { AnalysisInputError, failOnProblems } from "./errors.ts";

export interface RocRequest {
  reference: string;
  /** One marker column, or two for the paired test. */
  markers: readonly string[];
  /** Which values indicate a positive case, one per marker. */
  directions: readonly Direction[];
  /** A target operating point besides Youden's (sensitivity or specificity ≥ target), or null. */
  target: ThresholdRule | null;
  ciMethod: "clopper-pearson" | "wilson";
}

export interface MarkerResult {
  marker: string;
  direction: Direction;
  auc: AucEstimate;
  youden: OperatingPointResult;
  target: OperatingPointResult | null;
  curve: RocCurve;
}

export interface RocAnalysis {
  markers: MarkerResult[];
  paired: PairedDeLong | null;
}

/** The reference and marker vectors of a table; every unreadable cell is a problem. */
export function rocVectors(table: CsvTable, reference: string, markers: readonly string[]) {
  requireColumns(table, [reference, ...markers]);
  const positive: boolean[] = [];
  const values: number[][] = markers.map(() => []);
  const errors: TableError[] = [];
  for (const row of table.rows) {
    const raw = row.cells[reference] ?? "";
    const ref = parseBinaryReference(raw);
    if (ref === null) {
      errors.push(
        new TableError(
          table.file,
          row.line,
          reference,
          raw === ""
            ? "missing reference value"
            : `reference value "${raw}" is neither positive nor negative (use ${BINARY_REFERENCE_SPELLINGS})`,
        ),
      );
    }
    markers.forEach((m, k) => {
      const cell = row.cells[m] ?? "";
      if (isMissingValue(cell)) {
        errors.push(
          new TableError(table.file, row.line, m, `missing marker value${cell === "" ? "" : ` ("${cell}")`}`),
        );
        return;
      }
      try {
        values[k]!.push(numberCell(table, row, m));
      } catch (e) {
        errors.push(e as TableError);
      }
    });
    if (ref !== null) positive.push(ref);
  }
  failOnProblems(errors);
  return { positive, values };
}

/**
 * @example
 * rocAnalysis(parseCsvTable("ref,m\n1,3\n1,2\n0,1\n0,2.5\n", "t.csv"),
 *   { reference: "ref", markers: ["m"], directions: ["higher"], target: null, ciMethod: "wilson" })
 *   .markers[0].auc.auc // => 0.75
 */
export function rocAnalysis(table: CsvTable, request: RocRequest): RocAnalysis {
  const { markers, directions, target, ciMethod } = request;
  const { positive, values } = rocVectors(table, request.reference, markers);
  try {
    const results = markers.map((marker, k) => {
      const direction = directions[k]!;
      const curve = rocCurve({ values: values[k]!, positive }, direction);
      return {
        marker,
        direction,
        auc: deLongAuc(values[k]!, positive, direction),
        youden: operatingPoint(curve, { kind: "youden" }, ciMethod),
        target: target ? operatingPoint(curve, target, ciMethod) : null,
        curve,
      };
    });
    const paired =
      markers.length === 2
        ? pairedDeLong(values[0]!, values[1]!, positive, [directions[0]!, directions[1]!])
        : null;
    return { markers: results, paired };
  } catch (e) {
    if (e instanceof UndefinedStatisticError)
      throw new AnalysisInputError([new TableError(table.file, undefined, undefined, e.message)]);
    throw e;
  }
}
