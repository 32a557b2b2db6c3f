// Use cases: inter-reader agreement from a table with one row per case and one column per reader or
// method. Categories: percent agreement, Cohen's kappa per reader pair (weighted on request; Cohen 1960,
// 1968) and Fleiss' kappa for three or more readers (Fleiss 1971). Measurements: Lin's concordance
// correlation (Lin 1989) and Bland–Altman limits of agreement (Bland & Altman 1986). Table in → result
// out, or every cell problem (file:line (column)) at once; a statistic that is undefined on the data
// is a stated reason, never NaN. Statistics in src/stats/agreement; `ranokit agreement` is the adapter.
import { type ProportionEstimate, proportionCI } from "../endpoints/proportion-ci.ts";
import { type CsvTable, isMissingValue, numberCell, requireColumns, TableError } from "../io/csv-table.ts";
import {
  type BlandAltman,
  blandAltman,
  type CohenKappa,
  type Concordance,
  cohenKappa,
  type FleissKappa,
  fleissKappa,
  type KappaWeights,
  linConcordance,
  UndefinedBlandAltmanError,
  UndefinedConcordanceError,
  UndefinedKappaError,
} from "../stats/agreement/index.ts";
import { failOnProblems } from "./errors.ts";

/** A statistic that could not be computed on the data, with the reason. */
export interface Undefined {
  undefined: string;
}

/** Runs a statistic; an "undefined" outcome becomes a stated reason instead of an error or NaN. */
export function undefinedAs<T>(f: () => T): T | Undefined {
  try {
    return f();
  } catch (e) {
    if (
      e instanceof UndefinedKappaError ||
      e instanceof UndefinedConcordanceError ||
      e instanceof UndefinedBlandAltmanError
    )
      return { undefined: e.message };
    throw e;
  }
}

export interface CategoricalRequest {
  readers: readonly string[];
  weights: KappaWeights;
  /** Allowed categories in order; null: the observed ones, sorted (order matters only for weights). */
  categories: readonly string[] | null;
}

export interface CategoricalAgreement {
  categories: string[];
  cases: number;
  percentAgreement: ProportionEstimate;
  cohen: Array<{ a: string; b: string; result: CohenKappa | Undefined }>;
  /** Three or more readers only. */
  fleiss: FleissKappa | Undefined | null;
}

/**
 * @example
 * categoricalAgreement(parseCsvTable("A,B\nPD,PD\nSD,SD\nPD,SD\n", "t.csv"),
 *   { readers: ["A", "B"], weights: "none", categories: null }).percentAgreement.count // => 2
 */
export function categoricalAgreement(table: CsvTable, request: CategoricalRequest): CategoricalAgreement {
  const { readers, weights } = request;
  const given = request.categories;
  requireColumns(table, readers);
  const errors: TableError[] = [];
  const raw: string[][] = [];
  for (const row of table.rows) {
    const r = readers.map((c) => row.cells[c] ?? "");
    r.forEach((v, k) => {
      // "NA" and the like mean "not rated", not a category — unless the categories name it as one.
      if (v === "" || (isMissingValue(v) && !given?.includes(v)))
        errors.push(
          new TableError(
            table.file,
            row.line,
            readers[k],
            v === ""
              ? "missing rating"
              : `missing rating ("${v}"); list "${v}" in --categories if it is a category`,
          ),
        );
      else if (given && !given.includes(v))
        errors.push(
          new TableError(
            table.file,
            row.line,
            readers[k],
            `category "${v}" is not in --categories (${given.join(", ")})`,
          ),
        );
    });
    raw.push(r);
  }
  failOnProblems(errors);
  const categories = given ? [...given] : [...new Set(raw.flat())].sort();
  const ix = raw.map((r) => r.map((v) => categories.indexOf(v)));
  const n = ix.length;
  const percentAgreement = proportionCI(ix.filter((r) => r.every((v) => v === r[0])).length, n);
  const cohen: CategoricalAgreement["cohen"] = [];
  for (let i = 0; i < readers.length; i++)
    for (let j = i + 1; j < readers.length; j++) {
      cohen.push({
        a: readers[i]!,
        b: readers[j]!,
        result: undefinedAs(() =>
          cohenKappa(
            ix.map((r) => r[i]!),
            ix.map((r) => r[j]!),
            categories,
            weights,
          ),
        ),
      });
    }
  const fleiss = readers.length > 2 ? undefinedAs(() => fleissKappa(ix, categories)) : null;
  return { categories, cases: n, percentAgreement, cohen, fleiss };
}

export interface MeasurementAgreement {
  cases: number;
  concordance: Concordance | Undefined;
  /** Of the differences first − second. */
  blandAltman: BlandAltman | Undefined;
}

/**
 * Agreement of two continuous measurements of the same cases (columns `methods[0]` and `methods[1]`).
 * @example
 * measurementAgreement(parseCsvTable("a,b\n10,11\n20,19\n30,32\n", "t.csv"), ["a", "b"]).cases // => 3
 */
export function measurementAgreement(
  table: CsvTable,
  methods: readonly [string, string],
): MeasurementAgreement {
  const [ca, cb] = methods;
  requireColumns(table, methods);
  const a: number[] = [];
  const b: number[] = [];
  const errors: TableError[] = [];
  for (const row of table.rows) {
    for (const [col, into] of [
      [ca, a],
      [cb, b],
    ] as const) {
      if ((row.cells[col] ?? "") === "")
        errors.push(new TableError(table.file, row.line, col, "missing measurement"));
      else
        try {
          into.push(numberCell(table, row, col));
        } catch (e) {
          errors.push(e as TableError);
        }
    }
  }
  failOnProblems(errors);
  return {
    cases: a.length,
    concordance: undefinedAs(() => linConcordance(a, b)),
    blandAltman: undefinedAs(() => blandAltman(a, b)),
  };
}
