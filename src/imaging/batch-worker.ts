// Worker thread of `ranokit measure --batch`: reads and measures one mask per message and returns its
// lesion rows (never the voxel lists, which stay in the worker).
import { parentPort } from "node:worker_threads";
import { ImagingInputError } from "./errors.ts";
import { lesionRows } from "./lesion-table.ts";
import { type MeasureOptions, measureMask } from "./measure-mask.ts";
import { readLabelVolume } from "./nifti/read-label-volume.ts";

parentPort?.on("message", (job: { path: string; options: Partial<MeasureOptions> }) => {
  try {
    const m = measureMask(readLabelVolume(job.path), job.options);
    parentPort!.postMessage({ ok: true, path: job.path, rows: lesionRows(m), warnings: m.warnings ?? [] });
  } catch (e) {
    const message = e instanceof ImagingInputError ? e.problem : `internal error: ${(e as Error).message}`;
    parentPort!.postMessage({ ok: false, path: job.path, error: message });
  }
});
