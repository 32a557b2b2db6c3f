// One line per command module. Each module exports `register(program)`.
import type { Command } from "commander";
import { register as accuracy } from "./accuracy.ts";
import { register as agreement } from "./agreement.ts";
import { register as assess } from "./assess.ts";
import { register as calibrate } from "./calibrate.ts";
import { register as cohort } from "./cohort.ts";
import { register as compare } from "./compare.ts";
import { register as measure } from "./measure.ts";
import { register as pool } from "./pool.ts";
import { register as roc } from "./roc.ts";
import { register as schema } from "./schema.ts";
import { register as sdtm } from "./sdtm.ts";
import { register as track } from "./track.ts";
import { register as validate } from "./validate.ts";
import { register as worklist } from "./worklist.ts";
import { register as workupEval } from "./workup-eval.ts";

export type RegisterCommand = (program: Command) => void;

export const commandModules: RegisterCommand[] = [
  assess,
  compare,
  cohort,
  sdtm,
  validate,
  schema,
  accuracy,
  roc,
  agreement,
  pool,
  measure,
  track,
  calibrate,
  worklist,
  workupEval,
];
