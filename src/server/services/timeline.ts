// The subject timeline: one read's time points assessed under every criteria set of the protocol, side
// by side (the engine's compareCriteria). Which read: a reader always gets their own; other roles get the
// read they ask for, else the accepted read, else none. The assessment is served from the cache as
// pre-serialised JSON, so a repeated view costs two indexed lookups.

import type { Ctx } from "../context.ts";
import { forbidden, notFound } from "../http/problem.ts";
import { Raw } from "../http/route.ts";
import { acceptedRead } from "./adjudication.ts";
import { assessRead } from "./assessment.ts";
import { readSummary, requireRead } from "./reads.ts";
import { requireSubject } from "./subjects.ts";

export async function timeline(ctx: Ctx, subjectId: string, readId: string | undefined) {
  const subject = await requireSubject(ctx, subjectId);
  const db = ctx.database.db;
  let read = readId ? await requireRead(ctx, readId) : undefined;
  let how = "requested";
  if (read && read.subject_id !== subjectId) throw notFound(`read ${readId} of this subject`);
  if (!read) {
    if (ctx.actor.user.role === "reader") {
      read = await db
        .selectFrom("reads")
        .selectAll()
        .where("subject_id", "=", subjectId)
        .where("reader_id", "=", ctx.actor.user.id)
        .where("status", "!=", "superseded")
        .executeTakeFirst();
      how = "own";
    } else {
      if (ctx.actor.user.role === "adjudicator")
        throw forbidden("adjudicators open reads through their tasks");
      const accepted = await acceptedRead(db, subjectId);
      read = accepted?.read;
      how = accepted?.how ?? "none";
    }
  }
  const head = { subjectId, pseudonym: subject.pseudonym, selection: how };
  if (!read) return new Raw(JSON.stringify({ ...head, read: null, assessment: null }));
  const reader = read.reader_id
    ? ((await db.selectFrom("users").select("username").where("id", "=", read.reader_id).executeTakeFirst())
        ?.username ?? null)
    : null;
  const cached = await assessRead(db, ctx.cache, read);
  const prefix = JSON.stringify({ ...head, read: readSummary(read, reader) });
  return new Raw(`${prefix.slice(0, -1)},"assessment":${cached.json}}`);
}
