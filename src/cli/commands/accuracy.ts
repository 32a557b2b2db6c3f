// `ranokit accuracy`: diagnostic accuracy of index tests against a reference standard from a CSV of
// per-case (lesion or patient) results; patient level from lesion rows, combination rules, paired
// McNemar comparisons. The use case is src/app/accuracy-analysis.ts; see docs/statistics-accuracy.md.
import type { Command } from "commander";
import { accuracyAnalysis } from "../../app/accuracy-analysis.ts";
import { notDecimalReason, readCsvTable } from "../../io/csv-table.ts";
import { UsageError } from "../errors.ts";
import { formatAccuracyReport } from "../format/accuracy.ts";

interface AccuracyOpts {
  reference: string;
  tests: string;
  level: string;
  patientColumn?: string;
  combine: string[];
  ci: string;
  confLevel: string;
  compare: string[];
  clusterRobust?: boolean;
  format: string;
}

const collect = (v: string, acc: string[]) => [...acc, v];
const list = (s: string) =>
  s
    .split(",")
    .map((x) => x.trim())
    .filter((x) => x !== "");

export function register(program: Command): void {
  program
    .command("accuracy")
    .description(
      "diagnostic accuracy (2×2 tables, sensitivity, specificity, PPV, NPV, accuracy, LRs with CIs) and McNemar comparisons",
    )
    .argument("<file>", "CSV with one row per case (lesion or patient)")
    .requiredOption(
      "--reference <column>",
      "reference-standard column (1/0, pos/neg, positive/negative, true/false, yes/no)",
    )
    .requiredOption("--tests <columns>", "comma-separated index-test columns, e.g. CT,PET,MR")
    .option("--level <level>", "lesion | patient (patient: positive when any of its lesions is)", "lesion")
    .option(
      "--patient-column <column>",
      "patient id column (needed for --level patient and --cluster-robust)",
    )
    .option(
      "--combine <rule>",
      'combination rule, repeatable: "PET|MR" (either positive) or "PET&MR" (both)',
      collect,
      [],
    )
    .option("--ci <method>", "binomial CI: wilson | clopper-pearson", "wilson")
    .option("--conf-level <p>", "confidence level of the intervals, between 0.5 and 1", "0.95")
    .option("--compare <A,B>", "McNemar comparison of two tests or rules, repeatable", collect, [])
    .option("--cluster-robust", "lesion level: cluster-robust intervals with patients as clusters")
    .option("-f, --format <format>", "table | json", "table")
    .action((file: string, opts: AccuracyOpts) => {
      if (opts.level !== "lesion" && opts.level !== "patient")
        throw new UsageError(`--level must be lesion or patient (got "${opts.level}")`);
      if (opts.ci !== "wilson" && opts.ci !== "clopper-pearson")
        throw new UsageError(`--ci must be wilson or clopper-pearson (got "${opts.ci}")`);
      if (opts.format !== "table" && opts.format !== "json")
        throw new UsageError(`--format must be table or json (got "${opts.format}")`);
      if (opts.level === "patient" && !opts.patientColumn)
        throw new UsageError("--level patient needs --patient-column");
      if (opts.clusterRobust && !opts.patientColumn)
        throw new UsageError("--cluster-robust needs --patient-column");
      if (opts.clusterRobust && opts.level !== "lesion")
        throw new UsageError("--cluster-robust applies to --level lesion only");
      const confidence = notDecimalReason(opts.confLevel) === null ? Number(opts.confLevel) : Number.NaN;
      if (!(confidence >= 0.5 && confidence < 1))
        throw new UsageError(`--conf-level must be a number in [0.5, 1) (got "${opts.confLevel}")`);
      const tests = list(opts.tests);
      if (tests.length === 0) throw new UsageError("--tests names no column");
      const comparisons = opts.compare.map((c) => {
        const pair = list(c);
        if (pair.length !== 2)
          throw new UsageError(`--compare takes two names separated by a comma (got "${c}")`);
        return [pair[0]!, pair[1]!] as const;
      });
      const report = accuracyAnalysis(readCsvTable(file), {
        reference: opts.reference,
        tests,
        patientColumn: opts.patientColumn,
        combinations: opts.combine,
        level: opts.level,
        ciMethod: opts.ci,
        confidence,
        comparisons,
        clusterRobust: opts.clusterRobust === true,
      });
      if (opts.format === "json") {
        const input = {
          file,
          reference: opts.reference,
          tests,
          combinations: opts.combine,
          patientColumn: opts.patientColumn ?? null,
        };
        process.stdout.write(`${JSON.stringify({ input, ...report }, null, 2)}\n`);
      } else process.stdout.write(formatAccuracyReport(report, opts.reference));
    });
}
