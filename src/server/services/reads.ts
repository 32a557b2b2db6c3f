// Reads: one per reader per subject, entered per time point, locked and e-signed per time point
// (password re-entry, the meaning of the signature and the time: 21 CFR 11.50/11.200 style). A locked
// time point is never edited; a change is a re-read: a new read that supersedes the old one, audited
// with its reason. Under time-sequential presentation (FDA 2018 guidance, App. A) a later time point
// opens only after every earlier one is locked.
import { sql } from "kysely";
import { newId, nowIso } from "../../db/ids.ts";
import type { Read } from "../../db/schema.ts";
import { Lesion, parseCase } from "../../engine/index.ts";
import { requireStudy } from "../auth/access.ts";
import { checkPassword } from "../auth/passwords.ts";
import { type Ctx, write } from "../context.ts";
import { badRequest, conflict, forbidden, notFound, staleVersion } from "../http/problem.ts";
import { onReadLocked } from "./adjudication.ts";
import { caseOfRead, type LoadedRead, loadReadRow } from "./read-data.ts";
import { requireSubject } from "./subjects.ts";

const MANAGERS = ["admin", "study_manager"];

export function readSummary(r: Read, readerName: string | null) {
  return {
    id: r.id,
    subjectId: r.subject_id,
    studyId: r.study_id,
    kind: r.kind,
    reader: readerName,
    protocolId: r.protocol_id,
    status: r.status,
    supersedesId: r.supersedes_id,
    version: r.version,
    createdAt: r.created_at,
    lockedAt: r.locked_at,
  };
}

export function readOut(l: LoadedRead) {
  const sequential = l.protocol.presentation === "time_sequential";
  let earlierUnlocked = false;
  return {
    ...readSummary(l.read, l.readerName),
    timepoints: l.timepoints.map((t) => {
      const open = !sequential || !earlierUnlocked;
      if (!t.locked) earlierUnlocked = true;
      return {
        timepointId: t.timepointId,
        date: t.date,
        // A closed time point shows nothing: the reader must not see a later scan's read early.
        data: open ? t.data : null,
        lesions: open ? t.lesions : [],
        locked: t.locked,
        open,
        signature: t.signature,
        version: t.version,
      };
    }),
  };
}

/** Blinding: who may see this read. */
export async function requireReadAccess(ctx: Ctx, read: Read): Promise<void> {
  await requireStudy(ctx, read.study_id);
  await requireReadAccessInStudy(ctx, read);
}

/** The blinding rules of requireReadAccess, once the actor's access to the read's study is checked. */
export async function requireReadAccessInStudy(ctx: Ctx, read: Read): Promise<void> {
  const role = ctx.actor.user.role;
  if (MANAGERS.includes(role) || role === "monitor") return;
  if (role === "reader") {
    if (read.kind === "reader" && read.reader_id === ctx.actor.user.id) return;
    throw forbidden("readers see only their own reads");
  }
  if (role === "adjudicator" && read.kind === "reader") {
    // Adjudication tasks exist only once all reads of the subject are locked.
    const tasks = await ctx.database.db
      .selectFrom("adjudications")
      .select("read_ids")
      .where("subject_id", "=", read.subject_id)
      .execute();
    if (tasks.some((t) => (JSON.parse(t.read_ids) as string[]).includes(read.id))) return;
  }
  throw forbidden("adjudicators see reads only in an adjudication task, once all of them are locked");
}

export async function requireRead(ctx: Ctx, readId: string): Promise<Read> {
  const read = await ctx.database.db
    .selectFrom("reads")
    .selectAll()
    .where("id", "=", readId)
    .executeTakeFirst();
  if (!read) throw notFound(`read ${readId}`);
  await requireReadAccess(ctx, read);
  return read;
}

function requireEditor(ctx: Ctx, read: Read) {
  const own = read.kind === "reader" && read.reader_id === ctx.actor.user.id;
  const site = read.kind === "site" && MANAGERS.includes(ctx.actor.user.role);
  if (!own && !site) throw forbidden("only the read's own reader enters it (site reads: a study manager)");
  if (read.status !== "in_progress")
    throw conflict(`the read is ${read.status}: start a re-read to change it`);
}

