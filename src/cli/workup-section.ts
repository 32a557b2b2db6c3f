// Shared by `assess`, `compare` and `worklist`: the work-up options (--calibration, --pretest,
// --workup) and reading the calibration file, with errors that name the file and JSON path.
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import type { Case, PatientResult, TimelineOptions } from "../engine/index.ts";
import { parseCalibration } from "../workup/calibration-file.ts";
import { type WorkupBlock, type WorkupOptions, workupForCase } from "../workup/workup.ts";
import { UsageError } from "./errors.ts";
import { formatWorkup } from "./format/workup.ts";

export interface WorkupFlags {
  calibration?: string;
  pretest?: string;
  workup: string;
}

export type ResolvedWorkup = WorkupOptions & { when: "auto" | "on" | "off" };

export function withWorkupOptions(cmd: Command): Command {
  return cmd
    .option(
      "--calibration <file>",
      "site calibration from `ranokit calibrate` for the pseudoprogression work-up",
    )
    .option("--pretest <p>", "pre-test probability of true progression (0–1) for the work-up")
    .option(
      "--workup <when>",
      "pseudoprogression work-up: auto (when the case has advanced imaging or --calibration is given) | on | off",
      "auto",
    );
}

/** Reads the flags; the criteria options supply confirmMinDays (RANO2-CONF-4) for the recommendation. */
export function readWorkupFlags(
  flags: WorkupFlags,
  criteriaOptions?: Partial<TimelineOptions>,
): ResolvedWorkup {
  if (!["auto", "on", "off"].includes(flags.workup))
    throw new UsageError(`--workup must be auto, on or off (got "${flags.workup}")`);
  let pretest: number | undefined;
  if (flags.pretest !== undefined) {
    pretest = Number(flags.pretest);
    if (!(pretest > 0 && pretest < 1))
      throw new UsageError(
        `--pretest must be a probability between 0 and 1, e.g. 0.6 (got "${flags.pretest}")`,
      );
  }
  let calibration: WorkupOptions["calibration"] = null;
  if (flags.calibration) {
    let text: string;
    try {
      text = readFileSync(flags.calibration, "utf8");
    } catch (e) {
      throw new UsageError(
        `${flags.calibration}: cannot read (${(e as NodeJS.ErrnoException).code ?? "error"})`,
      );
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new UsageError(`${flags.calibration}: invalid JSON: ${(e as Error).message}`);
    }
    const parsed = parseCalibration(json);
    if (!parsed.ok) throw new UsageError(parsed.errors.map((m) => `${flags.calibration}: ${m}`).join("\n"));
    calibration = parsed.value;
  }
  return {
    when: flags.workup as "auto" | "on" | "off",
    calibration,
    ...(pretest !== undefined ? { pretest } : {}),
    ...(criteriaOptions?.confirmMinDays !== undefined
      ? { confirmMinDays: criteriaOptions.confirmMinDays }
      : {}),
  };
}

/** Whether a case gets the work-up under --workup auto|on|off. */
export function wantsWorkup(c: Case, o: { when: string; calibration: unknown }): boolean {
  if (o.when === "off") return false;
  if (o.when === "on" || o.calibration) return true;
  return (
    c.assessments.some((a) => a.lesions.some((l) => l.advancedImaging)) || c.patient.molecular !== undefined
  );
}

/** The work-up of one case as text (a separate section after the table) and as a JSON add-on. */
export function appendWorkup(
  c: Case,
  results: readonly PatientResult[],
  o: ResolvedWorkup,
): { blocks: WorkupBlock[]; text: string; json: (r: PatientResult) => unknown } {
  const blocks = wantsWorkup(c, o) ? workupForCase(c, results, o) : [];
  return {
    blocks,
    text: formatWorkup(blocks),
    json: (r) => (blocks.length > 0 ? { ...r, workup: blocks } : r),
  };
}
