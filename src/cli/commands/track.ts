// `ranokit track`: co-registered label masks of one patient over time → tracked lesions → a case
// document for `ranokit assess` (issue 6, sections 3–4). See docs/lesion-tracking.md.

import { readFileSync, writeFileSync } from "node:fs";
import { basename } from "node:path";
import type { Command } from "commander";
import { readMaskVolume } from "../../dicom/seg/mask-file.ts";
import { parseSegmentMapping } from "../../dicom/seg/read-seg.ts";
import { TumorType } from "../../engine/model/case.ts";
import { buildCase, type CaseCriteria, type TargetOverrides } from "../../imaging/case-builder/index.ts";
import { ImagingInputError } from "../../imaging/errors.ts";
import { isSlab, placeSlab, sliceOffset, unionGrid } from "../../imaging/grid-align.ts";
import { assertSameGrid } from "../../imaging/grid-check.ts";
import { measureMask } from "../../imaging/measure-mask.ts";
import {
  DEFAULT_TRACK_OPTIONS,
  type OverlapMeasure,
  trackingReport,
  trackSeries,
} from "../../imaging/tracking/index.ts";
import type { LabelVolume, MaskMeasurement } from "../../imaging/types.ts";
import { UsageError } from "../errors.ts";
import { outputWidth } from "../format/layout.ts";
import { formatTrackTable } from "../format/track-table.ts";

/** The imaging steps the command needs (the NIfTI reader and the per-mask measurement). */
export interface TrackPipeline {
  /** `segments`: the --segments mapping for DICOM SEG masks. */
  read(path: string, segments?: string): LabelVolume | Promise<LabelVolume>;
  /** Throws when the two volumes are not on the same voxel grid. */
  sameGrid(a: LabelVolume, b: LabelVolume): void;
  measure(volume: LabelVolume, preset: string | undefined): MaskMeasurement;
}

interface TrackOpts {
  dates: string;
  patient: string;
  tumorType: string;
  setting: string;
  whoGrade?: string;
  significantNonEnhancing?: boolean;
  preset?: string;
  criteria: string;
  baseline?: string;
  targets?: string;
  nonTargets?: string;
  overrides?: string;
  overlap: string;
  minOverlap: string;
  maxCentroidDistanceMm: string;
  output?: string;
  trackingJson?: string;
  format: string;
  segments?: string;
}

const list = (s: string | undefined) =>
  s === undefined
    ? undefined
    : s
        .split(",")
        .map((x) => x.trim())
        .filter((x) => x !== "");

function number(name: string, value: string): number {
  const x = Number(value);
  if (value.trim() === "" || !Number.isFinite(x))
    throw new UsageError(`${name} must be a number (got "${value}")`);
  return x;
}

function readOverrides(path: string): TargetOverrides {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new UsageError(`${path}: cannot read the overrides JSON: ${(e as Error).message}`);
  }
  const isList = (x: unknown) =>
    x === undefined || (Array.isArray(x) && x.every((v) => typeof v === "string"));
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new UsageError(`${path}: overrides must be an object { "targets": [...], "nonTargets": [...] }`);
  }
  const o = value as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (key !== "targets" && key !== "nonTargets") {
      throw new UsageError(`${path}: unknown key "${key}" (expected "targets" and/or "nonTargets")`);
    }
    if (!isList(o[key])) throw new UsageError(`${path}: "${key}" must be a list of lesion ids`);
  }
  return {
    ...(o.targets ? { targets: o.targets as string[] } : {}),
    ...(o.nonTargets ? { nonTargets: o.nonTargets as string[] } : {}),
  };
}