export async function startRead(ctx: Ctx, subjectId: string, kind: "reader" | "site") {
  const subject = await requireSubject(ctx, subjectId);
  const study = await requireStudy(ctx, subject.study_id);
  if (kind === "reader" && ctx.actor.user.role !== "reader")
    throw forbidden("only readers start reader reads");
  if (kind === "site" && !MANAGERS.includes(ctx.actor.user.role))
    throw forbidden("site reads are entered by a study manager");
  const protocol = await ctx.database.db
    .selectFrom("protocol_versions")
    .select("settings")
    .where("id", "=", study.current_protocol_id!)
    .executeTakeFirstOrThrow();
  const readersNeeded = JSON.parse(protocol.settings).paradigm === "three_readers_majority" ? 3 : 2;
  const current = await ctx.database.db
    .selectFrom("reads")
    .select(["reader_id", "kind"])
    .where("subject_id", "=", subjectId)
    .where("status", "!=", "superseded")
    .execute();
  if (kind === "site" && current.some((r) => r.kind === "site"))
    throw conflict("the subject already has a site read");
  if (kind === "reader") {
    const readers = current.filter((r) => r.kind === "reader");
    if (readers.some((r) => r.reader_id === ctx.actor.user.id))
      throw conflict("you already have a read of this subject");
    if (readers.length >= readersNeeded) throw conflict(`the subject already has its ${readersNeeded} reads`);
  }
  const read: Read = {
    id: newId(),
    study_id: subject.study_id,
    subject_id: subjectId,
    reader_id: kind === "reader" ? ctx.actor.user.id : null,
    kind,
    protocol_id: study.current_protocol_id!,
    status: "in_progress",
    supersedes_id: null,
    reason: null,
    version: 1,
    created_at: nowIso(),
    locked_at: null,
  };
  await write(ctx, async (trx, audit) => {
    await trx.insertInto("reads").values(read).execute();
    await audit({
      action: "read.start",
      entity: "read",
      entityId: read.id,
      after: { subjectId, kind, protocolId: read.protocol_id },
    });
  });
  return readSummary(read, kind === "reader" ? ctx.actor.user.username : null);
}

export async function listReads(ctx: Ctx, subjectId: string) {
  await requireSubject(ctx, subjectId);
  const rows = await ctx.database.db
    .selectFrom("reads as r")
    .leftJoin("users as u", "u.id", "r.reader_id")
    .selectAll("r")
    .select("u.username")
    .where("r.subject_id", "=", subjectId)
    .orderBy("r.id")
    .execute();
  const visible = [];
  for (const r of rows) {
    try {
      await requireReadAccess(ctx, r);
      visible.push(readSummary(r, r.username));
    } catch {
      // Not listed rather than refused: a reader must not even learn that other reads exist.
    }
  }
  return { items: visible };
}

export async function getRead(ctx: Ctx, readId: string) {
  const read = await requireRead(ctx, readId);
  return readOut(await loadReadRow(ctx.database.db, read));
}

/** The time point must be open for entry: unlocked, and every earlier one locked when sequential. */
function requireOpen(l: LoadedRead, timepointId: string) {
  const i = l.timepoints.findIndex((t) => t.timepointId === timepointId);
  if (i < 0) throw notFound(`time point ${timepointId} of this subject`);
  const tp = l.timepoints[i]!;
  if (tp.locked) throw conflict("this time point is locked and signed: start a re-read to change it");
  if (l.protocol.presentation === "time_sequential" && l.timepoints.slice(0, i).some((t) => !t.locked)) {
    throw conflict("time-sequential presentation: lock the earlier time points first");
  }
  return tp;
}

