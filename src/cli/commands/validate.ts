// `ranokit validate`: check case documents against the schema, the plausibility bounds and the
// cross-field rules. Problems go to stderr in the common format (`source: JSON path: problem`), the
// valid sources and the count to stdout; exit 2 when any record is invalid.
import type { Command } from "commander";
import { streamCases } from "../../io/read-cases.ts";
import { out } from "../output.ts";
import { ProblemReport } from "../problems.ts";

export function register(program: Command): void {
  program
    .command("validate")
    .description("validate case documents; every error is listed on stderr with its source and JSON path")
    .argument("[inputs...]", "case .json files, folders, .ndjson files, or - for NDJSON on stdin", ["-"])
    .action(async (inputs: string[]) => {
      const report = new ProblemReport();
      for await (const record of streamCases(inputs)) {
        if (report.accept(record)) await out(`${record.source}: valid\n`);
      }
      if (report.records > 0)
        await out(`${report.records - report.invalid} valid, ${report.invalid} invalid\n`);
      report.finish();
    });
}
