// Measures many masks in parallel worker threads (one per core by default). In the compiled CLI the
// worker is dist/batch-worker.js next to this code; run from the TypeScript sources (tests), workers
// load them through tsx (batch-worker-entry.js).
import { Worker } from "node:worker_threads";
import type { LesionRow } from "./lesion-table.ts";
import type { MeasureOptions } from "./measure-mask.ts";

export type BatchResult =
  | { ok: true; path: string; rows: LesionRow[]; warnings: string[] }
  | { ok: false; path: string; error: string };

const WORKER_URL = import.meta.url.endsWith(".ts")
  ? new URL("./batch-worker-entry.js", import.meta.url)
  : new URL("./batch-worker.js", import.meta.url);

export async function measureBatch(
  paths: string[],
  options: Partial<MeasureOptions>,
  workers: number,
  onResult: (r: BatchResult, done: number) => void,
): Promise<BatchResult[]> {
  const results: BatchResult[] = new Array(paths.length);
  let next = 0;
  let done = 0;
  const size = Math.max(1, Math.min(workers, paths.length));
  await Promise.all(
    Array.from({ length: size }, async () => {
      const worker = new Worker(WORKER_URL);
      try {
        while (next < paths.length) {
          const index = next++;
          const result = await new Promise<BatchResult>((resolve, reject) => {
            worker.once("message", resolve);
            worker.once("error", reject);
            worker.postMessage({ path: paths[index], options });
          });
          worker.removeAllListeners("error");
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
