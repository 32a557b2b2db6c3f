// Plain-JavaScript entry of a batch worker: registers tsx's loader (as bin/ranokit.js does for the main
// thread; Node 20 does not apply `--import` to worker threads), then loads the TypeScript worker.
import { register } from "tsx/esm/api";

register();
await import("./batch-worker.ts");
