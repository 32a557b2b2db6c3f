// `ranokit qc`: acquisition quality control of MR studies against the consensus brain tumour imaging
// protocol (docs/dicom.md, "QC"), from DICOM headers in files/folders or from a DICOMweb server's
// series metadata. Shown beside the assessment (--case), never changing it.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { searchSeries, seriesMetadata } from "../../dicom/dicomweb.ts";
import { DicomInputError } from "../../dicom/errors.ts";
import { readPart10Header } from "../../dicom/part10.ts";
import { seriesInfoFromDataset, seriesInfoFromJson } from "../../dicom/qc/headers.ts";
import { checkProtocol, type SeriesInfo, type TimePointQc } from "../../dicom/qc/protocol.ts";
import { assess, parseCaseJson, recommendedCriteria } from "../../engine/index.ts";
import { UsageError } from "../errors.ts";

interface QcOpts {
  qido?: string;
  study?: string;
  baseline?: string;
  case?: string;
  format: string;
}

function listFiles(path: string): string[] {
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(path);
  } catch {
    throw new DicomInputError(path, "no such file or folder");
  }
  if (!st.isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((f) => listFiles(join(path, f)));
}

const MARK = { ok: "ok ", deviation: "DEV", missing: "MIS", note: "   " } as const;

function formatQc(points: TimePointQc[], labels: Map<string, string>): string {
  const lines: string[] = [];
  for (const p of points) {
    const label = labels.get(p.date);
    lines.push(
      `${p.date}  study ${p.studyInstanceUid}${label ? `  assessment: ${label} (unchanged by QC)` : ""}`,
    );
    for (const s of p.series)
      lines.push(`    series ${s.role.padEnd(7)} ${s.description || s.seriesInstanceUid}`);
    for (const f of p.findings)
      lines.push(`  ${MARK[f.level]} ${f.message}${f.series && f.level !== "ok" ? ` [${f.series}]` : ""}`);
  }
  const deviations = points
    .flatMap((p) => p.findings)
    .filter((f) => f.level === "deviation" || f.level === "missing");
  lines.push(`${points.length} time point(s), ${deviations.length} deviation(s) from the protocol`);
  return `${lines.join("\n")}\n`;
}

export function register(program: Command): void {
  program
    .command("qc")
    .description("check MR acquisitions against the consensus brain tumour imaging protocol (DICOM headers)")
    .argument("[inputs...]", "DICOM files or folders (searched recursively)")
    .option("--qido <url>", "read the series metadata from this DICOMweb server instead")
    .option("--study <uids>", "with --qido: comma-separated Study Instance UIDs")
    .option("--baseline <date>", "baseline study date (default: the first)")
    .option("--case <case.json>", "show the assessment of each time point beside its QC (never changed)")
    .option("-f, --format <format>", "table | json", "table")
    .action(async (inputs: string[], opts: QcOpts) => {
      if (opts.format !== "table" && opts.format !== "json")
        throw new UsageError("--format must be table or json");
      if (opts.qido && !opts.study) throw new UsageError("--qido needs --study UID[,UID…]");
      if (!opts.qido && inputs.length === 0)
        throw new UsageError("give DICOM files or folders, or --qido URL --study UID");
      let failed = 0;
      const report = (e: unknown) => {
        if (!(e instanceof DicomInputError)) throw e;
        process.stderr.write(`ranokit: ${e.message}\n`);
        failed++;
      };
      const bySeries = new Map<string, SeriesInfo>();
      for (const input of inputs) {
        let files: string[] = [];
        try {
          files = listFiles(input);
        } catch (e) {
          report(e);
        }
        for (const file of files) {
          try {
            const info = seriesInfoFromDataset(readPart10Header(readFileSync(file), file), file);
            if (!bySeries.has(info.seriesInstanceUid)) bySeries.set(info.seriesInstanceUid, info);
          } catch (e) {
            report(e);
          }
        }
      }
      if (opts.qido) {
        for (const study of opts
          .study!.split(",")
          .map((s) => s.trim())
          .filter(Boolean)) {
          try {
            for (const series of await searchSeries(opts.qido, study)) {
              const uid = series["0020000E"]?.Value?.[0];
              if (typeof uid !== "string" || series["00080060"]?.Value?.[0] !== "MR") continue;
              const [first] = await seriesMetadata(opts.qido, study, uid);
              if (first) bySeries.set(uid, seriesInfoFromJson(first, `${opts.qido} series ${uid}`));
            }
          } catch (e) {
            report(e);
          }
        }
      }
      const points = checkProtocol([...bySeries.values()], opts.baseline);
      const labels = new Map<string, string>();
      if (opts.case) {
        let text: string;
        try {
          text = readFileSync(opts.case, "utf8");
        } catch {
          throw new UsageError(`${opts.case}: cannot read the case`);
        }
        const parsed = parseCaseJson(text);
        if (!parsed.ok)
          throw new UsageError(
            `${opts.case}: not a valid case (${parsed.errors[0]?.path}: ${parsed.errors[0]?.message})`,
          );
        const result = assess(parsed.value, recommendedCriteria(parsed.value).id);
        for (const t of result.timepoints) if (t.label) labels.set(t.date, t.label);
      }
      if (opts.format === "json") {
        const out = points.map((p) => ({ ...p, assessment: labels.get(p.date) ?? null }));
        process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
      } else process.stdout.write(formatQc(points, labels));
      if (failed > 0) process.exitCode = 2;
    });
}
