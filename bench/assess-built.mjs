// `node bench/assess-built.mjs [-- same options as npm run bench]`: the assessment benchmark on the engine as
// the package ships it — bundled by esbuild like dist/ (scripts/build.mjs), without tsx's transpile-time
// helpers (keep-names wraps every closure in a `__name` call, ~4–10 % of assessment under tsx).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dir = mkdtempSync(join(tmpdir(), "ranokit-bench-"));
try {
  const outfile = join(dir, "assess.bench.mjs");
  await build({
    entryPoints: [join(root, "bench/assess.bench.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    outfile,
    logLevel: "error",
  });
  const args = process.argv.slice(2).filter((a) => a !== "--");
  const run = spawnSync(process.execPath, ["--expose-gc", outfile, ...args], { stdio: "inherit" });
  process.exitCode = run.status ?? 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
