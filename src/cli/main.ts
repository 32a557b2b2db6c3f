// Entry point of the `ranokit` command. Each command lives in its own module under ./commands
// and registers itself on the program; this file only wires them together.
import { Command } from "commander";
import { commandModules } from "./commands/index.ts";

const program = new Command("ranokit")
  .description("RANOkit: imaging response assessment in neuro-oncology")
  .version("0.1.0")
  .showHelpAfterError();

for (const register of commandModules) register(program);

await program.parseAsync(process.argv);
