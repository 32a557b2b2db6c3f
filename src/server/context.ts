// What every service call gets: the database, the job queue, the assessment cache, the settings and the
// authenticated actor. Services open with their access check, then do the work.
import type { Transaction } from "kysely";
import type { Database } from "../db/connect.ts";
import type { DB, Role } from "../db/schema.ts";
import { type AuditEvent, appendAudit } from "./audit/chain.ts";
import type { JobQueue } from "./jobs/queue.ts";
import type { AssessmentCache } from "./services/assessment.ts";

export interface ServerSettings {
  /** A session ends after this many minutes without a request. */
  idleTimeoutMinutes: number;
  /** …and in any case this many hours after sign-in. */
  sessionHours: number;
  /** Failed sign-ins in a row that lock the account, and for how long. */
  maxFailedLogins: number;
  lockoutMinutes: number;
  /** Secure cookies (behind HTTPS); off for loopback development. */
  secureCookies: boolean;
}

export const defaultSettings: ServerSettings = {
  idleTimeoutMinutes: 30,
  sessionHours: 12,
  maxFailedLogins: 5,
  lockoutMinutes: 15,
  secureCookies: false,
};

export interface Deps {
  database: Database;
  jobs: JobQueue;
  cache: AssessmentCache;
  settings: ServerSettings;
}

export interface AuthUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
}

export interface Actor {
  user: AuthUser;
  /** The session (cookie sign-in) or null for an API token. */
  sessionId: string | null;
  /** The session's CSRF token (cookie sessions only). */
  csrf: string | null;
}

export interface Ctx extends Deps {
  actor: Actor;
}

export const SYSTEM: Actor = {
  user: { id: "system", username: "system", displayName: "RANOkit", role: "admin" },
  sessionId: null,
  csrf: null,
};

export type Audit = (e: Omit<AuditEvent, "actor">) => Promise<void>;

/** Runs `fn` in one transaction with an audit writer bound to it: the change and its audit entry
 * commit together or not at all. */
export function write<T>(
  ctx: Deps & { actor: Actor },
  fn: (trx: Transaction<DB>, audit: Audit) => Promise<T>,
) {
  return ctx.database.db.transaction().execute((trx) =>
    fn(trx, async (e) => {
      await appendAudit(trx, ctx.database.dialect, { ...e, actor: ctx.actor.user.username });
    }),
  );
}