/** A read's entry for one time point, not yet signed. */
const unsignedTimepoint = (id: string, readId: string, timepointId: string, data: unknown) => ({
  id,
  read_id: readId,
  timepoint_id: timepointId,
  data: JSON.stringify(data),
  locked_at: null,
  signed_by: null,
  signature_meaning: null,
  session_id: null,
  version: 1,
});

const bump = (trx: Parameters<Parameters<typeof write>[1]>[0], readId: string) =>
  trx
    .updateTable("reads")
    .set((eb) => ({ version: eb("version", "+", 1) }))
    .where("id", "=", readId)
    .execute();

export async function putTimepoint(
  ctx: Ctx,
  readId: string,
  timepointId: string,
  body: {
    version?: number | undefined;
    data: Record<string, unknown>;
    lesions: Array<{ id: string } & Record<string, unknown>>;
  },
) {
  const read = await requireRead(ctx, readId);
  requireEditor(ctx, read);
  const loaded = await loadReadRow(ctx.database.db, read);
  const tp = requireOpen(loaded, timepointId);
  const ids = body.lesions.map((l) => l.id);
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dup)
    throw badRequest("lesion ids must be unique", [
      { path: `$.lesions[${ids.lastIndexOf(dup)}].id`, message: `"${dup}" appears twice` },
    ]);
  await write(ctx, async (trx, audit) => {
    let rtId = tp.readTimepointId;
    if (rtId === null) {
      if (body.version !== undefined) throw staleVersion("this time point", null);
      rtId = newId();
      await trx
        .insertInto("read_timepoints")
        .values(unsignedTimepoint(rtId, readId, timepointId, body.data))
        .execute();
    } else {
      if (body.version === undefined)
        throw staleVersion("this time point (it exists: send its version)", tp.version);
      const r = await trx
        .updateTable("read_timepoints")
        .set({ data: JSON.stringify(body.data), version: body.version + 1 })
        .where("id", "=", rtId)
        .where("version", "=", body.version)
        .where("locked_at", "is", null)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) throw staleVersion("this time point", tp.version);
      await trx.deleteFrom("lesion_measurements").where("read_timepoint_id", "=", rtId).execute();
    }
    if (body.lesions.length > 0) {
      await trx
        .insertInto("lesion_measurements")
        .values(
          body.lesions.map(({ id, ...lesion }) => ({
            id: newId(),
            read_timepoint_id: rtId!,
            lesion_key: id,
            data: JSON.stringify(lesion),
            version: 1,
          })),
        )
        .execute();
    }
    await bump(trx, readId);
    await audit({
      action: "read.timepoint_save",
      entity: "read",
      entityId: readId,
      before:
        tp.data === null
          ? undefined
          : { date: tp.date, data: tp.data, lesions: tp.lesions.map((l) => ({ id: l.id, ...l.lesion })) },
      after: { date: tp.date, data: body.data, lesions: body.lesions },
    });
  });
  return getRead(ctx, readId);
}

