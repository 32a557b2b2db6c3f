// Named prepared statements on PostgreSQL. kysely sends every query unnamed, so PostgreSQL parses and
// plans it again on every execution; for the server's short indexed lookups that planning is most of
// the database's CPU (measured: the timeline's two queries cost 610–810 µs of backend CPU unnamed,
// 220–320 µs prepared). This wraps each pooled connection's query(): a statement text seen a second time
// on a connection is prepared under a name derived from its text (so the same name never means another
// text) and executed by name from then on. Bounded: at most `limit` statements per connection, and the
// texts seen once are forgotten when there are too many of them (queries with IN lists of varying length
// would otherwise grow both without end). Only SELECT/INSERT/UPDATE/DELETE/WITH are prepared — never
// DDL or transaction control. A statement that PostgreSQL refuses to re-run after a concurrent schema
// change ("cached plan must not change result type") is not prepared again on that connection.
import { createHash } from "node:crypto";
import type pg from "pg";

const PREPARABLE = /^\s*(select|insert|update|delete|with)\b/i;
const STALE_PLAN = "0A000";

export interface PreparedStats {
  prepared: number;
  executedByName: number;
}

type Query = (config: unknown, values?: unknown, callback?: unknown) => unknown;

export function prepareStatements(client: pg.ClientBase, limit = 500, seenLimit = 5000): PreparedStats {
  const names = new Map<string, string>();
  const seen = new Set<string>();
  const refused = new Set<string>();
  const stats: PreparedStats = { prepared: 0, executedByName: 0 };
  const query = client.query.bind(client) as Query;

  const nameFor = (text: string): string | undefined => {
    const known = names.get(text);
    if (known) return known;
    if (names.size >= limit || refused.has(text) || !PREPARABLE.test(text)) return undefined;
    if (!seen.has(text)) {
      if (seen.size >= seenLimit) seen.clear();
      seen.add(text);
      return undefined;
    }
    seen.delete(text);
    const name = `rk_${createHash("sha1").update(text).digest("hex").slice(0, 24)}`;
    names.set(text, name);
    stats.prepared++;
    return name;
  };

  (client as unknown as { query: Query }).query = (config, values, callback) => {
    // kysely's form: query(text, values) returning a promise. Everything else passes through untouched.
    if (typeof config !== "string" || !Array.isArray(values) || callback !== undefined)
      return query(config, values, callback);
    const name = nameFor(config);
    if (!name) return query(config, values);
    stats.executedByName++;
    return (query({ name, text: config, values }) as Promise<unknown>).catch((error: { code?: string }) => {
      if (error?.code === STALE_PLAN) {
        names.delete(config);
        refused.add(config);
      }
      throw error;
    });
  };
  return stats;
}
