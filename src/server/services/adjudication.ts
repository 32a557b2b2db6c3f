// Adjudication (BICR, FDA 2018 guidance App. A; Ford et al. 2016): when every reader read of a subject
// is locked, the protocol's triggers compare the reads' assessments under the primary criteria set. If
// one fires, a task is created; the adjudicator sees the locked reads with their assessments and selects
// one, with a reason and an e-signature — not a fresh read. Three-reader protocols take the majority
// best response and adjudicate only when all three differ. The accepted read drives the endpoints.
import type { Kysely, Transaction } from "kysely";
import { newId, nowIso } from "../../db/ids.ts";
import type { AdjudicationsTable, DB, Read } from "../../db/schema.ts";
import { daysBetween } from "../../engine/core/dates.ts";
import type { PatientResult } from "../../engine/index.ts";
import { requireRole, requireStudy } from "../auth/access.ts";
import { checkPassword } from "../auth/passwords.ts";
import { type Audit, type Ctx, write } from "../context.ts";
import { badRequest, conflict, forbidden, notFound, staleVersion } from "../http/problem.ts";
import { ReadProtocolSettings } from "../schemas/protocol.ts";
import { assessLoaded } from "./assessment.ts";
import { type LoadedRead, loadReadRow } from "./read-data.ts";

export interface Trigger {
  kind: "best_response" | "progression_date" | "response_date";
  detail: string;
}

/** Primary-criteria result of a read, or null when it cannot be assessed. */
export function primaryResult(l: LoadedRead): PatientResult | null {
  const a = assessLoaded(l, [l.protocol.primaryCriteria]);
  return a.comparison?.results[l.protocol.primaryCriteria] ?? null;
}

const dateGap = (a: string | null, b: string | null): number | null =>
  a === null && b === null ? 0 : a === null || b === null ? null : Math.abs(daysBetween(a, b));

/** The protocol's adjudication triggers for two reads' results (Applied Clinical Trials: best response,
 * date of progression, date of response). */
export function firedTriggers(p: ReadProtocolSettings, a: PatientResult, b: PatientResult): Trigger[] {
  const fired: Trigger[] = [];
  const ba = a.bestOverallResponse;
  const bb = b.bestOverallResponse;
  if (p.triggers.bestResponse && ba.category !== bb.category) {
    fired.push({ kind: "best_response", detail: `best overall response ${ba.category} vs ${bb.category}` });
  }
  const pd = p.triggers.progressionDateDays;
  if (pd !== null) {
    const gap = dateGap(a.progression.date, b.progression.date);
    if (gap === null || gap > pd) {
      fired.push({
        kind: "progression_date",
        detail: `progression ${a.progression.date ?? "none"} vs ${b.progression.date ?? "none"}${gap === null ? "" : ` (${gap} days apart, more than ${pd})`}`,
      });
    }
  }
  const rd = p.triggers.responseDateDays;
  if (rd !== null && ba.category === bb.category) {
    const gap = dateGap(ba.date, bb.date);
    if (gap === null || gap > rd) {
      fired.push({
        kind: "response_date",
        detail: `response date ${ba.date ?? "none"} vs ${bb.date ?? "none"}`,
      });
    }
  }
  return fired;
}

const currentReaderReads = (db: Kysely<DB>, subjectId: string) =>
  db
    .selectFrom("reads")
    .selectAll()
    .where("subject_id", "=", subjectId)
    .where("kind", "=", "reader")
    .where("status", "!=", "superseded")
    .orderBy("id")
    .execute();

/** Majority of three on best response: the earliest read of the majority, or null when all differ. */
function majority(results: Array<{ read: Read; result: PatientResult }>): Read | null {
  for (const x of results) {
    const same = results.filter(
      (y) => y.result.bestOverallResponse.category === x.result.bestOverallResponse.category,
    );
    if (same.length >= 2) return same[0]!.read;
  }
  return null;
}

