// Entry point of the `ranokit` command; the program, its lazy command modules and its exit codes are
// in ./run.ts. No top-level await: the bundle must also build as CommonJS (the code-cached start-up,
// decision 0012).
import { endQuietlyOnClosedPipe } from "./output.ts";
import { runCli } from "./run.ts";

// A closed pipe (`ranokit assess … | head`) ends the process quietly, like any Unix tool.
endQuietlyOnClosedPipe();
void runCli(process.argv);
