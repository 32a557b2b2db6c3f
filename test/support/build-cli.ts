// Vitest global setup: compiles the CLI into dist/ once per test run, so the end-to-end tests (which
// spawn bin/ranokit.js) exercise the built artefact of the current sources, never a stale build.
import { execFileSync } from "node:child_process";
import { join } from "node:path";

export default function setup(): void {
  execFileSync(process.execPath, [join(import.meta.dirname, "../../scripts/build.mjs")], {
    stdio: "inherit",
    // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build into dist/web.
    env: { ...process.env, NODE_ENV: "production" },
  });
}