/** Called in the transaction that locks a read: creates the adjudication task when a trigger fires. */
export async function onReadLocked(trx: Transaction<DB>, audit: Audit, subjectId: string): Promise<void> {
  const reads = await currentReaderReads(trx, subjectId);
  const loaded = await Promise.all(reads.map((r) => loadReadRow(trx, r)));
  const protocol = loaded[0]?.protocol;
  if (!protocol) return;
  const needed = protocol.paradigm === "three_readers_majority" ? 3 : 2;
  if (reads.length < needed || reads.some((r) => r.status !== "locked")) return;
  const results = loaded.map((l) => ({ read: l.read, result: primaryResult(l) }));
  let triggers: Trigger[] = [];
  if (results.some((r) => r.result === null)) {
    triggers = [{ kind: "best_response", detail: "a read cannot be assessed under the primary criteria" }];
  } else if (needed === 2) {
    triggers = firedTriggers(protocol, results[0]!.result!, results[1]!.result!);
  } else if (majority(results as Array<{ read: Read; result: PatientResult }>) === null) {
    triggers = [
      {
        kind: "best_response",
        detail: `no majority: ${results.map((r) => r.result!.bestOverallResponse.category).join(" / ")}`,
      },
    ];
  }
  if (triggers.length === 0) {
    await audit({
      action: "adjudication.not_needed",
      entity: "subject",
      entityId: subjectId,
      after: { readIds: reads.map((r) => r.id) },
    });
    return;
  }
  const row: AdjudicationsTable = {
    id: newId(),
    study_id: reads[0]!.study_id,
    subject_id: subjectId,
    read_ids: JSON.stringify(reads.map((r) => r.id)),
    triggers: JSON.stringify(triggers),
    status: "open",
    adjudicator_id: null,
    selected_read_id: null,
    reason: null,
    signature_meaning: null,
    signed_at: null,
    version: 1,
    created_at: nowIso(),
  };
  await trx.insertInto("adjudications").values(row).execute();
  await audit({
    action: "adjudication.create",
    entity: "adjudication",
    entityId: row.id,
    after: { subjectId, readIds: reads.map((r) => r.id), triggers },
  });
}

/** The read that counts for the subject's endpoints: the adjudicator's choice, the majority, or — when
 * the locked reads agree — the first reader's read. Null while reads are open or adjudication pending. */
export type AcceptedHow = "adjudicated" | "majority" | "agreement";

/** Which read is accepted, from what is known about the subject (pure, so the study-wide results can
 * decide it for every subject from a few bulk queries): the adjudicator's choice; none while a task is
 * open or the reads are incomplete; with three readers the majority best response; else reader 1. */
export function chooseAccepted(x: {
  decided: Read | null;
  open: boolean;
  /** Current (not superseded) reader reads, in id order. */
  readerReads: Read[];
  paradigm: ReadProtocolSettings["paradigm"] | undefined;
  primaryOf(read: Read): PatientResult | null;
}): { read: Read; how: AcceptedHow } | null {
  if (x.decided) return { read: x.decided, how: "adjudicated" };
  if (x.open) return null;
  const reads = x.readerReads;
  if (reads.length < 2 || reads.some((r) => r.status !== "locked")) return null;
  if (x.paradigm === "three_readers_majority") {
    if (reads.length < 3) return null;
    const results = reads.map((read) => ({ read, result: x.primaryOf(read) }));
    if (results.some((r) => r.result === null)) return null;
    const m = majority(results as Array<{ read: Read; result: PatientResult }>);
    return m ? { read: m, how: "majority" } : null;
  }
  return { read: reads[0]!, how: "agreement" };
}

export async function acceptedRead(
  db: Kysely<DB>,
  subjectId: string,
): Promise<{ read: Read; how: string } | null> {
  const decided = await db
    .selectFrom("adjudications")
    .select(["selected_read_id"])
    .where("subject_id", "=", subjectId)
    .where("status", "=", "decided")
    .orderBy("id", "desc")
    .executeTakeFirst();
  const decidedRead = decided?.selected_read_id
    ? await db
        .selectFrom("reads")
        .selectAll()
        .where("id", "=", decided.selected_read_id)
        .executeTakeFirstOrThrow()
    : null;
  const open = decidedRead
    ? undefined
    : await db
        .selectFrom("adjudications")
        .select("id")
        .where("subject_id", "=", subjectId)
        .where("status", "=", "open")
        .executeTakeFirst();
  const reads = decidedRead || open ? [] : await currentReaderReads(db, subjectId);
  const loaded = new Map<string, LoadedRead>();
  let paradigm: ReadProtocolSettings["paradigm"] | undefined;
  if (reads.length >= 2 && reads.every((r) => r.status === "locked")) {
    // The paradigm from the protocol alone; the reads themselves are loaded only for a majority vote.
    const protocol = await db
      .selectFrom("protocol_versions")
      .select("settings")
      .where("id", "=", reads[0]!.protocol_id)
      .executeTakeFirstOrThrow();
    paradigm = ReadProtocolSettings.parse(JSON.parse(protocol.settings)).paradigm;
    if (paradigm === "three_readers_majority")
      for (const r of reads) loaded.set(r.id, await loadReadRow(db, r));
  }
  return chooseAccepted({
    decided: decidedRead,
    open: open !== undefined,
    readerReads: reads,
    paradigm,
    primaryOf: (r) => primaryResult(loaded.get(r.id)!),
  });
}

export function adjudicationOut(a: AdjudicationsTable, adjudicator: string | null) {
  return {
    id: a.id,
    studyId: a.study_id,
    subjectId: a.subject_id,
    readIds: JSON.parse(a.read_ids) as string[],
    triggers: JSON.parse(a.triggers) as Trigger[],
    status: a.status,
    adjudicator,
    selectedReadId: a.selected_read_id,
    reason: a.reason,
    signedAt: a.signed_at,
    version: a.version,
    createdAt: a.created_at,
  };
}

