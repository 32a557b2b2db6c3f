// `ranokit compare CASE.json`: every applicable criteria set side by side, one row per date, one column
// per criteria set, with the disagreements marked and explained by the rules that made the difference.
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import {
  applicableCriteria,
  type Case,
  compareCriteria,
  getCriteria,
  parseCaseJson,
  parseOptionPairs,
} from "../../engine/index.ts";
import { formatComparison } from "../format/compare-table.ts";
import { UsageError } from "./assess.ts";

export function register(program: Command): void {
  program
    .command("compare")
    .description("assess one case under every applicable criteria set and show where they disagree")
    .argument("<case>", "case document (JSON)")
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
      (file: string, opts: { criteria?: string; format: string; option: string[]; legend: boolean }) => {
        if (opts.format !== "table" && opts.format !== "json")
          throw new UsageError(`--format must be table or json (got "${opts.format}")`);
        const options = parseOptionPairs(opts.option);
        if (!options.ok) throw new UsageError(options.errors.join("; "));
        let text: string;
        try {
          text = readFileSync(file, "utf8");
        } catch (e) {
          process.stderr.write(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? "error"})\n`);
          process.exitCode = 2;
          return;
        }
        const parsed = parseCaseJson(text);
        if (!parsed.ok) {
          for (const err of parsed.errors) process.stderr.write(`${file}: ${err.path}: ${err.message}\n`);
          process.exitCode = 2;
          return;
        }
        let modules: ReturnType<typeof applicableCriteria>;
        try {
          modules = opts.criteria
            ? opts.criteria.split(",").map((id) => getCriteria(id.trim()))
            : applicableCriteria(parsed.value);
        } catch (e) {
          process.stderr.write(`--criteria: ${(e as Error).message}\n`);
          process.exitCode = 2;
          return;
        }
        if (modules.length === 0) {
          process.stderr.write(`no criteria set applies to tumour type ${parsed.value.patient.tumorType}\n`);
          process.exitCode = 2;
          return;
        }
        // The same criteria options as assess: each module assesses with them.
        const withOptions = modules.map((m) => ({ ...m, assess: (c: Case) => m.assess(c, options.value) }));
        const comparison = compareCriteria(parsed.value, withOptions);
        if (opts.format === "json") process.stdout.write(`${JSON.stringify(comparison, null, 2)}\n`);
        else process.stdout.write(formatComparison(comparison, { legend: opts.legend }));
      },
    );
}
