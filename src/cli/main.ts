// Entry point of the `ranokit` command; the program, its lazy command modules and its exit codes are
// in ./run.ts.
import { runCli } from "./run.ts";

await runCli(process.argv);
