// `ranokit workup-eval TABLE.csv --reference COL --marker a,b …`: evaluates the pseudoprogression
// work-up on held-out rows (k-fold cross-validation or a stratified split) and reports the net
// reclassification against the criteria-only decision (src/workup/evaluate.ts). The use case is
// src/app/workup-calibration.ts.
import type { Command } from "commander";
import { evaluateWorkupTable } from "../../app/workup-calibration.ts";
import { readCsvTable } from "../../io/csv-table.ts";
import { REFERENCE_SPELLINGS } from "../../io/reference-table.ts";
import type { Evaluation } from "../../workup/evaluate.ts";
import { UsageError } from "../errors.ts";
import { ci, fmt, splitList } from "../format/stats.ts";
import { type MarkerFlags, markerList, parseFolds } from "./calibrate.ts";
import { targetRule } from "./roc.ts";

export function register(program: Command): void {
  program
    .command("workup-eval")
    .description(
      "evaluate the pseudoprogression work-up on held-out data: AUC, accuracy and NRI vs criteria only",
    )
    .argument("<table>", "CSV: one row per lesion or patient with the outcome and the marker values")
    .requiredOption(
      "--reference <column>",
      `outcome: true progression vs treatment effect (${REFERENCE_SPELLINGS})`,
    )
    .requiredOption("--marker <columns>", "marker columns")
    .option("--direction <dirs>", "higher | lower per marker (default: the known marker's direction)")
    .option("--model-markers <columns>", "markers of the multi-marker model (default: all)")
    .option("--target-sensitivity <p>", "thresholds reaching this sensitivity instead of Youden")
    .option("--target-specificity <p>", "thresholds reaching this specificity instead of Youden")
    .option(
      "--criteria-column <column>",
      "criteria-only call per row (default: every row called progression, as PD-P)",
    )
    .option("--folds <k>", "k-fold cross-validation (default 5)")
    .option(
      "--split <fraction>",
      "hold out this stratified fraction once instead of cross-validating, e.g. 0.3",
    )
    .option("--risk-threshold <p>", "the work-up calls progression at probability ≥ p", "0.5")
    .option("--seed <n>", "seed of the fold / split assignment", "1")
    .option("-f, --format <format>", "table | json", "table")
    .action(
      (
        file: string,
        opts: MarkerFlags & {
          modelMarkers?: string;
          targetSensitivity?: string;
          targetSpecificity?: string;
          criteriaColumn?: string;
          folds?: string;
          split?: string;
          riskThreshold: string;
          seed: string;
          format: string;
        },
      ) => {
        if (opts.format !== "table" && opts.format !== "json")
          throw new UsageError("--format must be table or json");
        if (opts.folds !== undefined && opts.split !== undefined)
          throw new UsageError("give --folds or --split, not both");
        const markers = markerList(opts);
        const rule = targetRule(opts.targetSensitivity, opts.targetSpecificity) ?? {
          kind: "youden" as const,
        };
        const risk = Number(opts.riskThreshold);
        if (!(risk > 0 && risk < 1))
          throw new UsageError(`--risk-threshold must be in (0, 1) (got "${opts.riskThreshold}")`);
        const seed = Number(opts.seed);
        if (!Number.isInteger(seed)) throw new UsageError(`--seed must be an integer (got "${opts.seed}")`);
        let design: Evaluation["design"] = { kind: "cv", folds: parseFolds(opts.folds ?? "5") };
        if (opts.split !== undefined) {
          const f = Number(opts.split);
          if (!(f > 0 && f < 1))
            throw new UsageError(`--split must be a fraction in (0, 1) (got "${opts.split}")`);
          design = { kind: "split", testFraction: f };
        }
        const { evaluation: ev, tableWarnings } = evaluateWorkupTable(readCsvTable(file), {
          reference: opts.reference,
          criteriaColumn: opts.criteriaColumn,
          markers,
          ...(opts.modelMarkers ? { modelMarkers: splitList("--model-markers", opts.modelMarkers) } : {}),
          rule,
          design,
          seed,
          riskThreshold: risk,
        });
        for (const w of [...tableWarnings, ...ev.warnings]) process.stderr.write(`ranokit: warning: ${w}\n`);
        if (opts.format === "json") {
          process.stdout.write(`${JSON.stringify(ev, null, 2)}\n`);
          return;
        }
        const pc = (p: number | null) => (p === null ? "–" : `${(p * 100).toFixed(1)}%`);
        const prop = (p: Evaluation["workup"]["sensitivity"]) =>
          `${pc(p.estimate)} (${p.count}/${p.total}; 95% CI ${pc(p.lower)}–${pc(p.upper)})`;
        const d =
          ev.design.kind === "cv"
            ? `${ev.design.folds}-fold cross-validation`
            : `held-out ${ev.design.testFraction * 100}% split`;
        const nri = ev.nri;
        process.stdout.write(
          `${[
            `Work-up evaluation · ${file} · ${d} (seed ${ev.seed}) · ${ev.heldOut} held-out rows`,
            `  probability from: model ${ev.sources.model}, single marker ${ev.sources.marker}, pre-test only ${ev.sources.pretest}`,
            `  held-out AUC ${fmt(ev.auc.auc)} (${ci(ev.auc.lower, ev.auc.upper)}, DeLong)`,
            `  work-up call (P ≥ ${ev.riskThreshold}): sensitivity ${prop(ev.workup.sensitivity)}, specificity ${prop(ev.workup.specificity)}`,
            `  criteria only${opts.criteriaColumn ? ` (${opts.criteriaColumn})` : " (PD-P called progression)"}: sensitivity ${prop(ev.criteria.sensitivity)}, specificity ${prop(ev.criteria.specificity)}`,
            `  net reclassification: events ${fmt(nri.nriEvents)} (${nri.eventsUp} up, ${nri.eventsDown} down of ${nri.events}), non-events ${fmt(nri.nriNonEvents)} (${nri.nonEventsDown} down, ${nri.nonEventsUp} up of ${nri.nonEvents})`,
            `  NRI ${fmt(nri.nri)} (${ci(nri.lower, nri.upper)}; Pencina 2008${nri.p === null ? "" : `, p ${nri.p < 0.0001 ? "< 0.0001" : `= ${nri.p.toFixed(4)}`}`})`,
          ].join("\n")}\n`,
        );
      },
    );
}
