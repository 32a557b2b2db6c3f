// `ranokit worklist`: every patient with an open PD-P / IND, the date from which the confirming scan
// can decide (and the rule that sets it), and the pseudoprogression work-up summary. The use case is
// src/app/worklist.ts.
import type { Command } from "commander";
import { byConfirmationDue, caseWorklistEntry, isIsoDay } from "../../app/worklist.ts";
import { getCriteria, parseOptionPairs, recommendedCriteria } from "../../engine/index.ts";
import { streamCases } from "../../io/read-cases.ts";
import type { WorklistEntry } from "../../workup/worklist.ts";
import { UsageError } from "../errors.ts";
import { outputWidth, wrap } from "../format/layout.ts";
import { ProblemReport, validCases } from "../problems.ts";
import { readWorkupFlags, type WorkupFlags, withWorkupOptions } from "../workup-section.ts";

export function register(program: Command): void {
  const cmd = program
    .command("worklist")
    .description("patients with an open PD-P / IND: when the confirming scan is due, and the work-up summary")
    .argument("[inputs...]", "case .json files, folders, .ndjson files, or - for NDJSON on stdin", ["-"])
    .option("-c, --criteria <id>", "criteria set (auto = recommended per tumour type)", "auto")
    .option(
      "-o, --option <key=value>",
      "criteria option, repeatable (e.g. confirmMinDays=56)",
      (v: string, acc: string[]) => [...acc, v],
      [] as string[],
    )
    .option("--as-of <YYYY-MM-DD>", "date the list is for (default: today, UTC)")
    .option("-f, --format <format>", "table | json", "table")
    .action(
      async (
        inputs: string[],
        opts: { criteria: string; option: string[]; asOf?: string; format: string } & WorkupFlags,
      ) => {
        if (opts.format !== "table" && opts.format !== "json")
          throw new UsageError("--format must be table or json");
        const asOf = opts.asOf ?? new Date().toISOString().slice(0, 10);
        if (!isIsoDay(asOf)) throw new UsageError(`--as-of must be YYYY-MM-DD (got "${asOf}")`);
        const fixed = opts.criteria === "auto" ? null : getCriteria(opts.criteria);
        const options = parseOptionPairs(opts.option);
        if (!options.ok) throw new UsageError(options.errors.join("; "));
        const workup = readWorkupFlags(
          { ...opts, workup: opts.workup === "auto" ? "on" : opts.workup },
          options.value,
        );
        const entries: WorklistEntry[] = [];
        const report = new ProblemReport();
        for await (const v of validCases(streamCases(inputs), report)) {
          const c = v.case;
          // One patient's internal error is that patient's entry on stderr; the list goes on.
          const e = report.isolate(v, "building the worklist", () =>
            caseWorklistEntry(c, fixed ?? recommendedCriteria(c), {
              options: options.value,
              workup: workup.when === "off" ? null : workup,
              confirmMinDays: workup.confirmMinDays,
              asOf,
            }),
          );
          if (e) entries.push(e);
        }
        report.finish();
        entries.sort(byConfirmationDue);
        if (opts.format === "json") {
          process.stdout.write(`${JSON.stringify({ asOf, entries }, null, 2)}\n`);
          return;
        }
        const out = [`Worklist as of ${asOf}: ${entries.length} open PD-P / IND`];
        for (const e of entries) {
          const due =
            e.dueFrom === null
              ? "no date"
              : `${e.dueFrom} (${e.due === "due" ? "due now" : `in ${e.daysUntilDue} days`})`;
          out.push(
            `  ${e.patientId}  ${e.label} ${e.date} · ${e.criteria} · confirming scan from ${due} · ${e.rules.join(", ")}`,
          );
          if (e.nextAction) out.push(`      next: ${e.nextAction}`);
          out.push(`      work-up: ${e.workup}`);
        }
        const width = outputWidth();
        const lines = out.flatMap((l) => {
          const indent = /^ */.exec(l)![0];
          return l.length <= width ? [l] : wrap(l.slice(indent.length), width, indent, `${indent}    `);
        });
        process.stdout.write(`${lines.join("\n")}\n`);
      },
    );
  withWorkupOptions(cmd);
}
