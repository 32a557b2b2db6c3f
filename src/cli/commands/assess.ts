// `ranokit assess`: assess case documents (files, folders, NDJSON on stdin) under one criteria set.
import type { Command } from "commander";
import { criteriaFor } from "../../app/assess-case.ts";
import { getCriteria, parseOptionPairs } from "../../engine/index.ts";
import { streamCases } from "../../io/read-cases.ts";
import { UsageError } from "../errors.ts";
import { csvHeader, formatCsvRows } from "../format/csv.ts";
import { ansi, formatTable, plain } from "../format/table.ts";
import { JsonArrayWriter, out } from "../output.ts";
import { ProblemReport, validCases } from "../problems.ts";
import { appendWorkup, readWorkupFlags, type WorkupFlags, withWorkupOptions } from "../workup-section.ts";

export const FORMATS = ["table", "json", "ndjson", "csv"] as const;

export function register(program: Command): void {
  const cmd = program
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
        opts: { criteria: string; format: string; option: string[]; legend: boolean } & WorkupFlags,
      ) => {
        if (!(FORMATS as readonly string[]).includes(opts.format)) {
          throw new UsageError(`--format must be one of ${FORMATS.join(", ")} (got "${opts.format}")`);
        }
        const fixed = opts.criteria === "auto" ? null : getCriteria(opts.criteria);
        const options = parseOptionPairs(opts.option);
        if (!options.ok) throw new UsageError(options.errors.join("; "));
        const workup = readWorkupFlags(opts, options.value);
        const style = process.stdout.isTTY && !process.env.NO_COLOR ? ansi : plain;
        const report = new ProblemReport();
        const json = new JsonArrayWriter();
        let csvStarted = false;
        // Read, assess and write one case at a time: memory stays bounded whatever the input size.
        for await (const v of validCases(streamCases(inputs), report)) {
          const c = v.case;
          const pick = criteriaFor(c, fixed);
          if (!pick.ok) {
            report.reject(v, pick.error.path, `${pick.error.message}; not assessed`);
            continue;
          }
          const criteria = pick.criteria;
          const text = report.isolate(v, `assessing under ${criteria.name}`, () => {
            const r = criteria.assess(c, options.value);
            const w = appendWorkup(c, [r], workup);
            if (opts.format === "table")
              return `${formatTable(c, r, style, { legend: opts.legend })}${w.text}\n`;
            if (opts.format === "csv") return formatCsvRows(c, r);
            if (opts.format === "ndjson") return `${JSON.stringify(w.json(r))}\n`;
            return w.json(r);
          });
          if (text === undefined) continue;
          if (opts.format === "csv" && !csvStarted) {
            csvStarted = true;
            await out(csvHeader());
          }
          if (opts.format === "json") await json.push(text);
          else await out(text as string);
        }
        // Nothing at all on stdout when there was no input; a header or [] when every record was invalid.
        if (report.records > 0 && opts.format === "csv" && !csvStarted) await out(csvHeader());
        if (report.records > 0 && opts.format === "json") await json.end();
        report.finish();
      },
    );
  withWorkupOptions(cmd);
}
