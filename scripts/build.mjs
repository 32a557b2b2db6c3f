// Compiles the CLI into dist/ so `ranokit` starts without transpiling TypeScript on every run
// (decision 0012). Run by `npm install` (the `prepare` script) and by the test suite's global setup.
// Two bundles with the npm dependencies inlined: the command (CommonJS, run by bin/ranokit.js with a
// V8 code cache) and the measure --batch worker (an ES module).
import { spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
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

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: "node",
  target: "node20",
  legalComments: "linked",
  minify: true,
  sourcemap: process.env.RANOKIT_SOURCEMAP ? "linked" : false,
  plugins: [onlyEnglishZodLocales, lazyChildProcess],
  // The server's dependencies stay in node_modules: native addons (better-sqlite3, argon2), optional
  // requires (pg-native) and worker-thread files (pino under fastify) do not survive bundling; they
  // load only in the server commands' chunks.
  external: [
    "better-sqlite3",
    "@node-rs/argon2",
    "pg",
    "pg-boss",
    "fastify",
    "@fastify/cookie",
    "@fastify/static",
    "kysely",
    // The PDF reports drive Chromium through playwright-core, which reads its own files at run time.
    "playwright-core",
  ],
  logLevel: "warning",
};

rmSync(outdir, { recursive: true, force: true });
// The command: one CommonJS file, so that bin/ranokit.js can run it through a V8 code cache (Node 20
// has no compile cache for ES modules). Command modules stay lazy: esbuild turns each dynamic import()
// into an initialiser that runs the module's top-level code only when the command is used.
await build({
  ...common,
  entryPoints: ["src/cli/main.ts"],
  outfile: join(outdir, "ranokit.cjs"),
  format: "cjs",
  define: { "import.meta.url": "__ranokitUrl" },
  banner: { js: 'const __ranokitUrl = require("node:url").pathToFileURL(__filename).href;' },
});
// The measure --batch worker (an ES module next to ranokit.cjs; batch.ts resolves it from there).
await build({
  ...common,
  entryPoints: ["src/imaging/batch-worker.ts"],
  outfile: join(outdir, "batch-worker.js"),
  format: "esm",
  // CommonJS dependencies call require() for Node's built-ins; give the ES module a real require.
  banner: {
    js: 'import { createRequire as __ranokitRequire } from "node:module";\nconst require = __ranokitRequire(import.meta.url);',
  },
});

// The web workstation (web/ → dist/web), served by `ranokit serve`.
// Skipped where web/ is absent (an installed package ships dist/web already built).
if (existsSync(join(root, "web/vite.config.ts"))) {
  const { build: viteBuild } = await import("vite");
  await viteBuild({ configFile: join(root, "web/vite.config.ts"), logLevel: "warn" });
}

// Warm the code cache with the most common command, so that the first cache written holds the code
// `assess` runs (bin/ranokit.js writes it after a run that found none). Best effort: without the
// examples (an installed package) the first real run writes it instead.
const example = join(root, "examples/01-recurrent-gbm-response-then-progression.json");
if (existsSync(example)) {
  spawnSync(process.execPath, [join(root, "bin/ranokit.js"), "assess", example], { stdio: "ignore" });
}
