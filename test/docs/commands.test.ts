// Every command shown in README.md and docs/*.md runs as written (issue 12): from a directory laid out
// like the repository root (its bin/, dist/, examples/ and test fixtures linked in), with `ranokit`
// on PATH as `npx ranokit` would be. Each must exit 0 with output — or with the exit code its comment
// documents — and the commands of one page share a directory, so a page can write a file and read it.
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { commandBlocks, splitComment } from "./command-blocks.ts";

const root = join(import.meta.dirname, "../..");
const pages = [
  "README.md",
  ...["docs", "docs/criteria"].flatMap((d) =>
    readdirSync(join(root, d))
      .filter((f) => f.endsWith(".md"))
      .map((f) => `${d}/${f}`),
  ),
];

/** The quick start's `npm install && …`: the install is what ran before this test; `npm test` is this
 * test; `npm start` runs until stopped (test/cli/serve-demo.test.ts starts and checks it). */
function runnable(command: string): string | null {
  const rest = command.replace(/^npm install\s*&&\s*/, "");
  return rest === "npm test" || rest === "npm start" ? null : rest;
}

/** A directory laid out like the repository root, with a `ranokit` executable in `.bin/`. */
function workspace(): { dir: string; path: string } {
  const dir = mkdtempSync(join(tmpdir(), "ranokit-docs-"));
  for (const entry of ["bin", "dist", "examples", "test", "schemas", "node_modules", "package.json"])
    symlinkSync(join(root, entry), join(dir, entry));
  mkdirSync(join(dir, ".bin"));
  writeFileSync(join(dir, ".bin/ranokit"), `#!/bin/sh\nexec node "${join(root, "bin/ranokit.js")}" "$@"\n`);
  chmodSync(join(dir, ".bin/ranokit"), 0o755);
  return { dir, path: `${join(dir, ".bin")}:${process.env.PATH}` };
}

describe("command-block extraction", () => {
  it("joins continuation lines, drops comments outside quotes and reads a documented exit code", () => {
    const md = [
      "```sh",
      'ranokit a --combine "PET|MR #1" \\',
      "  --x 1   # exit 2: bad input",
      "",
      "ranokit b",
      "```",
      "```json",
      "ranokit not-a-command",
      "```",
    ].join("\n");
    expect(commandBlocks("x.md", md)).toEqual([
      { file: "x.md", line: 2, command: 'ranokit a --combine "PET|MR #1" --x 1', expectedExit: 2 },
      { file: "x.md", line: 5, command: "ranokit b", expectedExit: 0 },
    ]);
    expect(splitComment("a#b # c")).toEqual({ command: "a#b", comment: "c" });
  });
});

for (const page of pages) {
  const commands = commandBlocks(page, readFileSync(join(root, page), "utf8"));
  if (commands.length === 0) continue;
  describe(page, () => {
    const { dir, path } = workspace();
    for (const c of commands) {
      const command = runnable(c.command);
      it.skipIf(command === null)(`line ${c.line}: ${c.command}`, () => {
        const r = spawnSync("sh", ["-c", command!], {
          cwd: dir,
          encoding: "utf8",
          env: { ...process.env, NO_COLOR: "1", PATH: path },
          timeout: 60_000,
        });
        expect(r.status, `${page}:${c.line}\n${r.stderr}`).toBe(c.expectedExit);
        const redirect = /\s>\s*(\S+)\s*$/.exec(command!);
        const output = redirect ? readFileSync(join(dir, redirect[1]!), "utf8") : `${r.stdout}${r.stderr}`;
        expect(output.trim().length, `${page}:${c.line}: no output`).toBeGreaterThan(0);
      });
    }
  });
}
