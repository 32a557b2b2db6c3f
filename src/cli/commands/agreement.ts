// `ranokit agreement`: inter-reader agreement on response categories (Cohen's kappa, weighted kappa,
// Fleiss' kappa, percent agreement) or, with --measure, agreement of two continuous measurements
// (Lin's CCC and Bland–Altman limits of agreement).
import type { Command } from "commander";
import { type ProportionEstimate, proportionCI } from "../../endpoints/proportion-ci.ts";
import {
  type CsvTable,
  isMissingValue,
  numberCell,
  readCsvTable,
  requireColumns,
  TableError,
} from "../../io/csv-table.ts";
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
} from "../../stats/agreement/index.ts";
import { checkFormat, ci, failOnCellErrors, fmt, propText, splitList, writeJson } from "../format/stats.ts";
import { UsageError } from "./assess.ts";
import { pValue } from "./roc.ts";

interface Options {
  readers: string;
  weights: string;
  categories?: string;
  measure?: boolean;
  unit?: string;
  format: string;
}

export function register(program: Command): void {
  program
    .command("agreement")
    .description(
      "inter-reader agreement: Cohen's/weighted/Fleiss' kappa on categories, or CCC and Bland–Altman (--measure)",
    )
    .argument("<file>", "CSV with one row per case and one column per reader or method")
    .requiredOption("--readers <columns>", "reader (or method) columns, comma-separated: A,B[,C...]")
    .option(
      "--weights <w>",
      "none | linear | quadratic (weighted kappa needs --categories for the order)",
      "none",
    )
    .option("--categories <list>", "allowed categories in order, e.g. CR,PR,MR,SD,PD")
    .option("--measure", "continuous measurements: Lin's CCC and Bland–Altman (exactly two columns, A − B)")
    .option("--unit <unit>", "unit of the measurements for the output, e.g. mm²")
    .option("-f, --format <format>", "table | json", "table")
    .action((file: string, opts: Options) => {
      const format = checkFormat(opts.format);
      const readers = splitList("--readers", opts.readers);
      if (readers.length < 2) throw new UsageError("--readers needs at least two columns");
      const table = readCsvTable(file);
      requireColumns(table, readers);
      if (opts.measure) measure(table, readers, opts, format);
      else categorical(table, readers, opts, format);
    });
}

