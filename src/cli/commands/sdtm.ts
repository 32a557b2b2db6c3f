// `ranokit sdtm`: CDISC SDTM TU/TR/RS and ADaM-style ADRS/ADTTE as CSV files.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { SdtmCollector } from "../../app/sdtm-export.ts";
import { getCriteria, recommendedCriteria } from "../../engine/index.ts";
import { streamCases } from "../../io/read-cases.ts";
import { datasetCsv } from "../../io/sdtm.ts";
import { UsageError } from "../errors.ts";
import { ProblemReport, validCases } from "../problems.ts";

export function register(program: Command): void {
  program
    .command("sdtm")
    .description("export CDISC SDTM TU, TR, RS and ADaM-style ADRS, ADTTE (CSV) for the assessed cases")
    .argument(
      "[inputs...]",
      "case .json files, folders, .ndjson files, CSV folders, or - for NDJSON on stdin",
      ["-"],
    )
    .requiredOption("--out <dir>", "output folder")
    .option("-c, --criteria <id>", "criteria set (auto = reference criteria for the tumour type)", "auto")
    .option("--study <id>", "STUDYID", "RANOKIT")
    .option("--evaluator <who>", "investigator | independent", "investigator")
    .action(
      async (inputs: string[], opts: { out: string; criteria: string; study: string; evaluator: string }) => {
        if (opts.evaluator !== "investigator" && opts.evaluator !== "independent") {
          throw new UsageError("--evaluator must be investigator or independent");
        }
        const fixed = opts.criteria === "auto" ? null : getCriteria(opts.criteria);
        const sdtm = new SdtmCollector({
          studyId: opts.study,
          evaluator: opts.evaluator === "investigator" ? "INVESTIGATOR" : "INDEPENDENT ASSESSOR",
        });
        const report = new ProblemReport();
        for await (const v of validCases(streamCases(inputs), report)) {
          const criteria = fixed ?? recommendedCriteria(v.case);
          const d = report.isolate(v, `assessing under ${criteria.name} for SDTM`, () =>
            sdtm.records(v.case, criteria),
          );
          if (d) sdtm.add(d);
        }
        if (report.records === 0) return report.finish();
        mkdirSync(opts.out, { recursive: true });
        for (const [name, rows] of Object.entries(sdtm.datasets)) {
          // Sequence numbers are per subject within a domain; keep them as generated.
          writeFileSync(join(opts.out, `${name.toLowerCase()}.csv`), datasetCsv(rows));
        }
        process.stdout.write(`wrote ${sdtm.counts()} records to ${opts.out}\n`);
        report.finish();
      },
    );
}
