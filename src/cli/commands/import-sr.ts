// `ranokit import-sr`: TID 1500 measurement reports (RANOkit's, OHIF's, 3D Slicer/dcmqi's) from files or
// a DICOMweb server (QIDO-RS + WADO-RS) → one case document. Bad files are reported one line each and
// skipped (exit 2); the others are still imported. See docs/dicom.md.
import { readFileSync, writeFileSync } from "node:fs";
import type { Command } from "commander";
import { jsonValue, retrieveInstance, searchInstances } from "../../dicom/dicomweb.ts";
import { DicomInputError } from "../../dicom/errors.ts";
import { readPart10 } from "../../dicom/part10.ts";
import { type ParsedReport, parseReport } from "../../dicom/sr/read-report.ts";
import { type ImportOptions, reportsToCase } from "../../dicom/sr/to-case.ts";
import { type CaseInput, parseCase, parseCaseJson, TumorType } from "../../engine/index.ts";
import { UsageError } from "../errors.ts";

interface ImportOpts {
  output?: string;
  base?: string;
  tumorType?: string;
  setting: string;
  reader?: string;
  component: string;
  qido?: string;
  study?: string;
}

function readFile(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new DicomInputError(
      path,
      code === "ENOENT" ? "file not found" : `cannot read (${code ?? "error"})`,
    );
  }
}

async function fromServer(
  url: string,
  studies: string[],
): Promise<Array<{ source: string; bytes: Uint8Array }>> {
  const out: Array<{ source: string; bytes: Uint8Array }> = [];
  for (const study of studies) {
    for (const instance of await searchInstances(url, study, { Modality: "SR" })) {
      const series = jsonValue(instance, "0020000E");
      const sop = jsonValue(instance, "00080018");
      if (!series || !sop) continue;
      out.push({
        source: `${url} study ${study} instance ${sop}`,
        bytes: await retrieveInstance(url, study, series, sop),
      });
    }
  }
  return out;
}

export function register(program: Command): void {
  program
    .command("import-sr")
    .description("read DICOM SR measurement reports (TID 1500) into a case document")
    .argument("[files...]", "SR .dcm files (RANOkit, OHIF, 3D Slicer/dcmqi)")
    .option("-o, --output <file>", "write the case JSON here (default: standard output)")
    .option(
      "--base <case.json>",
      "take patient, protocol, treatments … from this case; replace its assessments",
    )
    .option("--tumor-type <type>", `tumour type (without --base): ${TumorType.options.join(" | ")}`)
    .option("--setting <setting>", "newly_diagnosed | recurrent (without --base)", "recurrent")
    .option("--reader <name>", "import only this observer's reports")
    .option(
      "--component <c>",
      "component of lesions from other tools: enhancing | non_enhancing",
      "enhancing",
    )
    .option("--qido <url>", "DICOMweb server to search (QIDO-RS) and retrieve (WADO-RS) the reports from")
    .option("--study <uids>", "with --qido: comma-separated Study Instance UIDs")
    .action(async (files: string[], opts: ImportOpts) => {
      if (opts.component !== "enhancing" && opts.component !== "non_enhancing")
        throw new UsageError("--component must be enhancing or non_enhancing");
      if (opts.qido && !opts.study) throw new UsageError("--qido needs --study UID[,UID…]");
      if (!opts.qido && files.length === 0) throw new UsageError("give SR files, or --qido URL --study UID");
      const options: ImportOptions = { component: opts.component };
      if (opts.reader) options.reader = opts.reader;
      if (opts.base) {
        const parsed = parseCaseJson(new TextDecoder().decode(readFile(opts.base)));
        if (!parsed.ok)
          throw new UsageError(
            `${opts.base}: not a valid case (${parsed.errors[0]?.path}: ${parsed.errors[0]?.message})`,
          );
        options.base = parsed.value as CaseInput;
      } else {
        const tumorType = TumorType.safeParse(opts.tumorType);
        if (!tumorType.success)
          throw new UsageError(
            `--tumor-type (or --base) is required: one of ${TumorType.options.join(", ")}`,
          );
        if (opts.setting !== "newly_diagnosed" && opts.setting !== "recurrent")
          throw new UsageError("--setting must be newly_diagnosed or recurrent");
        options.patient = { tumorType: tumorType.data, setting: opts.setting };
      }
      let failed = 0;
      const inputs: Array<{ source: string; bytes: () => Uint8Array }> = files.map((f) => ({
        source: f,
        bytes: () => readFile(f),
      }));
      if (opts.qido) {
        const studies = opts
          .study!.split(",")
          .map((s) => s.trim())
          .filter(Boolean);
        try {
          for (const r of await fromServer(opts.qido, studies))
            inputs.push({ source: r.source, bytes: () => r.bytes });
        } catch (e) {
          if (!(e instanceof DicomInputError)) throw e;
          process.stderr.write(`ranokit: ${e.message}\n`);
          failed++;
        }
      }
      const reports: ParsedReport[] = [];
      for (const input of inputs) {
        try {
          reports.push(parseReport(readPart10(input.bytes(), input.source), input.source));
        } catch (e) {
          if (!(e instanceof DicomInputError)) throw e;
          process.stderr.write(`ranokit: ${e.message}\n`);
          failed++;
        }
      }
      const result = reportsToCase(reports, options);
      for (const w of result.warnings) process.stderr.write(`ranokit: warning: ${w}\n`);
      for (const p of result.problems) process.stderr.write(`ranokit: ${p}\n`);
      const checked = parseCase(result.document);
      if (!checked.ok) {
        for (const e of checked.errors)
          process.stderr.write(`ranokit: imported case: ${e.path}: ${e.message}\n`);
        process.exitCode = 2;
        return;
      }
      const json = `${JSON.stringify(result.document, null, 2)}\n`;
      if (opts.output) writeFileSync(opts.output, json);
      else process.stdout.write(json);
      const lesions = result.document.assessments.reduce((n, a) => n + (a.lesions?.length ?? 0), 0);
      process.stderr.write(
        `imported ${result.used} report(s): ${result.document.assessments.length} time point(s), ${lesions} lesion measurement(s)\n`,
      );
      if (failed > 0 || result.problems.length > 0) process.exitCode = 2;
    });
}
