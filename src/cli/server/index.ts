// The server's commands: serve, worker, audit verify, db backup.
import type { RegisterCommand } from "../commands/index.ts";
import { register as auditDb } from "./audit-db.ts";
import { register as serve } from "./serve.ts";
import { register as worker } from "./worker.ts";

export const serverCommands: RegisterCommand[] = [serve, worker, auditDb];
