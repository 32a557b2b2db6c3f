// The server's commands (serve, worker, audit verify, db backup), loaded only when one of them runs.
import type { CommandModule } from "../commands/index.ts";

export const serverCommands: CommandModule[] = [
  { name: "serve", load: () => import("./serve.ts") },
  { name: "worker", load: () => import("./worker.ts") },
  { name: "audit", load: () => import("./audit.ts") },
  { name: "db", load: () => import("./db.ts") },
];
