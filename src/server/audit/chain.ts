// The audit trail: append-only and hash-chained. Every entry's hash covers its own fields and the hash of
// the entry before it, so changing, removing or reordering any entry breaks the chain from that entry
// on. Entries are written in the same transaction as the change they record; the database refuses
// UPDATE and DELETE on the table (migration 0001), and `verifyChain` finds what got past that.
import { createHash } from "node:crypto";
import { type Kysely, sql, type Transaction } from "kysely";
import type { Dialect } from "../../db/connect.ts";
import { nowIso } from "../../db/ids.ts";
import type { AuditLogTable, DB } from "../../db/schema.ts";

export const GENESIS = "0".repeat(64);

export interface AuditEvent {
  actor: string;
  action: string;
  entity: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
}

export function entryHash(e: Omit<AuditLogTable, "hash">): string {
  const fields = [
    e.seq,
    e.at,
    e.actor,
    e.action,
    e.entity,
    e.entity_id,
    e.before,
    e.after,
    e.reason,
    e.prev_hash,
  ];
  return createHash("sha256").update(JSON.stringify(fields)).digest("hex");
}

const asJson = (v: unknown): string | null => (v === undefined ? null : JSON.stringify(v));

/** Appends one entry inside the caller's transaction. On PostgreSQL an advisory lock held to commit
 * serialises appenders across server processes, so two writers never chain onto the same entry. */
export async function appendAudit(trx: Transaction<DB>, dialect: Dialect, e: AuditEvent): Promise<number> {
  if (dialect === "postgres") await sql`SELECT pg_advisory_xact_lock(727013)`.execute(trx);
  const last = await trx
    .selectFrom("audit_log")
    .select(["seq", "hash"])
    .orderBy("seq", "desc")
    .limit(1)
    .executeTakeFirst();
  const entry = {
    seq: (last?.seq ?? 0) + 1,
    at: nowIso(),
    actor: e.actor,
    action: e.action,
    entity: e.entity,
    entity_id: e.entityId,
    before: asJson(e.before),
    after: asJson(e.after),
    reason: e.reason ?? null,
    prev_hash: last?.hash ?? GENESIS,
  };
  await trx
    .insertInto("audit_log")
    .values({ ...entry, hash: entryHash(entry) })
    .execute();
  return entry.seq;
}

/** A chain head saved outside the database (`audit verify --json`): the last entry's seq and hash. */
export interface ChainHead {
  seq: number;
  hash: string;
}

export interface ChainVerification {
  ok: boolean;
  entries: number;
  lastHash: string;
  /** The last entry that verifies: save it elsewhere and pass it back as an anchor later. */
  head: ChainHead;
  /** The first entry that does not verify, and why. */
  firstBroken: { seq: number; problem: string } | null;
  /** With an anchor: whether the chain still extends it (the anchored entry is there with its hash). */
  anchor: (ChainHead & { ok: boolean; problem: string | null }) | null;
}

/**
 * Recomputes the whole chain in seq order, a page at a time. The chain alone cannot show a rewrite of
 * an entry and every later one with recomputed hashes; an anchor — a head saved earlier — can: the
 * anchored entry must still be there with the same hash, so a rewrite of anything up to it is found.
 */
export async function verifyChain(db: Kysely<DB>, anchor?: ChainHead): Promise<ChainVerification> {
  let prev = GENESIS;
  let expectedSeq = 1;
  let entries = 0;
  let anchorProblem: string | null | undefined;
  if (anchor?.seq === 0)
    anchorProblem = anchor.hash === GENESIS ? null : "an anchor at entry 0 must carry the genesis hash";
  const finish = (firstBroken: ChainVerification["firstBroken"]): ChainVerification => {
    if (anchor && anchorProblem === undefined) {
      anchorProblem = firstBroken
        ? `the chain breaks at entry ${firstBroken.seq}, before the anchored entry ${anchor.seq}`
        : `the chain ends at entry ${entries}, before the anchored entry ${anchor.seq} (entries were removed)`;
    }
    const anchorOk = anchor ? anchorProblem === null : true;
    return {
      ok: firstBroken === null && anchorOk,
      entries,
      lastHash: prev,
      head: { seq: entries, hash: prev },
      firstBroken,
      anchor: anchor ? { ...anchor, ok: anchorOk, problem: anchorProblem ?? null } : null,
    };
  };
  for (;;) {
    const page = await db
      .selectFrom("audit_log")
      .selectAll()
      .where("seq", ">=", expectedSeq)
      .orderBy("seq")
      .limit(5000)
      .execute();
    for (const row of page) {
      const problem =
        row.seq !== expectedSeq
          ? `entry ${expectedSeq} is missing (next entry is ${row.seq})`
          : row.prev_hash !== prev
            ? "prev_hash does not match the hash of the entry before"
            : entryHash(row) !== row.hash
              ? "content does not match its hash (the entry was altered)"
              : null;
      if (problem) return finish({ seq: expectedSeq, problem });
      if (anchor && row.seq === anchor.seq) {
        anchorProblem =
          row.hash === anchor.hash
            ? null
            : `entry ${anchor.seq} has hash ${row.hash}, not the anchored ${anchor.hash}: the trail up to it was rewritten`;
      }
      prev = row.hash;
      expectedSeq++;
      entries++;
    }
    if (page.length < 5000) return finish(null);
  }
}