function categorical(table: CsvTable, readers: string[], opts: Options, format: "table" | "json"): void {
  const weights = opts.weights as KappaWeights;
  if (!["none", "linear", "quadratic"].includes(weights))
    throw new UsageError(`--weights must be none, linear or quadratic (got "${opts.weights}")`);
  if (weights !== "none" && !opts.categories)
    throw new UsageError(
      "weighted kappa needs --categories to fix the order of the categories, e.g. CR,PR,MR,SD,PD",
    );
  const given = opts.categories ? splitList("--categories", opts.categories) : null;
  const errors: TableError[] = [];
  const raw: string[][] = [];
  for (const row of table.rows) {
    const r = readers.map((c) => row.cells[c] ?? "");
    r.forEach((v, k) => {
      // "NA" and the like mean "not rated", not a category — unless --categories names it as one.
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
  failOnCellErrors(errors);
  // Without --categories: the observed categories in sorted order (order matters only for weights).
  const categories = given ?? [...new Set(raw.flat())].sort();
  const ix = raw.map((r) => r.map((v) => categories.indexOf(v)));
  const n = ix.length;
  const allAgree: ProportionEstimate = proportionCI(ix.filter((r) => r.every((v) => v === r[0])).length, n);
  const pairs: Array<{ a: string; b: string; result: CohenKappa | { undefined: string } }> = [];
  for (let i = 0; i < readers.length; i++)
    for (let j = i + 1; j < readers.length; j++) {
      pairs.push({
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
  const fleiss: FleissKappa | { undefined: string } | null =
    readers.length > 2 ? undefinedAs(() => fleissKappa(ix, categories)) : null;
  if (format === "json") {
    writeJson({
      file: table.file,
      readers,
      categories,
      weights,
      cases: n,
      percentAgreement: allAgree,
      cohen: pairs,
      fleiss,
    });
    return;
  }
  const out = [
    `Agreement · ${table.file} · ${n} cases · readers ${readers.join(", ")}`,
    `Categories (in order): ${categories.join(" < ")}`,
    `All readers agree: ${propText(allAgree)}`,
  ];
  for (const p of pairs) {
    out.push("", `Cohen's kappa ${p.a} vs ${p.b}${weights === "none" ? "" : ` (${weights} weights)`}`);
    if ("undefined" in p.result) {
      out.push(`  undefined: ${p.result.undefined}`);
      continue;
    }
    const k = p.result;
    out.push(
      `  κ = ${fmt(k.kappa)} (${ci(k.lower, k.upper)}; SE ${fmt(k.se)}, Fleiss–Cohen–Everitt)`,
      `  observed agreement ${fmt(k.observed)}, expected ${fmt(k.expected)}${weights === "none" ? "" : " (weighted)"}; test κ = 0: ${k.z === null ? "undefined" : `z = ${fmt(k.z, 2)}, ${pValue(k.p!)}`}`,
      `  exact agreement ${propText(k.percentAgreement)}`,
      ...(k.warning ? [`  Warning: ${k.warning}`] : []),
      `  ${p.a} \\ ${p.b}  ${categories.map((c) => c.padStart(5)).join("")}`,
      ...k.table.map(
        (row, i) =>
          `  ${categories[i]!.padEnd(p.a.length + p.b.length + 5)}${row.map((x) => String(x).padStart(5)).join("")}`,
      ),
    );
  }
  if (fleiss) {
    out.push("", `Fleiss' kappa (${readers.length} readers, unweighted)`);
    if ("undefined" in fleiss) out.push(`  undefined: ${fleiss.undefined}`);
    else
      out.push(
        `  κ = ${fmt(fleiss.kappa)} (${ci(fleiss.lower, fleiss.upper)} from the null SE ${fmt(fleiss.seNull)}); z = ${fmt(fleiss.z, 2)}, ${pValue(fleiss.p)}`,
      );
  }
  process.stdout.write(`${out.join("\n")}\n`);
}

function measure(table: CsvTable, readers: string[], opts: Options, format: "table" | "json"): void {
  if (readers.length !== 2) throw new UsageError("--measure compares exactly two columns (--readers A,B)");
  const [ca, cb] = readers as [string, string];
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
  failOnCellErrors(errors);
  const unit = opts.unit ?? "input units";
  const ccc: Concordance | { undefined: string } = undefinedAs(() => linConcordance(a, b));
  const ba: BlandAltman | { undefined: string } = undefinedAs(() => blandAltman(a, b));
  if (format === "json") {
    writeJson({
      file: table.file,
      methods: readers,
      difference: `${ca} − ${cb}`,
      unit,
      cases: a.length,
      concordance: ccc,
      blandAltman: ba,
    });
    return;
  }
  const out = [`Measurement agreement · ${table.file} · ${a.length} cases · ${ca} vs ${cb} (${unit})`];
  if ("undefined" in ccc) out.push(`Lin's CCC undefined: ${ccc.undefined}`);
  else
    out.push(
      `Lin's concordance correlation ${fmt(ccc.ccc)} (${ci(ccc.lower, ccc.upper)}, Fisher z)`,
      `  Pearson r ${fmt(ccc.pearson)} (precision) · bias correction C_b ${fmt(ccc.biasCorrection)} (accuracy)`,
    );
  if ("undefined" in ba) out.push(`Bland–Altman undefined: ${ba.undefined}`);
  else {
    const iv = (x: { estimate: number; lower: number; upper: number }) =>
      `${fmt(x.estimate, 2)} ${unit} (95% CI ${fmt(x.lower, 2)} to ${fmt(x.upper, 2)})`;
    out.push(
      `Bland–Altman (difference ${ca} − ${cb})`,
      `  bias                 ${iv(ba.bias)}`,
      `  SD of differences    ${fmt(ba.sdDifference, 2)} ${unit}`,
      `  lower limit (−1.96 SD) ${iv(ba.lowerLimit)}`,
      `  upper limit (+1.96 SD) ${iv(ba.upperLimit)}`,
    );
  }
  process.stdout.write(`${out.join("\n")}\n`);
}

/** Runs a statistic; an "undefined" outcome becomes a stated reason instead of an error or NaN. */
function undefinedAs<T>(f: () => T): T | { undefined: string } {
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
