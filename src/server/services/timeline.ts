// The subject timeline: one read's time points assessed under every criteria set of the protocol, side
// by side (the engine's compareCriteria). Which read: a reader always gets their own; other roles get the
// read they ask for, else the accepted read, else none.
//
// The hot path (a reader's own read, or a requested read) is one query after authentication: the subject,
// the actor's membership of its study, the read and its reader's name together. The assessment comes
// from the cache as pre-serialised UTF-8 bytes keyed by (read, read version, subject version), and only
// the small head (subject, selection, read summary) is serialised per request, from the rows just read:
// the body can never be staler than the database, and what it holds was authorised on this request.

import { sql } from "kysely";
import type { Read } from "../../db/schema.ts";
import { seesAllStudies } from "../auth/access.ts";
import type { Ctx } from "../context.ts";
import { forbidden, notFound } from "../http/problem.ts";
import { Raw } from "../http/route.ts";
import { acceptedRead } from "./adjudication.ts";
import { assessRead } from "./assessment.ts";
import { readSummary, requireReadAccess, requireReadAccessInStudy } from "./reads.ts";

/** The subject, the actor's membership of its study and the read to show (the requested one, or a
 * reader's own), with its reader's name, in one query. */
async function timelineRow(ctx: Ctx, subjectId: string, readId: string | undefined) {
  const me = ctx.actor.user.id;
  const own = !readId && ctx.actor.user.role === "reader";
  const row = await ctx.database.db
    .selectFrom("subjects as s")
    .leftJoin("study_members as m", (j) => j.onRef("m.study_id", "=", "s.study_id").on("m.user_id", "=", me))
    .leftJoin("reads as r", (j) =>
      readId
        ? j.on("r.id", "=", readId)
        : own
          ? j.onRef("r.subject_id", "=", "s.id").on("r.reader_id", "=", me).on("r.status", "!=", "superseded")
          : j.on(sql<boolean>`1 = 0`),
    )
    .leftJoin("users as u", "u.id", "r.reader_id")
    .select(["s.study_id as subject_study_id", "s.pseudonym", "s.version as subject_version"])
    .select(["m.user_id as member", "u.username as reader_name"])
    .select([
      "r.id",
      "r.study_id",
      "r.subject_id",
      "r.reader_id",
      "r.kind",
      "r.protocol_id",
      "r.status",
      "r.supersedes_id",
      "r.reason",
      "r.version",
      "r.created_at",
      "r.locked_at",
    ])
    .where("s.id", "=", subjectId)
    .executeTakeFirst();
  if (!row) throw notFound(`subject ${subjectId}`);
  const { subject_study_id, pseudonym, subject_version, member, reader_name, ...r } = row;
  const read: Read | undefined = r.id === null ? undefined : (r as Read);
  return {
    subject: { studyId: subject_study_id, pseudonym, version: subject_version },
    member: member !== null,
    read,
    readerName: reader_name ?? null,
  };
}

export async function timeline(ctx: Ctx, subjectId: string, readId: string | undefined) {
  const db = ctx.database.db;
  const row = await timelineRow(ctx, subjectId, readId);
  const { subject } = row;
  if (!seesAllStudies(ctx) && !row.member) throw forbidden("you are not a member of this study");
  let read = row.read;
  let readerName = row.readerName;
  let how = "requested";
  if (readId) {
    if (!read) throw notFound(`read ${readId}`);
    if (read.study_id === subject.studyId) await requireReadAccessInStudy(ctx, read);
    else await requireReadAccess(ctx, read);
    if (read.subject_id !== subjectId) throw notFound(`read ${readId} of this subject`);
  } else if (ctx.actor.user.role === "reader") {
    how = "own";
  } else {
    if (ctx.actor.user.role === "adjudicator") throw forbidden("adjudicators open reads through their tasks");
    const accepted = await acceptedRead(db, subjectId);
    read = accepted?.read;
    how = accepted?.how ?? "none";
    readerName = read?.reader_id
      ? ((await db.selectFrom("users").select("username").where("id", "=", read.reader_id).executeTakeFirst())
          ?.username ?? null)
      : null;
  }
  const head = { subjectId, pseudonym: subject.pseudonym, selection: how };
  if (!read) return new Raw(JSON.stringify({ ...head, read: null, assessment: null }));
  const cached = await assessRead(db, ctx.cache, read, subject.version);
  const prefix = JSON.stringify({ ...head, read: readSummary(read, readerName) });
  return new Raw(Buffer.concat([Buffer.from(`${prefix.slice(0, -1)},"assessment":`), cached.bytes, CLOSE]));
}

const CLOSE = Buffer.from("}");
