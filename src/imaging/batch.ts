// Measures many masks in parallel worker threads (one per core by default). In the compiled CLI the
// worker is dist/batch-worker.js next to this code; run from the TypeScript sources (tests), workers
// load them through tsx (batch-worker-entry.js). A file never takes the others down: its problem is its
// result, and a worker that dies on one (out of memory, a crash in a decoder) is replaced for the rest.
import { type ResourceLimits, Worker } from "node:worker_threads";
import type { SegmentMapping } from "../dicom/seg/read-seg.ts";
import type { LesionRow } from "./lesion-table.ts";
import type { MeasureOptions } from "./measure-mask.ts";

export type BatchResult =
  | { ok: true; path: string; rows: LesionRow[]; warnings: string[] }
  | { ok: false; path: string; error: string };

const WORKER_URL = import.meta.url.endsWith(".ts")
  ? new URL("./batch-worker-entry.js", import.meta.url)
  : new URL("./batch-worker.js", import.meta.url);

export interface BatchOptions {
  /** The --segments mapping for DICOM SEG files. */
  segments?: SegmentMapping;
  /** Worker resource limits (memory per worker). */
  resourceLimits?: ResourceLimits;
}

export async function measureBatch(
  paths: string[],
  options: Partial<MeasureOptions>,
  workers: number,
  onResult: (r: BatchResult, done: number) => void,
  batch: BatchOptions = {},
): Promise<BatchResult[]> {
  const results: BatchResult[] = new Array(paths.length);
  let next = 0;
  let done = 0;
  const size = Math.max(1, Math.min(workers, paths.length));
  const spawn = () =>
    new Worker(WORKER_URL, batch.resourceLimits ? { resourceLimits: batch.resourceLimits } : {});
  await Promise.all(
    Array.from({ length: size }, async () => {
      let worker = spawn();
      try {
        while (next < paths.length) {
          const index = next++;
          const path = paths[index]!;
          const result = await new Promise<BatchResult>((resolve) => {
            const onMessage = (r: BatchResult) => {
              worker.off("error", onError);
              worker.off("exit", onExit);
              resolve(r);
            };
            const fail = (why: string) => {
              worker.off("message", onMessage);
              worker.off("error", onError);
              worker.off("exit", onExit);
              resolve({ ok: false, path, error: `the worker measuring it stopped (${why})` });
            };
            const onError = (e: Error) => fail(e.message.split("\n")[0] ?? "error");
            const onExit = (code: number) => fail(`exit code ${code}`);
            worker.once("message", onMessage);
            worker.once("error", onError);
            worker.once("exit", onExit);
            worker.postMessage({ path, options, ...(batch.segments ? { segments: batch.segments } : {}) });
          });
          if (!result.ok && result.error.startsWith("the worker measuring it stopped")) {
            await worker.terminate();
            worker = spawn();
          }
          results[index] = result;
          onResult(result, ++done);
        }
      } finally {
        await worker.terminate();
      }
    }),
  );
  return results;
}
