// `ranokit sdtm`: CDISC SDTM TU/TR/RS and ADaM-style ADRS/ADTTE as CSV files.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { getCriteria, recommendedCriteria } from "../../engine/index.ts";
import { streamCases } from "../../io/read-cases.ts";
import { datasetCsv, type SdtmDatasets, toSdtm } from "../../io/sdtm.ts";
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
        const all: SdtmDatasets = { TU: [], TR: [], RS: [], ADRS: [], ADTTE: [] };
        const report = new ProblemReport();
        for await (const v of validCases(streamCases(inputs), report)) {
          const c = v.case;
          const criteria = fixed ?? recommendedCriteria(c);
          const d = report.isolate(v, `assessing under ${criteria.name} for SDTM`, () =>
            toSdtm(c, criteria.assess(c), {
              studyId: opts.study,
              evaluator: opts.evaluator === "investigator" ? "INVESTIGATOR" : "INDEPENDENT ASSESSOR",
            }),
          );
          if (d) for (const k of Object.keys(all) as Array<keyof SdtmDatasets>) all[k].push(...d[k]);
        }
        if (report.records === 0) return report.finish();
        mkdirSync(opts.out, { recursive: true });
        for (const [name, rows] of Object.entries(all)) {
          // Sequence numbers are per subject within a domain; keep them as generated.
          writeFileSync(join(opts.out, `${name.toLowerCase()}.csv`), datasetCsv(rows));
        }
        process.stdout.write(
          `wrote ${Object.entries(all)
            .map(([k, v]) => `${k} ${v.length}`)
            .join(", ")} records to ${opts.out}\n`,
        );
        report.finish();
      },
    );
}
