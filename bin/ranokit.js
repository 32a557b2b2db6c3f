#!/usr/bin/env node
// Runs the compiled CLI, dist/ranokit.cjs (built from src/ by `npm run build`, which `npm install` runs
// as the `prepare` script); no TypeScript loader at run time. The bundle is compiled through a V8 code
// cache kept next to it, so a command does not re-parse and re-compile the same code on every run
// (Node 20 has no module compile cache; decision 0012). The cache is keyed by the bundle's size and
// modification time and the command, written atomically after a run that had none, and V8 verifies it before use (a
// rejected or unreadable cache only costs the normal compile). Without write access (a read-only
// install) the CLI runs uncached.
import { readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Script } from "node:vm";

const file = fileURLToPath(new URL("../dist/ranokit.cjs", import.meta.url));
const stat = statSync(file);
// One cache per command: each holds the functions its command compiled on the run that wrote it.
const command = /^[a-z]+$/.test(process.argv[2] ?? "") ? process.argv[2] : "other";
const cacheFile = join(dirname(file), `.ranokit-${stat.size}-${Math.trunc(stat.mtimeMs)}-${command}.v8cache`);
let cachedData;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  cachedData = undefined;
}
const source = readFileSync(file, "utf8");
const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
  filename: file,
  cachedData,
});
if (cachedData === undefined || script.cachedDataRejected) {
  process.once("exit", () => {
    const tmp = `${cacheFile}.${process.pid}`;
    try {
      writeFileSync(tmp, script.createCachedData());
      renameSync(tmp, cacheFile);
    } catch {
      try {
        unlinkSync(tmp);
      } catch {}
    }
  });
}
const module = { exports: {} };
script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
