// Studies, their versioned read protocols, members and sites. A protocol version is never changed
// (the database refuses UPDATE and DELETE on protocol_versions); a charter amendment is a new version,
// and reads started afterwards reference it while earlier reads keep theirs.
import { newId, nowIso } from "../../db/ids.ts";
import type { StudiesTable } from "../../db/schema.ts";
import { requireRole, requireStudy, seesAllStudies } from "../auth/access.ts";
import { type Ctx, write } from "../context.ts";
import { conflict, notFound, staleVersion } from "../http/problem.ts";
import { ReadProtocolSettings } from "../schemas/protocol.ts";
import { pageOf } from "./pages.ts";

async function studyOut(ctx: Ctx, s: StudiesTable) {
  const p = s.current_protocol_id
    ? await ctx.database.db
        .selectFrom("protocol_versions")
        .selectAll()
        .where("id", "=", s.current_protocol_id)
        .executeTakeFirst()
    : undefined;
  return {
    id: s.id,
    code: s.code,
    title: s.title,
    protocolId: s.current_protocol_id,
    protocol: p ? ReadProtocolSettings.parse(JSON.parse(p.settings)) : null,
    protocolNumber: p?.number ?? null,
    version: s.version,
  };
}

export async function createStudy(
  ctx: Ctx,
  input: { code: string; title: string; protocol: ReadProtocolSettings },
) {
  requireRole(ctx, "admin", "study_manager");
  const taken = await ctx.database.db
    .selectFrom("studies")
    .select("id")
    .where("code", "=", input.code)
    .executeTakeFirst();
  if (taken) throw conflict(`study code "${input.code}" is taken`);
  const id = newId();
  const protocolId = newId();
  const now = nowIso();
  const study: StudiesTable = {
    id,
    code: input.code,
    title: input.title,
    current_protocol_id: protocolId,
    version: 1,
    created_at: now,
  };
  await write(ctx, async (trx, audit) => {
    await trx
      .insertInto("studies")
      .values({ ...study, current_protocol_id: null })
      .execute();
    await trx
      .insertInto("protocol_versions")
      .values({
        id: protocolId,
        study_id: id,
        number: 1,
        settings: JSON.stringify(input.protocol),
        created_at: now,
        created_by: ctx.actor.user.username,
      })
      .execute();
    await trx.updateTable("studies").set({ current_protocol_id: protocolId }).where("id", "=", id).execute();
    await audit({
      action: "study.create",
      entity: "study",
      entityId: id,
      after: { code: input.code, title: input.title },
    });
    await audit({
      action: "protocol.create",
      entity: "protocol_version",
      entityId: protocolId,
      after: { number: 1, settings: input.protocol },
    });
  });
  return studyOut(ctx, study);
}

export async function listStudies(ctx: Ctx, limit: number, after?: string) {
  let q = ctx.database.db
    .selectFrom("studies")
    .selectAll("studies")
    .orderBy("studies.id")
    .limit(limit + 1);
  if (after) q = q.where("studies.id", ">", after);
  if (!seesAllStudies(ctx)) {
    q = q
      .innerJoin("study_members as m", "m.study_id", "studies.id")
      .where("m.user_id", "=", ctx.actor.user.id);
  }
  const p = pageOf(await q.execute(), limit);
  return { items: await Promise.all(p.items.map((s) => studyOut(ctx, s))), next: p.next };
}

export async function getStudy(ctx: Ctx, studyId: string) {
  return studyOut(ctx, await requireStudy(ctx, studyId));
}

export async function patchStudy(ctx: Ctx, studyId: string, patch: { version: number; title: string }) {
  requireRole(ctx, "admin", "study_manager");
  const before = await requireStudy(ctx, studyId);
  if (before.version !== patch.version) throw staleVersion(`study ${before.code}`, before.version);
  return write(ctx, async (trx, audit) => {
    const r = await trx
      .updateTable("studies")
      .set({ title: patch.title, version: before.version + 1 })
      .where("id", "=", studyId)
      .where("version", "=", patch.version)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw staleVersion(`study ${before.code}`, null);
    await audit({
      action: "study.update",
      entity: "study",
      entityId: studyId,
      before: { title: before.title },
      after: { title: patch.title },
    });
    return studyOut(ctx, { ...before, title: patch.title, version: before.version + 1 });
  });
}

