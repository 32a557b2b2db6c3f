// Runs the real `ranokit` command line in-process: a process per input could not reach a million
// inputs. stdout/stderr writes are captured for the duration of the call and process.exitCode read
// back, exactly what src/cli/main.ts would hand to the shell.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { runCli } from "../src/cli/run.ts";
import type { CliResult, FuzzInput } from "./types.ts";

type Write = typeof process.stdout.write;

export async function runCliCaptured(argv: string[]): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const out = process.stdout.write;
  const err = process.stderr.write;
  const capture = (append: (s: string) => void): Write =>
    ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      append(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
      const cb = rest.find((r) => typeof r === "function") as (() => void) | undefined;
      cb?.();
      return true;
    }) as Write;
  process.stdout.write = capture((s) => {
    stdout += s;
  });
  process.stderr.write = capture((s) => {
    stderr += s;
  });
  const before = process.exitCode;
  process.exitCode = undefined;
  const t0 = performance.now();
  let thrown: unknown;
  try {
    await runCli(["node", "ranokit", ...argv]);
  } catch (e) {
    thrown = e;
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = before;
  const ms = performance.now() - t0;
  return thrown === undefined ? { code, stdout, stderr, ms } : { code, stdout, stderr, ms, thrown };
}

const written = new Map<string, Set<string>>();

/**
 * Writes the input's files into `dir`, removing the previous input's files that this one lacks (no
 * file leaks between inputs; cheaper than recreating the folder for every input).
 */
export function materialise(input: FuzzInput, dir: string): void {
  const before = written.get(dir);
  if (before === undefined) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
  }
  const now = new Set(Object.keys(input.files));
  for (const name of before ?? [])
    if (!now.has(name)) rmSync(join(dir, name), { recursive: true, force: true });
  for (const [name, content] of Object.entries(input.files)) {
    const path = join(dir, name);
    if (name.includes("/")) mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
  written.set(dir, now);
}

/** Removes a scratch folder when a run ends. */
export function removeScratch(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  written.delete(dir);
}

export const substitute = (argv: string[], dir: string) => argv.map((a) => a.replaceAll("{dir}", dir));
