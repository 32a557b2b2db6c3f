// `ranokit measure`: the lesion table of a segmentation mask, or of every mask in a folder (--batch,
// parallel worker threads, a progress bar on a terminal and a summary).
import { readdirSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { SingleBar } from "cli-progress";
import type { Command } from "commander";
import { isDicomFile, readMaskVolume } from "../../dicom/seg/mask-file.ts";
import { parseSegmentMapping, type SegmentMapping } from "../../dicom/seg/read-seg.ts";
import { measureBatch } from "../../imaging/batch.ts";
import { ImagingInputError } from "../../imaging/errors.ts";
import { CSV_HEADER, formatLesionTable, lesionCsvLines, lesionRows } from "../../imaging/lesion-table.ts";
import { defaultMeasureOptions, type MeasureOptions, measureMask } from "../../imaging/measure-mask.ts";
import { getPreset, parseCustomLabels } from "../../imaging/presets.ts";
import { UsageError } from "../errors.ts";
import { plural } from "../format/layout.ts";

interface Opts {
  preset: string;
  labels?: string;
  connectivity: string;
  minVolume: string;
  plane: string;
  method: string;
  edges: string;
  tolerance: string;
  perpendicularTolerance: string;
  fillHoles: boolean;
  longestDiameter?: boolean;
  sliceThickness?: string;
  sliceGap?: string;
  format: string;
  batch?: string;
  workers?: string;
  segments?: string;
}

const PLANES: Record<string, MeasureOptions["planeAxis"]> = {
  auto: "auto",
  axial: "auto",
  "0": 0,
  "1": 1,
  "2": 2,
  sagittal: 0,
  coronal: 1,
};

function number(name: string, raw: string | undefined, min: number): number | undefined {
  if (raw === undefined) return undefined;
  const v = Number(raw);
  if (!Number.isFinite(v) || v < min)
    throw new UsageError(`${name} must be a number ≥ ${min} (got "${raw}")`);
  return v;
}

export function measureOptionsFrom(opts: Opts): Partial<MeasureOptions> {
  if (!(opts.plane in PLANES))
    throw new UsageError(`--plane must be axial, coronal, sagittal, auto, 0, 1 or 2`);
  if (opts.connectivity !== "6" && opts.connectivity !== "26")
    throw new UsageError("--connectivity must be 6 or 26");
  if (opts.method !== "longest-perpendicular" && opts.method !== "max-product")
    throw new UsageError("--method must be longest-perpendicular or max-product");
  if (opts.edges !== "edges" && opts.edges !== "centres")
    throw new UsageError("--edges must be edges or centres");
  const sliceThicknessMm = number("--slice-thickness", opts.sliceThickness, 0);
  const sliceGapMm = number("--slice-gap", opts.sliceGap, 0);
  return {
    preset: opts.labels ? parseCustomLabels(opts.labels) : getPreset(opts.preset),
    connectivity: opts.connectivity === "6" ? 6 : 26,
    minVolumeMm3: number("--min-volume", opts.minVolume, 0)!,
    planeAxis: PLANES[opts.plane]!,
    method: opts.method,
    edgeConvention: opts.edges,
    containmentToleranceMm: number("--tolerance", opts.tolerance, 0)!,
    perpendicularityToleranceDeg: number("--perpendicular-tolerance", opts.perpendicularTolerance, 0)!,
    fillHoles: opts.fillHoles,
    longestDiameter: opts.longestDiameter === true,
    ...(sliceThicknessMm !== undefined ? { sliceThicknessMm } : {}),
    ...(sliceGapMm !== undefined ? { sliceGapMm } : {}),
  };
}

export function register(program: Command): void {
  program
    .command("measure")
    .description(
      "measure lesions in a NIfTI label map or DICOM SEG: volumes (mm³), diameters (mm), products (mm²), measurability",
    )
    .argument("[masks...]", ".nii or .nii.gz label maps, or DICOM SEG files")
    .option("--preset <name>", "label convention: brats2021 | brats2023 | hdglio | binary", "brats2021")
    .option("--labels <mapping>", 'custom labels, e.g. "enhancing=3,non_enhancing=1+2,cavity=4,necrosis=5"')
    .option(
      "--segments <mapping>",
      'DICOM SEG: segment label or SCHEME:CODE → label, e.g. "Enhancing tumor=4,Edema=2"',
    )
    .option("--connectivity <n>", "3-D connectivity: 6 | 26", "26")
    .option(
      "--min-volume <mm3>",
      "drop components smaller than this, mm³",
      String(defaultMeasureOptions.minVolumeMm3),
    )
    .option("--plane <axis>", "measurement plane: axial (auto) | coronal | sagittal | 0 | 1 | 2", "axial")
    .option("--method <m>", "longest-perpendicular | max-product", "longest-perpendicular")
    .option("--edges <convention>", "measure between pixel edges | centres", "edges")
    .option(
      "--tolerance <mm>",
      "containment tolerance of a diameter, mm",
      String(defaultMeasureOptions.containmentToleranceMm),
    )
    .option("--perpendicular-tolerance <deg>", "accepted deviation from 90°, degrees", "0")
    .option("--no-fill-holes", "measure enhancing rims without filling their necrotic centre")
    .option(
      "--longest-diameter",
      "also the longest diameter over all slices (RANO-BM's LD, enhancing lesions)",
    )
    .option("--slice-thickness <mm>", "acquisition slice thickness, mm (default: the voxel spacing)")
    .option("--slice-gap <mm>", "acquisition slice gap, mm", undefined)
    .option("-f, --format <format>", "table | json | csv", "table")
    .option("--batch <dir>", "measure every .nii / .nii.gz / DICOM SEG (.dcm) in a folder, in parallel")
    .option("--workers <n>", "worker threads for --batch (default: the number of cores)")
    .action(async (masks: string[], opts: Opts) => {
      if (!["table", "json", "csv"].includes(opts.format))
        throw new UsageError("--format must be table, json or csv");
      const options = measureOptionsFrom(opts);
      const segments = opts.segments ? parseSegmentMapping(opts.segments) : undefined;
      if (opts.batch) return runBatch(opts.batch, options, opts, segments);
      if (masks.length === 0) throw new UsageError("give a mask file, or --batch DIR");
      const all: Array<{ file: string; lesions: ReturnType<typeof lesionRows>; warnings: string[] }> = [];
      let failed = 0;
      for (const file of masks) {
        // A bad file is reported and the others are still measured (exit 2 at the end).
        try {
          const m = measureMask(await readMaskVolume(file, segments), options);
          all.push({ file, lesions: lesionRows(m), warnings: m.warnings ?? [] });
        } catch (e) {
          if (!(e instanceof ImagingInputError)) throw e;
          process.stderr.write(`ranokit: ${e.message}\n`);
          failed++;
        }
      }
      if (failed > 0) process.exitCode = 2;
      if (opts.format === "json") process.stdout.write(`${JSON.stringify(all, null, 2)}\n`);
      else if (opts.format === "csv")
        process.stdout.write(
          `${[CSV_HEADER.join(","), ...all.flatMap((a) => lesionCsvLines(a.file, a.lesions))].join("\n")}\n`,
        );
      else for (const a of all) process.stdout.write(formatLesionTable(a.file, a.lesions, a.warnings));
    });
}

/** The masks of a --batch folder: .nii, .nii.gz and DICOM files (.dcm, or any name with the DICM
 * preamble, as PACS exports often have no extension), sorted by name. */
export function batchFiles(dir: string): string[] {
  let files: string[];
  try {
    files = readdirSync(dir)
      .sort()
      .map((f) => join(dir, f))
      .filter((f) => statSync(f).isFile())
      .filter((f) => f.endsWith(".nii") || f.endsWith(".nii.gz") || f.endsWith(".dcm") || isDicomFile(f));
  } catch (e) {
    throw new UsageError(`--batch ${dir}: ${(e as Error).message}`);
  }
  if (files.length === 0) throw new UsageError(`--batch ${dir}: no .nii, .nii.gz or DICOM files`);
  return files;
}

async function runBatch(
  dir: string,
  options: Partial<MeasureOptions>,
  opts: Opts,
  segments: SegmentMapping | undefined,
): Promise<void> {
  const files = batchFiles(dir);
  const workers = number("--workers", opts.workers, 1) ?? availableParallelism();
  const started = performance.now();
  const bar = process.stderr.isTTY
    ? new SingleBar({
        format: "measuring {bar} {value}/{total} masks · {eta_formatted} left",
        hideCursor: true,
      })
    : null;
  bar?.start(files.length, 0);
  const results = await measureBatch(
    files,
    options,
    workers,
    (_r, done) => bar?.update(done),
    segments ? { segments } : {},
  );
  bar?.stop();
  const ok = results.filter((r) => r.ok);
  const failed = results.filter((r) => !r.ok);
  if (opts.format === "json") process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  else if (opts.format === "csv")
    process.stdout.write(
      `${[CSV_HEADER.join(","), ...ok.flatMap((r) => lesionCsvLines(r.path, r.rows))].join("\n")}\n`,
    );
  else for (const r of ok) process.stdout.write(formatLesionTable(r.path, r.rows, r.warnings));
  for (const f of failed) process.stderr.write(`ranokit: ${f.path}: ${f.error}\n`);
  const lesions = ok.reduce((s, r) => s + r.rows.length, 0);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stderr.write(
    `measured ${ok.length} of ${plural(files.length, "mask")}, ${failed.length} failed, ${plural(lesions, "lesion")}, ${seconds} s with ${plural(Math.min(workers, files.length), "worker")}\n`,
  );
  if (failed.length > 0) process.exitCode = 2;
}
