#!/usr/bin/env node
// Runs the compiled CLI (dist/, built from src/ by `npm run build`, which `npm install` runs as the
// `prepare` script). No TypeScript loader at run time: start-up is Node's own (decision 0012).
await import("../dist/ranokit.js");
