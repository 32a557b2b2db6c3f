// Failing inputs kept as regression fixtures: fuzz/fixtures/<target>/<name>.json for targets in this
// branch's areas (replayed by test/fuzz), fuzz/fixtures/pending/<target>/ for failures in code other
// issue items are fixing (listed in fuzz/fixtures/pending/README.md, replayed once the target is enabled).
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Failure, FuzzInput } from "./types.ts";

export const FIXTURES = join(import.meta.dirname, "fixtures");

export interface Fixture {
  target: string;
  seed: number;
  index: number;
  /** The failure classes the input showed when it was kept (empty: kept as a regression of a fix). */
  failures: Failure[];
  mutations: string[];
  argv: string[];
  files: Record<string, { text: string } | { base64: string }>;
  meta: Record<string, unknown>;
}

export function toFixture(
  target: string,
  seed: number,
  index: number,
  input: FuzzInput,
  failures: Failure[],
): Fixture {
  const files: Fixture["files"] = {};
  for (const [name, c] of Object.entries(input.files))
    files[name] = typeof c === "string" ? { text: c } : { base64: Buffer.from(c).toString("base64") };
  return {
    target,
    seed,
    index,
    failures,
    mutations: input.mutations,
    argv: input.argv,
    files,
    meta: input.meta,
  };
}

export function fromFixture(f: Fixture): FuzzInput {
  const files: FuzzInput["files"] = {};
  for (const [name, c] of Object.entries(f.files))
    files[name] = "text" in c ? c.text : new Uint8Array(Buffer.from(c.base64, "base64"));
  return { files, argv: f.argv, meta: f.meta, mutations: f.mutations };
}

export function fixtureName(f: Fixture): string {
  const cls = [...new Set(f.failures.map((x) => x.cls))].sort().join("+") || "regression";
  return `${cls}-s${f.seed}-i${f.index}.json`;
}

export function saveFixture(f: Fixture, pending: boolean): string {
  const dir = pending ? join(FIXTURES, "pending", f.target) : join(FIXTURES, f.target);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, fixtureName(f));
  writeFileSync(path, `${JSON.stringify(f, null, 1)}\n`);
  return path;
}

/** Fixtures of one target (not the pending ones unless asked). */
export function loadFixtures(target: string, pending = false): Array<{ path: string; fixture: Fixture }> {
  const dir = pending ? join(FIXTURES, "pending", target) : join(FIXTURES, target);
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith(".json"));
  } catch {
    return [];
  }
  return names
    .sort()
    .map((n) => ({ path: join(dir, n), fixture: JSON.parse(readFileSync(join(dir, n), "utf8")) }));
}