export function registerTrack(
  program: Command,
  pipeline: TrackPipeline | (() => Promise<TrackPipeline>),
): void {
  program
    .command("track")
    .description("track lesions over co-registered label masks and write a case document for `assess`")
    .argument("<masks...>", "label masks (NIfTI or DICOM SEG), one per time point, in date order")
    .requiredOption("--dates <dates>", "comma-separated ISO dates, one per mask, ascending")
    .requiredOption("--patient <id>", "patient pseudonym written into the case")
    .requiredOption("--tumor-type <type>", `tumour type: ${TumorType.options.join(" | ")}`)
    .option("--setting <setting>", "newly_diagnosed | recurrent", "recurrent")
    .option("--who-grade <grade>", "CNS WHO grade (2, 3 or 4)")
    .option("--significant-non-enhancing", "IDH-mutant glioma with a significant non-enhancing component")
    .option(
      "--segments <mapping>",
      'DICOM SEG: segment label or SCHEME:CODE → label, e.g. "Enhancing tumor=4"',
    )
    .option("--preset <name>", "label preset of the masks (passed to the measurement, e.g. brats2023)")
    .option("-c, --criteria <id>", "auto (RANO-BM for brain metastases, else RANO 2.0) | rano2 | bm", "auto")
    .option("--baseline <date>", "baseline time point (default: the first)")
    .option("--targets <ids>", "comma-separated target lesion ids (replaces the automatic choice)")
    .option("--non-targets <ids>", "comma-separated lesion ids never chosen as targets")
    .option("--overrides <file>", 'JSON { "targets": [...], "nonTargets": [...] }')
    .option("--overlap <measure>", "overlap measure: min (overlap / smaller lesion) | dice", "min")
    .option(
      "--min-overlap <x>",
      "minimum overlap score to match lesions, (0, 1]",
      String(DEFAULT_TRACK_OPTIONS.minOverlap),
    )
    .option(
      "--max-centroid-distance-mm <mm>",
      "maximum centroid distance between matched lesions, mm",
      String(DEFAULT_TRACK_OPTIONS.maxCentroidDistanceMm),
    )
    .option("-o, --output <file>", "write the case JSON to this file (default: standard output)")
    .option("--tracking-json <file>", "also write the tracking report (mask lesion → persistent id, events)")
    .option(
      "-f, --format <format>",
      "json (case on stdout, table on stderr) | table (table on stdout)",
      "json",
    )
    .action(async (masks: string[], opts: TrackOpts) => {
      if (opts.format !== "json" && opts.format !== "table") {
        throw new UsageError(`--format must be json or table (got "${opts.format}")`);
      }
      const tumorType = TumorType.safeParse(opts.tumorType);
      if (!tumorType.success) {
        throw new UsageError(
          `--tumor-type must be one of ${TumorType.options.join(", ")} (got "${opts.tumorType}")`,
        );
      }
      if (opts.setting !== "newly_diagnosed" && opts.setting !== "recurrent") {
        throw new UsageError(`--setting must be newly_diagnosed or recurrent (got "${opts.setting}")`);
      }
      let whoGrade: 2 | 3 | 4 | undefined;
      if (opts.whoGrade !== undefined) {
        if (!["2", "3", "4"].includes(opts.whoGrade)) throw new UsageError(`--who-grade must be 2, 3 or 4`);
        whoGrade = Number(opts.whoGrade) as 2 | 3 | 4;
      }
      let criteria: CaseCriteria | undefined;
      if (opts.criteria === "rano2" || opts.criteria === "bm") criteria = opts.criteria;
      else if (opts.criteria !== "auto") {
        throw new UsageError(`--criteria must be auto, rano2 or bm (got "${opts.criteria}")`);
      }
      if (opts.overlap !== "min" && opts.overlap !== "dice") {
        throw new UsageError(`--overlap must be min or dice (got "${opts.overlap}")`);
      }
      const trackOptions = {
        overlapMeasure: opts.overlap as OverlapMeasure,
        minOverlap: number("--min-overlap", opts.minOverlap),
        maxCentroidDistanceMm: number("--max-centroid-distance-mm", opts.maxCentroidDistanceMm),
      };
      const dates = list(opts.dates) ?? [];
      if (dates.length !== masks.length) {
        throw new UsageError(
          `--dates: ${dates.length} date(s) for ${masks.length} mask(s); give one date per mask, in the same order`,
        );
      }
      const overrides: TargetOverrides = opts.overrides ? readOverrides(opts.overrides) : {};
      const targets = list(opts.targets);
      const nonTargets = list(opts.nonTargets);
      if (targets) overrides.targets = targets;
      if (nonTargets) overrides.nonTargets = nonTargets;

      const steps = typeof pipeline === "function" ? await pipeline() : pipeline;
      const measurements = await measureSeries(steps, masks, opts.segments, opts.preset);
      const tracking = trackSeries(measurements, trackOptions);
      const built = buildCase({
        tracking,
        dates,
        patient: {
          id: opts.patient,
          tumorType: tumorType.data,
          setting: opts.setting,
          ...(whoGrade ? { whoGrade } : {}),
          ...(opts.significantNonEnhancing ? { significantNonEnhancing: true } : {}),
        },
        ...(criteria ? { criteria } : {}),
        ...(opts.baseline ? { baselineDate: opts.baseline } : {}),
        overrides,
      });
      const json = `${JSON.stringify(built.document, null, 2)}\n`;
      const table = formatTrackTable(
        built,
        dates,
        outputWidth(opts.format === "table" ? process.stdout : process.stderr),
      );
      if (opts.output) writeFileSync(opts.output, json);
      if (opts.trackingJson) {
        writeFileSync(opts.trackingJson, `${JSON.stringify(trackingReport(tracking, dates), null, 2)}\n`);
      }
      if (opts.format === "table") process.stdout.write(table);
      else {
        process.stderr.write(table);
        if (!opts.output) process.stdout.write(json);
      }
    });
}

