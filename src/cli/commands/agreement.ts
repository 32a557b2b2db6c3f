// `ranokit agreement`: inter-reader agreement on response categories (Cohen's kappa, weighted kappa,
// Fleiss' kappa, percent agreement) or, with --measure, agreement of two continuous measurements
// (Lin's CCC and Bland–Altman limits of agreement). The use cases are src/app/agreement-analysis.ts.
import type { Command } from "commander";
import { categoricalAgreement, measurementAgreement } from "../../app/agreement-analysis.ts";
import { type CsvTable, readCsvTable, requireColumns } from "../../io/csv-table.ts";
import type { KappaWeights } from "../../stats/agreement/index.ts";
import { UsageError } from "../errors.ts";
import { checkFormat, ci, fmt, propText, splitList, writeJson } from "../format/stats.ts";
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
  const {
    categories,
    cases: n,
    percentAgreement: allAgree,
    cohen: pairs,
    fleiss,
  } = categoricalAgreement(table, { readers, weights, categories: given });
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
  const unit = opts.unit ?? "input units";
  const { cases, concordance: ccc, blandAltman: ba } = measurementAgreement(table, [ca, cb]);
  if (format === "json") {
    writeJson({
      file: table.file,
      methods: readers,
      difference: `${ca} − ${cb}`,
      unit,
      cases,
      concordance: ccc,
      blandAltman: ba,
    });
    return;
  }
  const out = [`Measurement agreement · ${table.file} · ${cases} cases · ${ca} vs ${cb} (${unit})`];
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
