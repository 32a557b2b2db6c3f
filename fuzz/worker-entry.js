// Plain-JavaScript entry of a fuzz worker: registers tsx's loader (Node 20 does not apply `--import`
// to worker threads), then loads the TypeScript worker.
import { register } from "tsx/esm/api";

register();
await import("./worker.ts");