/**
 * Reads and measures the masks in order, on one grid. NIfTI masks stream: one volume in memory at a
 * time besides the grid reference. DICOM SEG masks are slabs (their frames span the segmented slices
 * only, and a segment absent at a time point has no frames at all): each is placed on the reference
 * grid — the first mask that is its field of view (a NIfTI), or, for a series of SEGs only, the union
 * of their slice ranges — so a lesion's voxels have the same indices at every time point. SEGs read
 * before the reference is known wait in memory.
 */
async function measureSeries(
  steps: TrackPipeline,
  masks: string[],
  segments: string | undefined,
  preset: string | undefined,
): Promise<MaskMeasurement[]> {
  const measurements: MaskMeasurement[] = [];
  let reference: LabelVolume | undefined;
  let referencePath = masks[0]!;
  const measure = (path: string, volume: LabelVolume) => {
    if (!reference) reference = volume;
    else {
      try {
        steps.sameGrid(reference, volume);
      } catch (e) {
        const why = e instanceof ImagingInputError ? e.problem : (e as Error).message;
        throw new ImagingInputError(path, `not on the same grid as ${referencePath}: ${why}`);
      }
    }
    measurements.push({ ...steps.measure(volume, preset), source: basename(path) });
  };
  const onReference = (path: string, v: LabelVolume) => {
    if (!isSlab(v) || !reference) return v;
    try {
      return placeSlab(v, reference, sliceOffset(reference, v));
    } catch (e) {
      if (!(e instanceof ImagingInputError)) throw e;
      throw new ImagingInputError(path, `not on the same grid as ${referencePath}: ${e.problem}`);
    }
  };
  const waiting: Array<{ path: string; volume: LabelVolume }> = [];
  for (const path of masks) {
    const volume = await steps.read(path, segments);
    if (!reference && !isSlab(volume)) {
      // The first field-of-view mask is the grid: the SEGs read before it are placed on it.
      reference = volume;
      referencePath = path;
      for (const w of waiting.splice(0)) measure(w.path, onReference(w.path, w.volume));
      measure(path, volume);
    } else if (reference) measure(path, onReference(path, volume));
    else waiting.push({ path, volume });
  }
  if (waiting.length > 0) {
    // SEGs only: the union of their slice ranges.
    const { grid, offsets } = unionGrid(waiting.map((w) => w.volume));
    const placed = waiting.map((w, i) => placeSlab(w.volume, grid, offsets[i]!));
    referencePath = waiting[0]!.path;
    placed.forEach((v, i) => {
      measure(waiting[i]!.path, v);
    });
  }
  return measurements;
}

/** The real pipeline: NIfTI reader, grid check and per-mask measurement (tests inject fakes). */
const pipeline: TrackPipeline = {
  read: (path, segments) => readMaskVolume(path, segments ? parseSegmentMapping(segments) : undefined),
  sameGrid: (a, b) => assertSameGrid(a, b),
  // The longest diameter too: RANO-BM cases (auto for brain metastases) are built from it.
  measure: (v, preset) => measureMask(v, { ...(preset ? { preset } : {}), longestDiameter: true }),
};

export function register(program: Command): void {
  registerTrack(program, pipeline);
}
