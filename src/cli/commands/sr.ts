// `ranokit sr`: one DICOM SR measurement report (TID 1500) per time point and reader of each case,
// written to a folder and optionally stored on a DICOMweb server (STOW-RS). See docs/dicom.md.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { stow } from "../../dicom/dicomweb.ts";
import { DicomInputError } from "../../dicom/errors.ts";
import { datasetToPart10 } from "../../dicom/part10.ts";
import { parseSegmentMapping } from "../../dicom/seg/read-seg.ts";
import { axisLinesFromMasks, type LinesByDate } from "../../dicom/sr/mask-lines.ts";
import { writeReports } from "../../dicom/sr/write-report.ts";
import { getCriteria } from "../../engine/index.ts";
import { streamCases } from "../../io/read-cases.ts";
import { UsageError } from "../errors.ts";
import { ProblemReport, type ValidCase, validCases } from "../problems.ts";

interface SrOpts {
  masks?: string;
  preset?: string;
  segments?: string;
  out?: string;
  criteria?: string;
  reader?: string;
  stow?: string;
}

const safeName = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, "_");

export function register(program: Command): void {
  program
    .command("sr")
    .description("write DICOM SR measurement reports (TID 1500), one per time point and reader")
    .argument("<cases...>", "case JSON files, folders, NDJSON, or - for NDJSON on stdin")
    .option("-o, --out <dir>", "folder for the .dcm files")
    .option("-c, --criteria <id>", "criteria set of the responses (default: recommended for the tumour type)")
    .option("--reader <name>", "reader name in the observer context (default: protocol.reader)")
    .option(
      "--masks <files>",
      "the masks the case was built from (track), one per performed scan: axis end points",
    )
    .option("--preset <name>", "with --masks: their label preset (as given to track)")
    .option("--segments <mapping>", "with --masks: DICOM SEG segment mapping (as given to track)")
    .option(
      "--stow <url>",
      "also store the reports on this DICOMweb server (STOW-RS), e.g. http://host/dicom-web",
    )
    .action(async (inputs: string[], opts: SrOpts) => {
      if (!opts.out && !opts.stow) throw new UsageError("give --out DIR and/or --stow URL");
      if (opts.criteria) getCriteria(opts.criteria);
      const problems = new ProblemReport();
      const cases: ValidCase[] = [];
      for await (const v of validCases(streamCases(inputs), problems)) cases.push(v);
      if (opts.out) mkdirSync(opts.out, { recursive: true });
      const all: Uint8Array[] = [];
      if (opts.masks && cases.length !== 1) throw new UsageError("--masks needs exactly one case");
      for (const v of cases) {
        const c = v.case;
        let lines: LinesByDate | undefined;
        if (opts.masks) {
          const masks = opts.masks
            .split(",")
            .map((m) => m.trim())
            .filter(Boolean);
          const dates = c.assessments
            .filter((a) => a.performed)
            .map((a) => a.date)
            .sort();
          if (masks.length !== dates.length)
            throw new UsageError(
              `--masks: ${masks.length} mask(s) for ${dates.length} performed scan(s); give one per scan, in date order`,
            );
          lines = await axisLinesFromMasks(masks, dates, {
            ...(opts.preset ? { preset: opts.preset } : {}),
            ...(opts.segments ? { segments: parseSegmentMapping(opts.segments) } : {}),
          });
        }
        const reports = problems.isolate(v, "writing its SR reports", () =>
          writeReports(c, {
            ...(lines ? { lines } : {}),
            ...(opts.criteria ? { criteria: opts.criteria } : {}),
            ...(opts.reader ? { reader: opts.reader } : {}),
          }),
        );
        if (!reports) continue;
        for (const r of reports) {
          const bytes = datasetToPart10(r.dataset);
          all.push(bytes);
          if (opts.out) {
            const file = join(opts.out, `${safeName(c.patient.id)}_${r.date}_${safeName(r.reader)}.dcm`);
            writeFileSync(file, bytes);
            process.stdout.write(
              `${file}: ${r.date}, reader ${r.reader}, ${r.lesions} lesion(s), current response ${r.label ?? "none"}, best overall response ${r.bestOverallResponse}\n`,
            );
          }
        }
      }
      if (opts.stow && all.length > 0) {
        try {
          await stow(opts.stow, all);
          process.stdout.write(`stored ${all.length} report(s) on ${opts.stow}\n`);
        } catch (e) {
          if (!(e instanceof DicomInputError)) throw e;
          process.stderr.write(`ranokit: ${e.message}\n`);
          process.exitCode = 2;
        }
      }
      problems.finish();
    });
}