export async function putLesion(
  ctx: Ctx,
  readId: string,
  timepointId: string,
  lesionId: string,
  body: { version?: number | undefined; lesion: { id: string } & Record<string, unknown> },
) {
  if (body.lesion.id !== lesionId)
    throw badRequest("lesion id differs from the path", [
      { path: "$.lesion.id", message: `must be "${lesionId}"` },
    ]);
  const read = await requireRead(ctx, readId);
  requireEditor(ctx, read);
  const db = ctx.database.db;
  const rt = await db
    .selectFrom("read_timepoints")
    .selectAll()
    .where("read_id", "=", readId)
    .where("timepoint_id", "=", timepointId)
    .executeTakeFirst();
  if (!rt) throw conflict("enter the time point first (PUT the time point), then its lesions");
  if (rt.locked_at) throw conflict("this time point is locked and signed: start a re-read to change it");
  const protocol = await db
    .selectFrom("protocol_versions")
    .select("settings")
    .where("id", "=", read.protocol_id)
    .executeTakeFirstOrThrow();
  if (JSON.parse(protocol.settings).presentation === "time_sequential") {
    const earlierOpen = await db
      .selectFrom("timepoints as t")
      .leftJoin("read_timepoints as rt", (j) =>
        j.onRef("rt.timepoint_id", "=", "t.id").on("rt.read_id", "=", readId),
      )
      .select("t.id")
      .where("t.subject_id", "=", read.subject_id)
      .where("t.date", "<", db.selectFrom("timepoints").select("date").where("id", "=", timepointId))
      .where("rt.locked_at", "is", null)
      .executeTakeFirst();
    if (earlierOpen) throw conflict("time-sequential presentation: lock the earlier time points first");
  }
  const { id: _id, ...lesion } = body.lesion;
  return write(ctx, async (trx, audit) => {
    const existing = await trx
      .selectFrom("lesion_measurements")
      .selectAll()
      .where("read_timepoint_id", "=", rt.id)
      .where("lesion_key", "=", lesionId)
      .executeTakeFirst();
    let version = 1;
    if (!existing) {
      if (body.version !== undefined) throw staleVersion(`lesion ${lesionId}`, null);
      await trx
        .insertInto("lesion_measurements")
        .values({
          id: newId(),
          read_timepoint_id: rt.id,
          lesion_key: lesionId,
          data: JSON.stringify(lesion),
          version,
        })
        .execute();
    } else {
      if (body.version !== existing.version) throw staleVersion(`lesion ${lesionId}`, existing.version);
      version = existing.version + 1;
      const r = await trx
        .updateTable("lesion_measurements")
        .set({ data: JSON.stringify(lesion), version })
        .where("id", "=", existing.id)
        .where("version", "=", existing.version)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) throw staleVersion(`lesion ${lesionId}`, null);
    }
    await bump(trx, readId);
    await audit({
      action: "read.lesion_save",
      entity: "read",
      entityId: readId,
      before: existing ? { timepointId, lesion: { id: lesionId, ...JSON.parse(existing.data) } } : undefined,
      after: { timepointId, lesion: body.lesion },
    });
    return { id: lesionId, version, lesion };
  });
}

export async function signTimepoint(
  ctx: Ctx,
  readId: string,
  timepointId: string,
  sign: { password: string; meaning: string },
) {
  const read = await requireRead(ctx, readId);
  requireEditor(ctx, read);
  const loaded = await loadReadRow(ctx.database.db, read);
  const tp = requireOpen(loaded, timepointId);
  if (tp.readTimepointId === null) throw conflict("nothing entered for this time point yet");
  // The whole read up to this time point must be a valid case before it can be signed.
  const check = Lesion.array().safeParse(tp.lesions.map((l) => ({ ...l.lesion, id: l.id })));
  if (!check.success)
    throw badRequest(
      "a lesion of this time point is not valid",
      check.error.issues.map((i) => ({
        path: `$.lesions${i.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("")}`,
        message: i.message,
      })),
    );
  // … and pass the engine's cross-field rules (perpendicular ≤ longest, an absent lesion without
  // measurements, …): otherwise a signed time point could never be assessed.
  const upTo = { ...loaded, timepoints: loaded.timepoints.filter((t) => t.date <= tp.date) };
  const parsed = parseCase(caseOfRead(upTo));
  if (!parsed.ok)
    throw badRequest(
      `the read up to ${tp.date} is not a valid case, so this time point cannot be signed`,
      parsed.errors.map((e) => ({ path: e.path, message: e.message })),
    );
  const user = await ctx.database.db
    .selectFrom("users")
    .select("password_hash")
    .where("id", "=", ctx.actor.user.id)
    .executeTakeFirstOrThrow();
  if (!(await checkPassword(user.password_hash, sign.password))) {
    await write(ctx, (_trx, audit) =>
      audit({ action: "signature.refused", entity: "read", entityId: readId, after: { timepointId } }),
    );
    throw forbidden("signature refused: the password does not match");
  }
  const cap = loaded.protocol.sessionReadCap;
  if (cap !== null && ctx.actor.sessionId) {
    const signed = await ctx.database.db
      .selectFrom("read_timepoints")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("session_id", "=", ctx.actor.sessionId)
      .executeTakeFirstOrThrow();
    if (Number(signed.n) >= cap)
      throw conflict(`the protocol allows ${cap} signed time points per session; sign in again later`);
  }
  const now = nowIso();
  return write(ctx, async (trx, audit) => {
    const r = await trx
      .updateTable("read_timepoints")
      .set({
        locked_at: now,
        signed_by: ctx.actor.user.username,
        signature_meaning: sign.meaning,
        session_id: ctx.actor.sessionId,
        version: sql`version + 1`,
      })
      .where("id", "=", tp.readTimepointId!)
      .where("locked_at", "is", null)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw conflict("this time point was locked meanwhile");
    await bump(trx, readId);
    await audit({
      action: "read.timepoint_sign",
      entity: "read",
      entityId: readId,
      after: {
        timepointId,
        date: tp.date,
        signedBy: ctx.actor.user.username,
        meaning: sign.meaning,
        at: now,
      },
    });
    const remaining = loaded.timepoints.filter((t) => !t.locked && t.timepointId !== timepointId).length;
    if (remaining === 0) {
      await trx
        .updateTable("reads")
        .set({ status: "locked", locked_at: now })
        .where("id", "=", readId)
        .execute();
      await audit({
        action: "read.lock",
        entity: "read",
        entityId: readId,
        after: { status: "locked", at: now },
      });
      await onReadLocked(trx, audit, read.subject_id);
    }
    return readOut(await loadReadRow(trx, { ...read, status: remaining === 0 ? "locked" : read.status }));
  });
}

