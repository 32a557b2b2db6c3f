// One line per command module. Each module exports `register(program)`.
import type { Command } from "commander";
import { register as compare } from "./compare.ts";

export type RegisterCommand = (program: Command) => void;

export const commandModules: RegisterCommand[] = [compare];
