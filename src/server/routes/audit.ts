// The audit trail: a change feed (since/limit, as Orthanc's /changes), chain verification and export.
import { z } from "zod";
import type { AuditLogTable } from "../../db/schema.ts";
import { csvField } from "../../io/csv-write.ts";
import { verifyChain } from "../audit/chain.ts";
import { Raw, route } from "../http/route.ts";

const SEE = ["admin", "study_manager", "monitor"] as const;
const Entry = z.object({
  seq: z.number().int(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  reason: z.string().nullable(),
  prevHash: z.string(),
  hash: z.string(),
});
type Row = AuditLogTable;
const Head = z.object({ seq: z.number().int(), hash: z.string() });
const entryOut = (r: Row) => ({
  seq: r.seq,
  at: r.at,
  actor: r.actor,
  action: r.action,
  entity: r.entity,
  entityId: r.entity_id,
  before: r.before === null ? null : JSON.parse(r.before),
  after: r.after === null ? null : JSON.parse(r.after),
  reason: r.reason,
  prevHash: r.prev_hash,
  hash: r.hash,
});
const COLUMNS = [
  "seq",
  "at",
  "actor",
  "action",
  "entity",
  "entity_id",
  "before",
  "after",
  "reason",
  "prev_hash",
  "hash",
] as const;

export const auditRoutes = [
  route({
    method: "GET",
    url: "/api/v1/audit",
    operationId: "auditFeed",
    summary: "Audit entries after a sequence number, oldest first",
    tag: "audit",
    access: SEE,
    query: z.strictObject({
      since: z.coerce.number().int().nonnegative().default(0),
      limit: z.coerce.number().int().min(1).max(1000).default(100),
      entityId: z.string().max(64).optional(),
    }),
    response: z.object({ entries: z.array(Entry), last: z.number().int(), done: z.boolean() }),
    handler: async (ctx, { query }) => {
      let q = ctx.database.db
        .selectFrom("audit_log")
        .selectAll()
        .where("seq", ">", query.since)
        .orderBy("seq")
        .limit(query.limit + 1);
      if (query.entityId) q = q.where("entity_id", "=", query.entityId);
      const rows = await q.execute();
      const page = rows.slice(0, query.limit);
      return {
        entries: page.map(entryOut),
        last: page.at(-1)?.seq ?? query.since,
        done: rows.length <= query.limit,
      };
    },
  }),
  route({
    method: "GET",
    url: "/api/v1/audit/verify",
    operationId: "auditVerify",
    summary:
      "Recompute the hash chain; names the first broken entry. With anchorSeq and anchorHash (a head saved earlier), also checks that the chain still extends that head, which finds a rewrite of the whole tail",
    tag: "audit",
    access: ["admin", "monitor"],
    query: z
      .strictObject({
        anchorSeq: z.coerce.number().int().nonnegative().optional().describe("seq of a saved head"),
        anchorHash: z
          .string()
          .regex(/^[0-9a-f]{64}$/, "a sha256 hash: 64 lower-case hex digits")
          .optional()
          .describe("hash of a saved head"),
      })
      .refine((q) => (q.anchorSeq === undefined) === (q.anchorHash === undefined), {
        message: "give anchorSeq and anchorHash together",
        path: ["anchorHash"],
      }),
    response: z.object({
      ok: z.boolean().describe("the chain verifies and, with an anchor, extends it"),
      entries: z.number().int(),
      lastHash: z.string(),
      head: Head.describe("the last entry that verifies: keep it outside the database as a later anchor"),
      firstBroken: z.object({ seq: z.number().int(), problem: z.string() }).nullable(),
      anchor: Head.extend({ ok: z.boolean(), problem: z.string().nullable() }).nullable(),
    }),
    handler: (ctx, { query }) =>
      verifyChain(
        ctx.database.db,
        query.anchorSeq === undefined ? undefined : { seq: query.anchorSeq, hash: query.anchorHash! },
      ),
  }),
  route({
    method: "GET",
    url: "/api/v1/audit/export",
    operationId: "auditExport",
    summary: "The whole trail as CSV or JSON",
    tag: "audit",
    access: ["admin", "monitor"],
    query: z.strictObject({ format: z.enum(["csv", "json"]).default("csv") }),
    response: z.array(Entry),
    produces: ["text/csv"],
    handler: async (ctx, { query }) => {
      const rows = await ctx.database.db.selectFrom("audit_log").selectAll().orderBy("seq").execute();
      if (query.format === "json")
        return new Raw(JSON.stringify(rows.map(entryOut)), "application/json; charset=utf-8", "audit.json");
      const lines = [COLUMNS.join(","), ...rows.map((r) => COLUMNS.map((c) => csvField(r[c])).join(","))];
      return new Raw(`${lines.join("\n")}\n`, "text/csv; charset=utf-8", "audit.csv");
    },
  }),
];
