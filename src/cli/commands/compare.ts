// `ranokit compare CASE.json`: every applicable criteria set side by side, one row per date, one column
// per criteria set, with the disagreements marked and explained by the rules that made the difference.
import type { Command } from "commander";
import { comparisonCriteria } from "../../app/assess-case.ts";
import { compareCriteria, getCriteria, parseOptionPairs } from "../../engine/index.ts";
import { streamCases } from "../../io/read-cases.ts";
import { UsageError } from "../errors.ts";
import { formatComparison } from "../format/compare-table.ts";
import { out } from "../output.ts";
import { ProblemReport, validCases } from "../problems.ts";
import { appendWorkup, readWorkupFlags, type WorkupFlags, withWorkupOptions } from "../workup-section.ts";

export function register(program: Command): void {
  const cmd = program
    .command("compare")
    .description("assess one case under every applicable criteria set and show where they disagree")
    .argument("<case>", "case document (JSON; an NDJSON file compares each case in it)")
    .option("-c, --criteria <ids>", "comma-separated criteria ids (default: all that apply to the case)")
    .option("-f, --format <format>", "table | json", "table")
    .option(
      "-o, --option <key=value>",
      "criteria option, repeatable (as for assess; see docs/criteria/rano2.md)",
      (v: string, acc: string[]) => [...acc, v],
      [] as string[],
    )
    .option("--no-legend", "leave out the legend of abbreviations")
    .action(
      async (
        file: string,
        opts: { criteria?: string; format: string; option: string[]; legend: boolean } & WorkupFlags,
      ) => {
        if (opts.format !== "table" && opts.format !== "json")
          throw new UsageError(`--format must be table or json (got "${opts.format}")`);
        const options = parseOptionPairs(opts.option);
        if (!options.ok) throw new UsageError(options.errors.join("; "));
        // Unknown ids are a usage error (exit 2, `ranokit: …`) before any input is read.
        const workup = readWorkupFlags(opts, options.value);
        const fixed = opts.criteria ? opts.criteria.split(",").map((id) => getCriteria(id.trim())) : null;
        const report = new ProblemReport();
        for await (const v of validCases(streamCases([file]), report)) {
          // The same criteria options as assess: each module assesses with them.
          const pick = comparisonCriteria(v.case, fixed, options.value);
          if (!pick.ok) {
            report.reject(v, pick.error.path, pick.error.message);
            continue;
          }
          const comparison = report.isolate(v, "comparing criteria", () =>
            compareCriteria(v.case, pick.modules),
          );
          if (!comparison) continue;
          const w = appendWorkup(v.case, Object.values(comparison.results), workup);
          await out(
            opts.format === "json"
              ? `${JSON.stringify(w.blocks.length > 0 ? { ...comparison, workup: w.blocks } : comparison, null, 2)}\n`
              : `${formatComparison(comparison, { legend: opts.legend })}${w.text ? `\n${w.text}` : ""}`,
          );
        }
        report.finish();
      },
    );
  withWorkupOptions(cmd);
}
