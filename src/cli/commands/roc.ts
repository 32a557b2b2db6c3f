// `ranokit roc`: ROC analysis of one or two continuous markers (e.g. maximum rCBV ratio, ADC) against
// a binary reference standard: AUC with DeLong CI, operating points, paired DeLong test. The use case
// is src/app/roc-analysis.ts; this parses the options and formats the result.
import type { Command } from "commander";
import { rocAnalysis } from "../../app/roc-analysis.ts";
import { readCsvTable } from "../../io/csv-table.ts";
import {
  BINARY_REFERENCE_SPELLINGS,
  type Direction,
  type OperatingPoint,
  type OperatingPointResult,
  type ThresholdRule,
} from "../../stats/roc/index.ts";
import { UsageError } from "../errors.ts";
import { checkFormat, ci, fmt, propText, splitList, writeJson } from "../format/stats.ts";

export function register(program: Command): void {
  program
    .command("roc")
    .description("ROC curve, AUC with DeLong 95% CI, optimal thresholds and paired DeLong test for markers")
    .argument("<file>", "CSV with one row per case")
    .requiredOption("--reference <column>", `binary reference standard (${BINARY_REFERENCE_SPELLINGS})`)
    .requiredOption("--marker <columns>", "one marker column, or two separated by a comma (paired test)")
    .option(
      "--direction <dir>",
      "higher | lower: which marker values indicate a positive case; one per marker allowed (higher,lower)",
      "higher",
    )
    .option("--target-sensitivity <p>", "also report the threshold reaching this sensitivity (0–1)")
    .option("--target-specificity <p>", "also report the threshold reaching this specificity (0–1)")
    .option(
      "--ci <method>",
      "binomial CI for sensitivity/specificity: clopper-pearson | wilson",
      "clopper-pearson",
    )
    .option("--curve", "list every ROC point (table), or include the points in the JSON output")
    .option("-f, --format <format>", "table | json", "table")
    .action(
      (
        file: string,
        opts: {
          reference: string;
          marker: string;
          direction: string;
          targetSensitivity?: string;
          targetSpecificity?: string;
          ci: string;
          curve?: boolean;
          format: string;
        },
      ) => {
        const format = checkFormat(opts.format);
        if (opts.ci !== "clopper-pearson" && opts.ci !== "wilson")
          throw new UsageError("--ci must be clopper-pearson or wilson");
        const ciMethod = opts.ci;
        const markers = splitList("--marker", opts.marker);
        if (markers.length > 2) throw new UsageError("--marker takes one or two columns");
        const directions = parseDirections(opts.direction, markers.length);
        const rule = targetRule(opts.targetSensitivity, opts.targetSpecificity);

        const { markers: results, paired } = rocAnalysis(readCsvTable(file), {
          reference: opts.reference,
          markers,
          directions,
          target: rule,
          ciMethod,
        });

        if (format === "json") {
          // The curve has a point per distinct value (1 M rows → ~200 MB of JSON): only with --curve.
          writeJson({
            file,
            reference: opts.reference,
            markers: opts.curve
              ? results
              : results.map(({ curve, ...r }) => ({
                  ...r,
                  curve: {
                    direction: curve.direction,
                    positives: curve.positives,
                    negatives: curve.negatives,
                  },
                })),
            paired: paired && { markers, ...paired },
          });
          return;
        }
        const first = results[0]!.curve;
        const out = [
          `ROC analysis · ${file} · reference "${opts.reference}" · ${first.positives} positive, ${first.negatives} negative cases`,
        ];
        for (const r of results) {
          out.push(
            "",
            `Marker ${r.marker} (${r.direction} values = positive: a case is positive if marker ${r.direction === "higher" ? "≥" : "≤"} threshold)`,
          );
          out.push(
            `  AUC ${fmt(r.auc.auc)} (${ci(r.auc.lower, r.auc.upper)}, DeLong; SE ${r.auc.se === null ? "undefined: a class has one case" : fmt(r.auc.se)})`,
          );
          if (r.auc.warning) out.push(`  Warning: ${r.auc.warning}`);
          out.push(`  Youden-optimal: ${opText(r.youden, r.direction)}`);
          if (r.target && rule) out.push(`  ${ruleLabel(rule)}: ${opText(r.target, r.direction)}`);
          if (opts.curve) {
            out.push("  threshold   sensitivity  specificity   TP   FP   FN   TN");
            for (const p of r.curve.points) {
              out.push(
                `  ${(p.threshold === null ? "(none)" : String(p.threshold)).padEnd(11)} ${fmt(p.sensitivity).padEnd(12)} ${fmt(p.specificity).padEnd(12)} ${String(p.tp).padStart(4)} ${String(p.fp).padStart(4)} ${String(p.fn).padStart(4)} ${String(p.tn).padStart(4)}`,
              );
            }
          }
        }
        if (paired) {
          out.push(
            "",
            `Paired DeLong test (same ${first.positives + first.negatives} cases): AUC ${markers[0]} − AUC ${markers[1]} = ${fmt(paired.difference)} (${ci(paired.lower, paired.upper)})`,
          );
          out.push(
            paired.z === null
              ? `  z and p undefined: ${paired.note}`
              : `  z = ${fmt(paired.z, 2)}, two-sided ${pValue(paired.p!)}`,
          );
        }
        process.stdout.write(`${out.join("\n")}\n`);
      },
    );
}

export function targetRule(sens?: string, spec?: string): ThresholdRule | null {
  if (sens !== undefined && spec !== undefined)
    throw new UsageError("give --target-sensitivity or --target-specificity, not both");
  const raw = sens ?? spec;
  if (raw === undefined) return null;
  const target = Number(raw);
  if (!(target > 0 && target <= 1))
    throw new UsageError(
      `--target-${sens !== undefined ? "sensitivity" : "specificity"} must be a proportion in (0, 1], e.g. 0.9 (got "${raw}")`,
    );
  return sens !== undefined ? { kind: "sensitivity", target } : { kind: "specificity", target };
}

function ruleLabel(rule: ThresholdRule): string {
  return rule.kind === "youden"
    ? "Youden-optimal"
    : `Target ${rule.kind} ≥ ${(rule.target * 100).toFixed(1)}%`;
}

function opText(r: OperatingPointResult, direction: Direction): string {
  if (!r.ok) return `none (${r.reason})`;
  const p: OperatingPoint = r.point;
  return [
    `threshold ${direction === "higher" ? "≥" : "≤"} ${p.threshold}`,
    `    sensitivity ${propText(p.sensitivity)}`,
    `    specificity ${propText(p.specificity)}`,
    `    accuracy    ${propText(p.accuracy)}; Youden J ${fmt(p.youden)}`,
  ].join("\n");
}

/** "p < 0.0001" or "p = 0.0123". */
export function pValue(p: number): string {
  return p < 0.0001 ? "p < 0.0001" : `p = ${p.toFixed(4)}`;
}

export function parseDirections(raw: string, markers: number): Direction[] {
  const parts = splitList("--direction", raw);
  for (const d of parts)
    if (d !== "higher" && d !== "lower")
      throw new UsageError(`--direction must be higher or lower (got "${d}")`);
  if (parts.length === 1) return Array(markers).fill(parts[0]);
  if (parts.length !== markers)
    throw new UsageError("--direction gives one direction, or one per --marker column");
  return parts as Direction[];
}
