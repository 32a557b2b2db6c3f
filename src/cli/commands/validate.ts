// `ranokit validate`: check case documents against the schema and the cross-field rules.
import type { Command } from "commander";
import { formatInputErrors, readCases } from "../../io/read-cases.ts";

export function register(program: Command): void {
  program
    .command("validate")
    .description("validate case documents; every error is listed with its JSON path")
    .argument("[inputs...]", "case .json files, folders, .ndjson files, or - for NDJSON on stdin", ["-"])
    .action(async (inputs: string[]) => {
      const records = await readCases(inputs);
      let invalid = 0;
      for (const record of records) {
        if (record.result.ok) process.stdout.write(`${record.source}: valid\n`);
        else {
          invalid++;
          for (const line of formatInputErrors(record)) process.stdout.write(`${line}\n`);
        }
      }
      process.stdout.write(`${records.length - invalid} valid, ${invalid} invalid\n`);
      if (invalid > 0) process.exitCode = 2;
    });
}