export async function listAdjudications(
  ctx: Ctx,
  studyId: string,
  status: string | undefined,
  limit: number,
  after?: string,
) {
  requireRole(ctx, "admin", "study_manager", "adjudicator", "monitor");
  await requireStudy(ctx, studyId);
  let q = ctx.database.db
    .selectFrom("adjudications as a")
    .leftJoin("users as u", "u.id", "a.adjudicator_id")
    .selectAll("a")
    .select("u.username")
    .where("a.study_id", "=", studyId)
    .orderBy("a.id")
    .limit(limit + 1);
  if (status) q = q.where("a.status", "=", status as "open");
  if (after) q = q.where("a.id", ">", after);
  const rows = await q.execute();
  const more = rows.length > limit;
  const items = (more ? rows.slice(0, limit) : rows).map((r) => adjudicationOut(r, r.username));
  return { items, next: more ? items[items.length - 1]!.id : null };
}

async function requireAdjudication(ctx: Ctx, id: string) {
  requireRole(ctx, "admin", "study_manager", "adjudicator", "monitor");
  const a = await ctx.database.db
    .selectFrom("adjudications")
    .selectAll()
    .where("id", "=", id)
    .executeTakeFirst();
  if (!a) throw notFound(`adjudication ${id}`);
  await requireStudy(ctx, a.study_id);
  return a;
}

/** The task with both locked reads, their assessments and what differs. */
export async function getAdjudication(ctx: Ctx, id: string) {
  const a = await requireAdjudication(ctx, id);
  const readIds = JSON.parse(a.read_ids) as string[];
  const reads = await ctx.database.db
    .selectFrom("reads")
    .selectAll()
    .where("id", "in", readIds)
    .orderBy("id")
    .execute();
  const loaded = await Promise.all(reads.map((r) => loadReadRow(ctx.database.db, r)));
  const adjudicator = a.adjudicator_id
    ? ((
        await ctx.database.db
          .selectFrom("users")
          .select("username")
          .where("id", "=", a.adjudicator_id)
          .executeTakeFirst()
      )?.username ?? null)
    : null;
  return {
    ...adjudicationOut(a, adjudicator),
    reads: loaded.map((l) => ({
      readId: l.read.id,
      reader: l.readerName,
      timepoints: l.timepoints.map((t) => ({
        date: t.date,
        data: t.data,
        lesions: t.lesions.map((x) => ({ id: x.id, ...x.lesion })),
        signature: t.signature,
      })),
      assessment: primaryResult(l),
    })),
  };
}

export async function decide(
  ctx: Ctx,
  id: string,
  d: { version: number; selectedReadId: string; reason: string; password: string; meaning: string },
) {
  requireRole(ctx, "adjudicator");
  const a = await requireAdjudication(ctx, id);
  if (a.status !== "open") throw conflict(`the adjudication is ${a.status}`);
  if (a.version !== d.version) throw staleVersion("the adjudication", a.version);
  const readIds = JSON.parse(a.read_ids) as string[];
  if (!readIds.includes(d.selectedReadId)) {
    throw badRequest("select one of the task's reads", [
      { path: "$.selectedReadId", message: `must be one of ${readIds.join(", ")}` },
    ]);
  }
  const reads = await ctx.database.db
    .selectFrom("reads")
    .select(["reader_id"])
    .where("id", "in", readIds)
    .execute();
  if (reads.some((r) => r.reader_id === ctx.actor.user.id))
    throw forbidden("you read this subject: someone else adjudicates it");
  const user = await ctx.database.db
    .selectFrom("users")
    .select("password_hash")
    .where("id", "=", ctx.actor.user.id)
    .executeTakeFirstOrThrow();
  if (!(await checkPassword(user.password_hash, d.password))) {
    await write(ctx, (_trx, audit) =>
      audit({ action: "signature.refused", entity: "adjudication", entityId: id }),
    );
    throw forbidden("signature refused: the password does not match");
  }
  const now = nowIso();
  await write(ctx, async (trx, audit) => {
    const r = await trx
      .updateTable("adjudications")
      .set({
        status: "decided",
        adjudicator_id: ctx.actor.user.id,
        selected_read_id: d.selectedReadId,
        reason: d.reason,
        signature_meaning: d.meaning,
        signed_at: now,
        version: a.version + 1,
      })
      .where("id", "=", id)
      .where("version", "=", d.version)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw staleVersion("the adjudication", null);
    await audit({
      action: "adjudication.decide",
      entity: "adjudication",
      entityId: id,
      before: { status: "open" },
      after: {
        status: "decided",
        selectedReadId: d.selectedReadId,
        signedBy: ctx.actor.user.username,
        meaning: d.meaning,
        at: now,
      },
      reason: d.reason,
    });
  });
  return getAdjudication(ctx, id);
}
