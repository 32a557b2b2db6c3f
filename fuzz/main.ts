// `npm run fuzz`: the fuzz run, bounded by a count and a time, seeded and reproducible.
//   npm run fuzz -- --count 100000 --time 600 --seed 1 [--workers 2] [--targets roc,pool]
//                   [--include-pending] [--save] [--only INDEX] [--keep INDEX]
// Input #i of a seed is the same on every run and worker (see rng.ts). Failures are grouped by class
// with an example each; --save keeps each class's first minimised input as a fixture (fixtures.ts).
// --only i checks input i alone and prints it; --keep i saves input i as a regression fixture.
import { Worker } from "node:worker_threads";
import { saveFixture, toFixture } from "./fixtures.ts";
import { checkInput, runOne, scratchDir, targetOf } from "./harness.ts";
import { Rng } from "./rng.ts";
import { removeScratch } from "./run-cli.ts";
import { allTargets, selectTargets } from "./targets/index.ts";
import type { Failure, FuzzInput } from "./types.ts";
import type { WorkerJob, WorkerMessage } from "./worker.ts";

function args() {
  const a = process.argv.slice(2);
  const get = (name: string) => {
    const i = a.indexOf(name);
    return i < 0 ? undefined : a[i + 1];
  };
  const int = (name: string, dflt: number) => {
    const v = get(name);
    if (v === undefined) return dflt;
    if (!/^\d+$/.test(v)) throw new Error(`${name} takes a whole number (got "${v}")`);
    return Number(v);
  };
  return {
    count: int("--count", 10_000),
    time: int("--time", 60),
    seed: int("--seed", 1),
    workers: int("--workers", 1),
    hangMs: int("--hang-ms", 5000),
    targets: get("--targets")?.split(",") ?? null,
    includePending: a.includes("--include-pending"),
    save: a.includes("--save"),
    only: get("--only") === undefined ? null : int("--only", 0),
    keep: get("--keep") === undefined ? null : int("--keep", 0),
  };
}

const opts = args();
process.env.NO_COLOR = "1";
const targets = selectTargets(opts.targets, opts.includePending);
if (targets.length === 0) throw new Error("no fuzz targets selected");
const names = targets.map((t) => t.name);
const pendingOf = (name: string) => allTargets.find((t) => t.name === name)?.pending !== undefined;

if (opts.only !== null || opts.keep !== null) {
  const index = (opts.only ?? opts.keep)!;
  const dir = scratchDir("one");
  const { target, input, failures } = await runOne(targets, opts.seed, index, dir);
  removeScratch(dir);
  console.log(
    JSON.stringify(
      { target: target.name, index, mutations: input.mutations, argv: input.argv, failures },
      null,
      2,
    ),
  );
  for (const [name, c] of Object.entries(input.files))
    console.log(`--- ${name}\n${typeof c === "string" ? c.slice(0, 4000) : `(${c.length} bytes)`}`);
  if (opts.keep !== null)
    console.log(
      `kept: ${saveFixture(toFixture(target.name, opts.seed, index, input, failures), pendingOf(target.name))}`,
    );
  process.exit(0);
}

interface Found {
  target: string;
  index: number;
  failures: Failure[];
  input: FuzzInput;
}
const found: Found[] = [];
const started = Date.now();
const deadline = started + opts.time * 1000;
const heartbeat = new SharedArrayBuffer(8 * opts.workers);
const beat = new Int32Array(heartbeat);
let total = 0;

/** Runs worker `id` from `start`; resolves when it finishes, restarting it after a hang. */
function runWorker(id: number, start: number): Promise<void> {
  return new Promise((resolve) => {
    Atomics.store(beat, 2 * id, 0);
    Atomics.store(beat, 2 * id + 1, 0);
    const job: WorkerJob = {
      id,
      seed: opts.seed,
      targets: names,
      start,
      step: opts.workers,
      count: opts.count,
      deadline,
      hangMs: opts.hangMs,
      heartbeat,
    };
    const w = new Worker(new URL("./worker-entry.js", import.meta.url), { workerData: job });
    let last = -1;
    let since = Date.now();
    const watch = setInterval(() => {
      const at = Atomics.load(beat, 2 * id);
      if (at !== last) {
        last = at;
        since = Date.now();
      } else if (at > 0 && Date.now() - since > opts.hangMs) {
        clearInterval(watch);
        const index = at - 1;
        total += Atomics.load(beat, 2 * id + 1) + 1;
        const target = targetOf(targets, index);
        const input = target.generate(Rng.forInput(opts.seed, index));
        found.push({
          target: target.name,
          index,
          input,
          failures: [{ cls: "hang", detail: `${target.name}: no answer within ${opts.hangMs} ms` }],
        });
        void w.terminate().then(() => runWorker(id, index + opts.workers).then(resolve));
      }
    }, 250);
    w.on("message", (m: WorkerMessage) => {
      if (m.type === "failure") found.push(m);
      else {
        clearInterval(watch);
        total += m.done;
        resolve();
      }
    });
    w.on("error", (e) => {
      clearInterval(watch);
      found.push({
        target: "worker",
        index: Atomics.load(beat, 2 * id) - 1,
        input: { files: {}, argv: [], meta: {}, mutations: [] },
        failures: [{ cls: "worker-crash", detail: String(e) }],
      });
      total += Atomics.load(beat, 2 * id + 1);
      resolve();
    });
  });
}

await Promise.all(Array.from({ length: opts.workers }, (_, id) => runWorker(id, id)));
const seconds = (Date.now() - started) / 1000;

// Failures by target and class, each with its first example (the lowest index).
const byClass = new Map<string, Found[]>();
for (const f of found.sort((a, b) => a.index - b.index))
  for (const cls of new Set(f.failures.map((x) => x.cls))) {
    const key = `${f.target} ${cls}`;
    byClass.set(key, [...(byClass.get(key) ?? []), f]);
  }
const failing = found.length;
console.log(
  `fuzz: seed ${opts.seed}, ${total} inputs in ${seconds.toFixed(1)} s (${(total / seconds).toFixed(0)} inputs/s, ${opts.workers} worker(s)); targets ${names.join(", ")}`,
);
console.log(`failing inputs: ${failing}${failing === 0 ? "" : ` in ${byClass.size} target/class group(s)`}`);
for (const [key, list] of byClass) {
  const first = list[0]!;
  const detail = first.failures.find((x) => key.endsWith(x.cls))!.detail;
  console.log(
    `  ${key}: ${list.length} (e.g. --only ${first.index}: ${first.input.mutations.join(" | ").slice(0, 120)} → ${detail.slice(0, 220)})`,
  );
  if (opts.save) {
    const path = saveFixture(
      toFixture(first.target, opts.seed, first.index, first.input, first.failures),
      pendingOf(first.target),
    );
    console.log(`    kept ${path}`);
  }
}
// Re-check one failing input in-process so a reader sees it reproduce (not for hangs).
const sample = found.find((f) => !f.failures.some((x) => x.cls === "hang") && f.target !== "worker");
if (sample) {
  const dir = scratchDir("recheck");
  const again = await checkInput(allTargets.find((t) => t.name === sample.target)!, sample.input, dir);
  removeScratch(dir);
  console.log(
    `recheck of ${sample.target} #${sample.index}: ${again.length > 0 ? "reproduces" : "does NOT reproduce"}`,
  );
}
process.exitCode = failing === 0 ? 0 : 1;
