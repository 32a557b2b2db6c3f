// `ranokit assess`: assess case documents (files, folders, NDJSON on stdin) under one criteria set.
import type { Command } from "commander";
import { getCriteria, parseOptionPairs, recommendedCriteria } from "../../engine/index.ts";
import { readCases } from "../../io/read-cases.ts";
import { csvHeader, formatCsvRows } from "../format/csv.ts";
import { ansi, formatTable, plain } from "../format/table.ts";
import { validCases } from "../valid-cases.ts";

export const FORMATS = ["table", "json", "ndjson", "csv"] as const;

export function register(program: Command): void {
  program
    .command("assess")
    .description("assess case documents and print per-time-point categories and endpoints")
    .argument("[inputs...]", "case .json files, folders, .ndjson files, or - for NDJSON on stdin", ["-"])
    .option(
      "-c, --criteria <id>",
      "criteria set: auto (RANO 2.0 for gliomas, RANO-BM, RANO-LM by tumour type), rano2, hgg, mrano, irano, lgg, bm, rano-lm",
      "auto",
    )
    .option("-f, --format <format>", `output format: ${FORMATS.join(" | ")}`, "table")
    .option(
      "-o, --option <key=value>",
      "criteria option, repeatable (e.g. confirmPolicy=persistence; see docs/criteria/rano2.md)",
      (v: string, acc: string[]) => [...acc, v],
      [] as string[],
    )
    .option("--no-legend", "leave out the legend of abbreviations under each table")
    .action(
      async (
        inputs: string[],
        opts: { criteria: string; format: string; option: string[]; legend: boolean },
      ) => {
        if (!(FORMATS as readonly string[]).includes(opts.format)) {
          throw new UsageError(`--format must be one of ${FORMATS.join(", ")} (got "${opts.format}")`);
        }
        const fixed = opts.criteria === "auto" ? null : getCriteria(opts.criteria);
        const options = parseOptionPairs(opts.option);
        if (!options.ok) throw new UsageError(options.errors.join("; "));
        const records = await readCases(inputs);
        const style = process.stdout.isTTY && !process.env.NO_COLOR ? ansi : plain;
        const results: unknown[] = [];
        if (opts.format === "csv") process.stdout.write(csvHeader());
        for (const { case: c } of validCases(records)) {
          const r = (fixed ?? recommendedCriteria(c)).assess(c, options.value);
          if (opts.format === "table")
            process.stdout.write(`${formatTable(c, r, style, { legend: opts.legend })}\n`);
          else if (opts.format === "csv") process.stdout.write(formatCsvRows(c, r));
          else if (opts.format === "ndjson") process.stdout.write(`${JSON.stringify(r)}\n`);
          else results.push(r);
        }
        if (opts.format === "json") process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
      },
    );
}

/** Bad command-line usage: exit code 2 with a one-line message. */
export class UsageError extends Error {}
