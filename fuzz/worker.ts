// One fuzz worker: checks inputs start, start + step, … and reports failures (minimised) to the
// main thread. It publishes the index it is working on in a shared array, so the main thread can
// see a hang (> 5 s on one input, even a synchronous endless loop) and terminate it.
import { parentPort, workerData } from "node:worker_threads";
import { minimise, runOne, scratchDir } from "./harness.ts";
import { removeScratch } from "./run-cli.ts";
import { selectTargets } from "./targets/index.ts";

export interface WorkerJob {
  id: number;
  seed: number;
  targets: string[];
  start: number;
  step: number;
  count: number;
  deadline: number;
  hangMs: number;
  /** Int32Array over a SharedArrayBuffer: [2·id] = index being checked + 1, [2·id + 1] = inputs done. */
  heartbeat: SharedArrayBuffer;
}

export type WorkerMessage =
  | {
      type: "failure";
      target: string;
      index: number;
      failures: import("./types.ts").Failure[];
      input: import("./types.ts").FuzzInput;
      ms: number;
    }
  | { type: "done"; id: number; done: number; perTarget: Record<string, number> };

const job = workerData as WorkerJob;
process.env.NO_COLOR = "1";
const beat = new Int32Array(job.heartbeat);
const targets = selectTargets(job.targets, true);
const dir = scratchDir(`w${job.id}-${job.start}`);
const perTarget: Record<string, number> = {};
let done = 0;
for (let i = job.start; i < job.count && Date.now() < job.deadline; i += job.step) {
  Atomics.store(beat, 2 * job.id, i + 1);
  const t0 = performance.now();
  const { target, input, failures } = await runOne(targets, job.seed, i, dir);
  const ms = performance.now() - t0;
  if (ms > job.hangMs)
    failures.push({ cls: "hang", detail: `${target.name}: ${ms.toFixed(0)} ms on one input` });
  perTarget[target.name] = (perTarget[target.name] ?? 0) + 1;
  done++;
  Atomics.store(beat, 2 * job.id + 1, done);
  if (failures.length > 0) {
    const small = await minimise(target, input, failures, dir);
    parentPort!.postMessage({
      type: "failure",
      target: target.name,
      index: i,
      failures: small.failures,
      input: small.input,
      ms,
    } satisfies WorkerMessage);
  }
}
removeScratch(dir);
parentPort!.postMessage({ type: "done", id: job.id, done, perTarget } satisfies WorkerMessage);
