// One line per command: its name and how to load its module. Each module exports `register(program)`.
// Modules are loaded only when needed (main.ts): `ranokit assess …` loads the assess module and what it
// imports, never the imaging or statistics code, so a command starts in about the time Node needs.
import type { Command } from "commander";

export type RegisterCommand = (program: Command) => void;

export interface CommandModule {
  name: string;
  load: () => Promise<{ register: RegisterCommand }>;
}

export const commandModules: CommandModule[] = [
  { name: "assess", load: () => import("./assess.ts") },
  { name: "compare", load: () => import("./compare.ts") },
  { name: "cohort", load: () => import("./cohort.ts") },
  { name: "sdtm", load: () => import("./sdtm.ts") },
  { name: "validate", load: () => import("./validate.ts") },
  { name: "schema", load: () => import("./schema.ts") },
  { name: "accuracy", load: () => import("./accuracy.ts") },
  { name: "roc", load: () => import("./roc.ts") },
  { name: "agreement", load: () => import("./agreement.ts") },
  { name: "pool", load: () => import("./pool.ts") },
  { name: "measure", load: () => import("./measure.ts") },
  { name: "track", load: () => import("./track.ts") },
  { name: "sr", load: () => import("./sr.ts") },
  { name: "import-sr", load: () => import("./import-sr.ts") },
  { name: "qc", load: () => import("./qc.ts") },
];

/**
 * The modules to register for these arguments: only the named command's when the first argument names
 * one, none for `--version`, every module otherwise (help, the command list, an unknown command's
 * suggestion).
 */
export function modulesFor(args: ReadonlyArray<string>): CommandModule[] {
  if (args[0] === "--version" || args[0] === "-V") return [];
  const named = commandModules.find((m) => m.name === args[0]);
  return named ? [named] : commandModules;
}
