// Entry point of the `ranokit` command. Each command lives in its own module under ./commands and
// registers itself; this file loads only the module of the command being run (start-up time, decision
// 0012) and turns errors into exit codes: 0 success, 2 invalid input or usage (all problems listed),
// 1 internal error (one line; the stack only with RANOKIT_DEBUG=1).
import { Command, CommanderError } from "commander";
import { modulesFor } from "./commands/index.ts";

const program = new Command("ranokit")
  .description("RANOkit: imaging response assessment in neuro-oncology")
  .version("0.1.0")
  .showHelpAfterError()
  .exitOverride();

// No top-level await: the bundle must also build as CommonJS (the code-cached start-up, decision 0012).
async function main(): Promise<void> {
  try {
    for (const m of modulesFor(process.argv.slice(2))) (await m.load()).register(program);
    await program.parseAsync(process.argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      process.exitCode = e.exitCode === 0 ? 0 : 2;
    } else if (await isInputError(e)) {
      process.stderr.write(`ranokit: ${(e as Error).message}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`ranokit: internal error: ${(e as Error).message}\n`);
      if (process.env.RANOKIT_DEBUG) process.stderr.write(`${(e as Error).stack}\n`);
      process.exitCode = 1;
    }
  }
}

void main();

/** Errors that mean bad input or usage (exit 2). Loaded only on the error path. */
async function isInputError(e: unknown): Promise<boolean> {
  const [{ UnknownCriteriaError }, { ImagingInputError }, { TableError }, { SourceError }, { UsageError }] =
    await Promise.all([
      import("../engine/index.ts"),
      import("../imaging/errors.ts"),
      import("../io/csv-table.ts"),
      import("../io/read-cases.ts"),
      import("./commands/assess.ts"),
    ]);
  return [SourceError, UnknownCriteriaError, UsageError, TableError, ImagingInputError].some(
    (type) => e instanceof type,
  );
}
