// Worker thread of `ranokit measure --batch`: reads and measures one mask per message (NIfTI or DICOM
// SEG, through the same reader as single files) and returns its lesion rows (never the voxel lists,
// which stay in the worker). A bad file answers with its problem; the worker goes on with the next.
import { parentPort } from "node:worker_threads";
import { readMaskVolume } from "../dicom/seg/mask-file.ts";
import type { SegmentMapping } from "../dicom/seg/read-seg.ts";
import { ImagingInputError } from "./errors.ts";
import { lesionRows } from "./lesion-table.ts";
import { type MeasureOptions, measureMask } from "./measure-mask.ts";

export interface BatchJob {
  path: string;
  options: Partial<MeasureOptions>;
  /** The --segments mapping for DICOM SEG files. */
  segments?: SegmentMapping;
}

parentPort?.on("message", async (job: BatchJob) => {
  try {
    const m = measureMask(await readMaskVolume(job.path, job.segments), job.options);
    parentPort!.postMessage({ ok: true, path: job.path, rows: lesionRows(m), warnings: m.warnings ?? [] });
  } catch (e) {
    const message = e instanceof ImagingInputError ? e.problem : `internal error: ${(e as Error).message}`;
    parentPort!.postMessage({ ok: false, path: job.path, error: message });
  }
});
