// `ranokit cohort`: trial endpoints over many cases under one or several criteria sets. The use case
// is src/app/cohort-endpoints.ts; this streams the cases, reports bad records and formats.
import type { Command } from "commander";
import { CohortCollector } from "../../app/cohort-endpoints.ts";
import type { cohortDefaults } from "../../endpoints/cohort.ts";
import { getCriteria } from "../../engine/index.ts";
import { streamCases } from "../../io/read-cases.ts";
import { UsageError } from "../errors.ts";
import { formatSummary, prop } from "../format/cohort-table.ts";
import { outputWidth, plural, wrap } from "../format/layout.ts";
import { legend } from "../format/legend.ts";
import { out, writeJson } from "../output.ts";
import { ProblemReport, validCases } from "../problems.ts";

export function register(program: Command): void {
  program
    .command("cohort")
    .description(
      "best response, ORR/DCR with 95% CI, Kaplan–Meier PFS and DOR, and criteria disagreement for a cohort",
    )
    .argument("[inputs...]", "case .json files, folders, .ndjson files, or - for NDJSON on stdin", ["-"])
    .option("-c, --criteria <ids>", "comma-separated criteria ids", "rano2")
    .option("--ci <method>", "binomial CI: clopper-pearson | wilson", "clopper-pearson")
    .option("--km-ci <type>", "Kaplan–Meier CI transform: log | log-log", "log")
    .option("-f, --format <format>", "table | json", "table")
    .option("--per-patient", "list every patient's endpoints in the table")
    .option("--no-legend", "leave out the legend of abbreviations")
    .action(
      async (
        inputs: string[],
        opts: {
          criteria: string;
          ci: string;
          kmCi: string;
          format: string;
          perPatient?: boolean;
          legend: boolean;
        },
      ) => {
        if (opts.ci !== "clopper-pearson" && opts.ci !== "wilson")
          throw new UsageError(`--ci must be clopper-pearson or wilson`);
        if (opts.kmCi !== "log" && opts.kmCi !== "log-log")
          throw new UsageError(`--km-ci must be log or log-log`);
        if (opts.format !== "table" && opts.format !== "json")
          throw new UsageError(`--format must be table or json`);
        const modules = opts.criteria.split(",").map((id) => getCriteria(id.trim()));
        const cohort = new CohortCollector(modules);
        const report = new ProblemReport();
        // Streamed: only the endpoint fields of each result are kept, never the cases or time points.
        for await (const v of validCases(streamCases(inputs), report)) {
          // An internal error under one criteria set removes the patient from all (same patients).
          let current = "";
          const entries = report.isolate(
            v,
            () => `assessing under ${current}`,
            () =>
              cohort.entries(v.case, (m) => {
                current = m.name;
              }),
          );
          if (entries) cohort.add(v.index, entries);
        }
        if (report.records === 0) return report.finish();
        const invalid = report.invalid + report.failed;
        const options = { ciMethod: opts.ci, kmConfType: opts.kmCi } as typeof cohortDefaults;
        const { summaries, disagreements, excluded } = cohort.result(options);
        if (opts.format === "json") {
          await writeJson({ summaries, disagreements, invalid, excluded });
        } else {
          const width = outputWidth();
          const lines = summaries.flatMap((s) => [...formatSummary(s, opts.perPatient === true, width), ""]);
          for (const m of modules) {
            const x = excluded[m.id]!;
            if (x > 0)
              lines.push(
                ...wrap(
                  `(${plural(x, "case")} not assessed under ${m.name}: tumour type outside its scope)`,
                  width,
                ),
              );
          }
          if (disagreements.length > 0) {
            lines.push("Disagreement between criteria (same patients)");
            for (const d of disagreements) {
              lines.push(
                ...wrap(
                  `${d.a} vs ${d.b} (n = ${d.n}): best response differs ${prop(d.bestResponseDiffers)}; progression date differs ${prop(d.progressionDateDiffers)}`,
                  width,
                  "  ",
                  "    ",
                ),
              );
            }
          }
          if (opts.legend) lines.push(...legend(lines.join("\n"), width, ""));
          await out(`${lines.join("\n")}\n`);
        }
        report.finish();
      },
    );
}
