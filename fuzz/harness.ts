// The fuzz loop: input #i of a run is generated from (seed, i), checked by its target, and a failing
// input is minimised and kept. Runs in-process (the npm test slice, and each worker of `npm run fuzz`).
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Rng } from "./rng.ts";
import { materialise, runCliCaptured, substitute } from "./run-cli.ts";
import type { Failure, FuzzInput, RunContext, Target } from "./types.ts";

export interface FoundFailure {
  target: string;
  index: number;
  seed: number;
  failures: Failure[];
  input: FuzzInput;
}

/** A scratch folder on a RAM disk when there is one (the fuzzer writes a few files per input). */
export function scratchDir(name: string): string {
  const base = process.platform === "linux" ? "/dev/shm" : tmpdir();
  return join(base, `ranokit-fuzz-${process.pid}-${name}`);
}

export function context(dir: string): RunContext {
  return {
    dir,
    cli: (argv) => runCliCaptured(substitute(argv, dir)),
    write: (input) => materialise(input, dir),
  };
}

/** Target of input `index`: round-robin, so every target gets its share whatever the count. */
export const targetOf = (targets: readonly Target[], index: number) => targets[index % targets.length]!;

export async function checkInput(target: Target, input: FuzzInput, dir: string): Promise<Failure[]> {
  materialise(input, dir);
  try {
    return await target.check(input, context(dir));
  } catch (e) {
    // The library path (or the oracle) threw outside the CLI's error handling.
    return [
      {
        cls: "library-throw",
        detail: `${target.name}: ${(e as Error)?.stack?.split("\n").slice(0, 2).join(" ") ?? e}`,
      },
    ];
  }
}

export async function runOne(targets: readonly Target[], seed: number, index: number, dir: string) {
  const target = targetOf(targets, index);
  const input = target.generate(Rng.forInput(seed, index));
  const failures = await checkInput(target, input, dir);
  return { target, input, failures };
}

const classes = (fs: Failure[]) => [...new Set(fs.map((f) => f.cls))].sort().join(",");

/**
 * Greedy minimisation: keeps the first smaller variant that fails with the same classes, until none
 * does (or the budget of checks is spent).
 */
export async function minimise(
  target: Target,
  input: FuzzInput,
  failures: Failure[],
  dir: string,
  budget = 200,
) {
  const want = classes(failures);
  let best = input;
  let bestFailures = failures;
  let progress = true;
  while (progress && budget > 0 && target.shrink) {
    progress = false;
    for (const candidate of target.shrink(best)) {
      if (--budget < 0) break;
      const f = await checkInput(target, candidate, dir);
      if (classes(f) === want) {
        best = candidate;
        bestFailures = f;
        progress = true;
        break;
      }
    }
  }
  return { input: best, failures: bestFailures };
}
