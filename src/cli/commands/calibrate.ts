// `ranokit calibrate TABLE.csv --reference COL --marker a,b --direction higher,lower -o cal.json`:
// site calibration of the pseudoprogression work-up (src/workup/calibrate.ts) from a reference table.
// Same flags as `ranokit roc`; writes a versioned calibration file and prints a summary. The use case
// is src/app/workup-calibration.ts.
import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import { calibrateWorkup } from "../../app/workup-calibration.ts";
import { readCsvTable } from "../../io/csv-table.ts";
import { REFERENCE_SPELLINGS } from "../../io/reference-table.ts";
import type { Direction } from "../../stats/roc/index.ts";
import type { CalibrationFile } from "../../workup/calibration-file.ts";
import { markerDef } from "../../workup/markers.ts";
import { UsageError } from "../errors.ts";
import { ci, fmt, splitList } from "../format/stats.ts";
import { parseDirections, targetRule } from "./roc.ts";

export const SOFTWARE = "ranokit 0.1.0";

export interface MarkerFlags {
  reference: string;
  marker: string;
  direction?: string;
}

/** Markers with their directions: given, or the known marker's own (rCBV higher, ADC lower …). */
export function markerList(opts: MarkerFlags): { id: string; direction: Direction }[] {
  const ids = splitList("--marker", opts.marker);
  if (new Set(ids).size !== ids.length) throw new UsageError("--marker lists a column twice");
  const dirs: Direction[] = opts.direction
    ? parseDirections(opts.direction, ids.length)
    : ids.map((id) => {
        const d = markerDef(id);
        if (!d) throw new UsageError(`--direction is needed for ${id} (not a known advanced-imaging marker)`);
        return d.direction;
      });
  return ids.map((id, k) => ({ id, direction: dirs[k]! }));
}

export function parseFolds(raw: string): number {
  const k = Number(raw);
  if (!Number.isInteger(k) || k < 2 || k > 20)
    throw new UsageError(`--folds must be an integer 2–20 (got "${raw}")`);
  return k;
}

export function register(program: Command): void {
  program
    .command("calibrate")
    .description(
      "calibrate the pseudoprogression work-up on the site's own reference table (thresholds, LRs, model)",
    )
    .argument("<table>", "CSV: one row per lesion or patient with the outcome and the marker values")
    .requiredOption(
      "--reference <column>",
      `outcome: true progression vs treatment effect (${REFERENCE_SPELLINGS})`,
    )
    .requiredOption("--marker <columns>", "marker columns, e.g. dsc_rcbv_max_ratio,adc_min_um2_per_s")
    .option("--direction <dirs>", "higher | lower per marker (default: the known marker's direction)")
    .option("--target-sensitivity <p>", "threshold reaching this sensitivity (0–1) instead of Youden")
    .option("--target-specificity <p>", "threshold reaching this specificity (0–1) instead of Youden")
    .option(
      "--ci <method>",
      "binomial CI for sensitivity/specificity: clopper-pearson | wilson",
      "clopper-pearson",
    )
    .option("--model-markers <columns>", "markers of the multi-marker model (default: all --marker columns)")
    .option("--folds <k>", "cross-validation folds for the model", "5")
    .option("--seed <n>", "seed of the fold assignment", "1")
    .option("--site <text>", "site name, written to the calibration file")
    .option("--protocol <text>", "acquisition and post-processing notes, written to the calibration file")
    .option("--date <YYYY-MM-DD>", "calibration date (default: today, UTC)")
    .requiredOption("-o, --output <file>", "calibration file to write (JSON)")
    .option("-f, --format <format>", "summary on stdout: table | json", "table")
    .action(
      (
        file: string,
        opts: MarkerFlags & {
          targetSensitivity?: string;
          targetSpecificity?: string;
          ci: string;
          folds: string;
          modelMarkers?: string;
          seed: string;
          site?: string;
          protocol?: string;
          date?: string;
          output: string;
          format: string;
        },
      ) => {
        if (opts.ci !== "clopper-pearson" && opts.ci !== "wilson")
          throw new UsageError("--ci must be clopper-pearson or wilson");
        if (opts.format !== "table" && opts.format !== "json")
          throw new UsageError("--format must be table or json");
        const markers = markerList(opts);
        const rule = targetRule(opts.targetSensitivity, opts.targetSpecificity) ?? {
          kind: "youden" as const,
        };
        const folds = parseFolds(opts.folds);
        const seed = Number(opts.seed);
        if (!Number.isInteger(seed)) throw new UsageError(`--seed must be an integer (got "${opts.seed}")`);
        const createdOn = opts.date ?? new Date().toISOString().slice(0, 10);
        if (!/^\d{4}-\d{2}-\d{2}$/.test(createdOn))
          throw new UsageError(`--date must be YYYY-MM-DD (got "${createdOn}")`);
        const cal = calibrateWorkup(readCsvTable(file), {
          reference: opts.reference,
          markers,
          ...(opts.modelMarkers ? { modelMarkers: splitList("--model-markers", opts.modelMarkers) } : {}),
          rule,
          ciMethod: opts.ci,
          folds,
          seed,
          meta: {
            createdOn,
            software: SOFTWARE,
            source: file,
            ...(opts.site ? { site: opts.site } : {}),
            ...(opts.protocol ? { protocol: opts.protocol } : {}),
          },
        });
        writeFileSync(opts.output, `${JSON.stringify(cal, null, 2)}\n`);
        for (const w of cal.warnings) process.stderr.write(`ranokit: warning: ${w}\n`);
        if (opts.format === "json") process.stdout.write(`${JSON.stringify(cal, null, 2)}\n`);
        else process.stdout.write(formatCalibration(cal, opts.output));
      },
    );
}