/** A change to a locked read: a new read copying the old one's entries (unlocked), superseding it. */
export async function reRead(ctx: Ctx, readId: string, reason: string) {
  const read = await requireRead(ctx, readId);
  const own = read.kind === "reader" && read.reader_id === ctx.actor.user.id;
  if (!own && !(read.kind === "site" && MANAGERS.includes(ctx.actor.user.role)))
    throw forbidden("only the read's own reader re-reads it");
  if (read.status !== "locked")
    throw conflict(`only a locked read is re-read (this one is ${read.status}); edit it instead`);
  const decided = await ctx.database.db
    .selectFrom("adjudications")
    .select("id")
    .where("subject_id", "=", read.subject_id)
    .where("status", "=", "decided")
    .executeTakeFirst();
  if (decided)
    throw conflict("the subject's adjudication is decided; a re-read now needs a protocol deviation process");
  const loaded = await loadReadRow(ctx.database.db, read);
  const id = newId();
  await write(ctx, async (trx, audit) => {
    await trx
      .updateTable("reads")
      .set({ status: "superseded", version: read.version + 1 })
      .where("id", "=", readId)
      .execute();
    await trx
      .insertInto("reads")
      .values({
        ...read,
        id,
        status: "in_progress",
        supersedes_id: readId,
        reason,
        version: 1,
        created_at: nowIso(),
        locked_at: null,
      })
      .execute();
    for (const t of loaded.timepoints) {
      if (t.data === null) continue;
      const rtId = newId();
      await trx
        .insertInto("read_timepoints")
        .values(unsignedTimepoint(rtId, id, t.timepointId, t.data))
        .execute();
      if (t.lesions.length > 0) {
        await trx
          .insertInto("lesion_measurements")
          .values(
            t.lesions.map((l) => ({
              id: newId(),
              read_timepoint_id: rtId,
              lesion_key: l.id,
              data: JSON.stringify(l.lesion),
              version: 1,
            })),
          )
          .execute();
      }
    }
    // An open adjudication of the superseded read is void; the new read will trigger a fresh check.
    await trx
      .updateTable("adjudications")
      .set({ status: "void" })
      .where("subject_id", "=", read.subject_id)
      .where("status", "=", "open")
      .execute();
    await audit({
      action: "read.reread",
      entity: "read",
      entityId: id,
      before: { readId },
      after: { supersedes: readId },
      reason,
    });
  });
  return getRead(ctx, id);
}
