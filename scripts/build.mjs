// Compiles the CLI into dist/ so `ranokit` starts without transpiling TypeScript on every run
// (decision 0012). Run by `npm install` (the `prepare` script) and by the test suite's global setup.
// One ES-module bundle per entry (the command, the measure --batch worker) with the npm dependencies
// inlined; each command module is a separate chunk loaded only when that command runs.
import { rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outdir = join(root, "dist");

// zod's classic API re-exports all of its ~40 message locales (about half of its code); RANOkit uses
// only the English messages zod configures by default, so the bundle gets a locales module with `en`.
const onlyEnglishZodLocales = {
  name: "only-english-zod-locales",
  setup(b) {
    b.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      args.importer.includes("/node_modules/zod/")
        ? { path: join(args.resolveDir, args.path), namespace: "zod-locales" }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "zod-locales" }, (args) => ({
      contents: 'export { default as en } from "./en.js";',
      resolveDir: dirname(args.path),
      loader: "js",
    }));
  },
};

// commander loads node:child_process (and with it net, streams, …) at start-up for executable
// subcommands, which RANOkit does not have; load it only if commander ever spawns.
const lazyChildProcess = {
  name: "lazy-child-process",
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      args.importer.includes("/node_modules/commander/")
        ? { path: "child_process", namespace: "lazy" }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "lazy" }, () => ({
      contents: 'module.exports = { spawn: (...a) => require("node:child_process").spawn(...a) };',
      loader: "js",
    }));
  },
};

rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { ranokit: "src/cli/main.ts", "batch-worker": "src/imaging/batch-worker.ts" },
  outdir,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  chunkNames: "[name]-[hash]",
  // CommonJS dependencies (commander, csv-parse, jstat, cli-progress) call require() for Node's
  // built-ins; give the bundle a real require so those calls resolve.
  banner: {
    js: 'import { createRequire as __ranokitRequire } from "node:module";\nconst require = __ranokitRequire(import.meta.url);',
  },
  legalComments: "linked",
  minify: true,
  sourcemap: process.env.RANOKIT_SOURCEMAP ? "linked" : false,
  plugins: [onlyEnglishZodLocales, lazyChildProcess],
  logLevel: "warning",
});
