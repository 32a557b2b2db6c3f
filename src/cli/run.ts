// The `ranokit` command as a function: loads only the module of the command being run (start-up
// time, decision 0012) and turns errors into exit codes — 0 success, 2 invalid input or usage (all
// problems listed), 1 internal error (one line; the stack only with RANOKIT_DEBUG=1). A fresh program
// per call, so the fuzzer (fuzz/, decision 0011) runs the real CLI path in-process many times;
// src/cli/main.ts is the process entry.
import { Command, CommanderError } from "commander";
import { commandModules, modulesFor } from "./commands/index.ts";
import { serverCommands } from "./server/index.ts";

/** Runs one command line (`argv` as in process.argv: node, script, args…); sets process.exitCode. */
export async function runCli(argv: readonly string[]): Promise<void> {
  const program = new Command("ranokit")
    .description("RANOkit: imaging response assessment in neuro-oncology")
    .version("0.1.0")
    .showHelpAfterError()
    .exitOverride();

  try {
    const args = argv.slice(2);
    const server = serverCommands.find((m) => m.name === args[0]);
    const modules = server ? [server] : modulesFor(args);
    const all = modules.length === commandModules.length;
    for (const m of all ? [...modules, ...serverCommands] : modules) (await m.load()).register(program);
    await program.parseAsync([...argv]);
  } catch (e) {
    if (e instanceof CommanderError) {
      process.exitCode = e.exitCode === 0 ? 0 : 2;
    } else if (await isInputError(e)) {
      process.stderr.write(`ranokit: ${await inputErrorMessage(e as Error)}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`ranokit: internal error: ${(e as Error).message}\n`);
      if (process.env.RANOKIT_DEBUG) process.stderr.write(`${(e as Error).stack}\n`);
      process.exitCode = 1;
    }
  }
}

/** Errors that mean bad input or usage (exit 2). Loaded only on the error path. */
async function isInputError(e: unknown): Promise<boolean> {
  const [
    { UnknownCriteriaError },
    { ImagingInputError },
    { TableError },
    { UsageError },
    { AnalysisInputError },
  ] = await Promise.all([
    import("../engine/index.ts"),
    import("../imaging/errors.ts"),
    import("../io/csv-table.ts"),
    import("./errors.ts"),
    import("../app/errors.ts"),
  ]);
  return [UnknownCriteriaError, UsageError, TableError, ImagingInputError, AnalysisInputError].some(
    (type) => e instanceof type,
  );
}

/** The one-line (or one line per problem) message of an input error. */
async function inputErrorMessage(e: Error): Promise<string> {
  const [{ AnalysisInputError }, { problemLines }] = await Promise.all([
    import("../app/errors.ts"),
    import("./format/stats.ts"),
  ]);
  return e instanceof AnalysisInputError ? problemLines(e.problems) : e.message;
}