const pc = (p: number | null) => (p === null ? "–" : `${(p * 100).toFixed(1)}%`);

export function formatCalibration(cal: CalibrationFile, output: string): string {
  const out = [
    `Calibration · ${cal.source} · ${cal.n} rows: ${cal.positives} true progression, ${cal.negatives} treatment effect (prevalence ${pc(cal.prevalence.estimate)}, 95% CI ${pc(cal.prevalence.lower)}–${pc(cal.prevalence.upper)})`,
  ];
  for (const m of cal.markers) {
    const lr = (x: CalibrationFile["markers"][number]["lrPositive"]) =>
      x.estimate === null
        ? `undefined (${x.undefinedReason})`
        : `${fmt(x.estimate, 2)} (${ci(x.lower, x.upper, 2)})`;
    out.push(
      "",
      `  ${m.id} (${m.direction} = tumour; n = ${m.n}): threshold ${m.direction === "higher" ? "≥" : "≤"} ${m.threshold} (${m.rule})`,
      `    sensitivity ${pc(m.sensitivity.estimate)} (${m.tp}/${m.positives}; 95% CI ${pc(m.sensitivity.lower)}–${pc(m.sensitivity.upper)}), specificity ${pc(m.specificity.estimate)} (${m.tn}/${m.negatives}; 95% CI ${pc(m.specificity.lower)}–${pc(m.specificity.upper)})`,
      `    LR+ ${lr(m.lrPositive)}, LR− ${lr(m.lrNegative)}; AUC ${fmt(m.auc.estimate)} (${ci(m.auc.lower, m.auc.upper)}, DeLong)`,
    );
  }
  const md = cal.model;
  if (md) {
    out.push(
      "",
      `  Model: ridge logistic on ${md.markers.join(", ")} (${md.n} complete rows, λ = ${md.lambda})`,
      `    logit P(true progression) = ${fmt(md.intercept, 4)}${md.coefficients.map((c, j) => ` ${c < 0 ? "−" : "+"} ${fmt(Math.abs(c), 6)}·${md.markers[j]}`).join("")}`,
      `    cross-validated AUC ${fmt(md.crossValidated.auc)} (${ci(md.crossValidated.lower, md.crossValidated.upper)}, DeLong; ${md.crossValidated.folds}-fold nested, seed ${md.crossValidated.seed}); apparent (in-sample) ${fmt(md.apparentAuc)}`,
    );
  } else out.push("", "  Model: not fitted (see warnings)");
  out.push("", `Wrote ${output} (format ${cal.format} v${cal.version}, ${cal.software}, ${cal.createdOn})`);
  return `${out.join("\n")}\n`;
}