export async function addProtocolVersion(
  ctx: Ctx,
  studyId: string,
  settings: ReadProtocolSettings,
  reason: string,
) {
  requireRole(ctx, "admin", "study_manager");
  const study = await requireStudy(ctx, studyId);
  const id = newId();
  return write(ctx, async (trx, audit) => {
    const last = await trx
      .selectFrom("protocol_versions")
      .select("number")
      .where("study_id", "=", studyId)
      .orderBy("number", "desc")
      .executeTakeFirst();
    const number = (last?.number ?? 0) + 1;
    const row = {
      id,
      study_id: studyId,
      number,
      settings: JSON.stringify(settings),
      created_at: nowIso(),
      created_by: ctx.actor.user.username,
    };
    await trx.insertInto("protocol_versions").values(row).execute();
    await trx
      .updateTable("studies")
      .set({ current_protocol_id: id, version: study.version + 1 })
      .where("id", "=", studyId)
      .execute();
    await audit({
      action: "protocol.create",
      entity: "protocol_version",
      entityId: id,
      after: { number, settings },
      reason,
    });
    return { id, studyId, number, settings, createdAt: row.created_at, createdBy: row.created_by };
  });
}

export async function listProtocolVersions(ctx: Ctx, studyId: string) {
  await requireStudy(ctx, studyId);
  const rows = await ctx.database.db
    .selectFrom("protocol_versions")
    .selectAll()
    .where("study_id", "=", studyId)
    .orderBy("number")
    .execute();
  return {
    items: rows.map((p) => ({
      id: p.id,
      studyId: p.study_id,
      number: p.number,
      settings: ReadProtocolSettings.parse(JSON.parse(p.settings)),
      createdAt: p.created_at,
      createdBy: p.created_by,
    })),
  };
}

export async function addMember(ctx: Ctx, studyId: string, userId: string) {
  requireRole(ctx, "admin", "study_manager");
  await requireStudy(ctx, studyId);
  const user = await ctx.database.db
    .selectFrom("users")
    .select(["id", "username", "role"])
    .where("id", "=", userId)
    .executeTakeFirst();
  if (!user) throw notFound(`user ${userId}`);
  const exists = await ctx.database.db
    .selectFrom("study_members")
    .select("user_id")
    .where("study_id", "=", studyId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  if (exists) throw conflict(`${user.username} is already a member`);
  await write(ctx, async (trx, audit) => {
    await trx
      .insertInto("study_members")
      .values({ study_id: studyId, user_id: userId, created_at: nowIso() })
      .execute();
    await audit({
      action: "study.member_add",
      entity: "study",
      entityId: studyId,
      after: { user: user.username, role: user.role },
    });
  });
  return { userId, username: user.username, role: user.role };
}

export async function listMembers(ctx: Ctx, studyId: string) {
  requireRole(ctx, "admin", "study_manager", "monitor");
  await requireStudy(ctx, studyId);
  const rows = await ctx.database.db
    .selectFrom("study_members as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .select(["u.id", "u.username", "u.role"])
    .where("m.study_id", "=", studyId)
    .orderBy("u.username")
    .execute();
  return { items: rows.map((r) => ({ userId: r.id, username: r.username, role: r.role })) };
}

export async function createSite(ctx: Ctx, studyId: string, input: { code: string; name: string }) {
  requireRole(ctx, "admin", "study_manager");
  await requireStudy(ctx, studyId);
  const taken = await ctx.database.db
    .selectFrom("sites")
    .select("id")
    .where("study_id", "=", studyId)
    .where("code", "=", input.code)
    .executeTakeFirst();
  if (taken) throw conflict(`site code "${input.code}" is taken in this study`);
  const row = { id: newId(), study_id: studyId, code: input.code, name: input.name, version: 1 };
  await write(ctx, async (trx, audit) => {
    await trx.insertInto("sites").values(row).execute();
    await audit({ action: "site.create", entity: "site", entityId: row.id, after: input });
  });
  return { id: row.id, code: row.code, name: row.name, version: 1 };
}

export async function listSites(ctx: Ctx, studyId: string) {
  await requireStudy(ctx, studyId);
  const rows = await ctx.database.db
    .selectFrom("sites")
    .selectAll()
    .where("study_id", "=", studyId)
    .orderBy("code")
    .execute();
  return { items: rows.map((s) => ({ id: s.id, code: s.code, name: s.name, version: s.version })) };
}
