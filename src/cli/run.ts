// The `ranokit` command as a function: builds the program from the command modules and turns errors
// into exit codes — 0 success, 2 invalid input or usage (all problems listed), 1 internal error (one
// line; the stack only with RANOKIT_DEBUG=1). A fresh program per call, so the fuzzer (fuzz/) can run
// the real CLI path in-process many times; src/cli/main.ts is the process entry.
import { Command, CommanderError } from "commander";
import { UnknownCriteriaError } from "../engine/index.ts";
import { ImagingInputError } from "../imaging/errors.ts";
import { TableError } from "../io/csv-table.ts";
import { SourceError } from "../io/read-cases.ts";
import { UsageError } from "./commands/assess.ts";
import { commandModules } from "./commands/index.ts";

/** Runs one command line (`argv` as in process.argv: node, script, args…); sets process.exitCode. */
export async function runCli(argv: readonly string[]): Promise<void> {
  const program = new Command("ranokit")
    .description("RANOkit: imaging response assessment in neuro-oncology")
    .version("0.1.0")
    .showHelpAfterError()
    .exitOverride();

  for (const register of commandModules) register(program);

  try {
    await program.parseAsync([...argv]);
  } catch (e) {
    if (e instanceof CommanderError) {
      process.exitCode = e.exitCode === 0 ? 0 : 2;
    } else if (
      e instanceof SourceError ||
      e instanceof UnknownCriteriaError ||
      e instanceof UsageError ||
      e instanceof TableError ||
      e instanceof ImagingInputError
    ) {
      process.stderr.write(`ranokit: ${e.message}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`ranokit: internal error: ${(e as Error).message}\n`);
      if (process.env.RANOKIT_DEBUG) process.stderr.write(`${(e as Error).stack}\n`);
      process.exitCode = 1;
    }
  }
}
