// Subjects (pseudonyms only) with their clinical record, and their time points (scan dates). Blinding:
// readers and adjudicators never see the treatment arm or the agents' names, which could unblind it.
import { newId, nowIso } from "../../db/ids.ts";
import type { SubjectsTable } from "../../db/schema.ts";
import { requireRole, requireStudy, seesArm } from "../auth/access.ts";
import { type Ctx, write } from "../context.ts";
import { conflict, notFound, staleVersion } from "../http/problem.ts";
import { pageOf } from "./pages.ts";

const blinded = (ctx: Ctx) => ["reader", "adjudicator"].includes(ctx.actor.user.role);

export function subjectOut(ctx: Ctx, s: SubjectsTable) {
  const clinical = JSON.parse(s.clinical) as Record<string, unknown>;
  if (blinded(ctx) && Array.isArray(clinical.treatments)) {
    clinical.treatments = clinical.treatments.map(({ agent: _agent, ...t }: Record<string, unknown>) => t);
  }
  return {
    id: s.id,
    studyId: s.study_id,
    siteId: s.site_id,
    pseudonym: s.pseudonym,
    ...(seesArm(ctx) ? { arm: s.arm } : {}),
    clinical,
    version: s.version,
  };
}

export async function requireSubject(ctx: Ctx, subjectId: string) {
  const s = await ctx.database.db
    .selectFrom("subjects")
    .selectAll()
    .where("id", "=", subjectId)
    .executeTakeFirst();
  if (!s) throw notFound(`subject ${subjectId}`);
  await requireStudy(ctx, s.study_id);
  return s;
}

export interface SubjectInput {
  pseudonym: string;
  siteId: string | null;
  arm: string | null;
  clinical: Record<string, unknown>;
  timepoints: string[];
}

/** Inserts one subject with its time points inside the caller's transaction. */
export async function insertSubject(
  trx: Parameters<Parameters<typeof write>[1]>[0],
  audit: Parameters<Parameters<typeof write>[1]>[1],
  studyId: string,
  input: SubjectInput,
) {
  const row: SubjectsTable = {
    id: newId(),
    study_id: studyId,
    site_id: input.siteId,
    pseudonym: input.pseudonym,
    arm: input.arm,
    clinical: JSON.stringify(input.clinical),
    version: 1,
    created_at: nowIso(),
  };
  await trx.insertInto("subjects").values(row).execute();
  await audit({
    action: "subject.create",
    entity: "subject",
    entityId: row.id,
    after: { pseudonym: row.pseudonym, siteId: row.site_id, arm: row.arm, clinical: input.clinical },
  });
  const tps = [...new Set(input.timepoints)].sort().map((date) => ({
    id: newId(),
    subject_id: row.id,
    date,
    image_uri: null,
    mask_uri: null,
    version: 1,
  }));
  if (tps.length > 0) {
    await trx.insertInto("timepoints").values(tps).execute();
    await audit({
      action: "timepoint.create",
      entity: "subject",
      entityId: row.id,
      after: { dates: tps.map((t) => t.date) },
    });
  }
  return { row, timepoints: tps };
}

export async function createSubject(ctx: Ctx, studyId: string, input: SubjectInput) {
  requireRole(ctx, "admin", "study_manager");
  await requireStudy(ctx, studyId);
  const taken = await ctx.database.db
    .selectFrom("subjects")
    .select("id")
    .where("study_id", "=", studyId)
    .where("pseudonym", "=", input.pseudonym)
    .executeTakeFirst();
  if (taken) throw conflict(`pseudonym "${input.pseudonym}" is taken in this study`);
  const { row } = await write(ctx, (trx, audit) => insertSubject(trx, audit, studyId, input));
  return subjectOut(ctx, row);
}

export async function listSubjects(ctx: Ctx, studyId: string, limit: number, after?: string) {
  await requireStudy(ctx, studyId);
  let q = ctx.database.db
    .selectFrom("subjects")
    .selectAll()
    .where("study_id", "=", studyId)
    .orderBy("id")
    .limit(limit + 1);
  if (after) q = q.where("id", ">", after);
  const p = pageOf(await q.execute(), limit);
  return { items: p.items.map((s) => subjectOut(ctx, s)), next: p.next };
}

export async function getSubject(ctx: Ctx, subjectId: string) {
  return subjectOut(ctx, await requireSubject(ctx, subjectId));
}

export async function patchSubject(
  ctx: Ctx,
  subjectId: string,
  patch: { version: number; siteId?: string | null; arm?: string | null; clinical?: Record<string, unknown> },
) {
  requireRole(ctx, "admin", "study_manager");
  const before = await requireSubject(ctx, subjectId);
  if (before.version !== patch.version) throw staleVersion(`subject ${before.pseudonym}`, before.version);
  const set: Partial<SubjectsTable> = { version: before.version + 1 };
  if (patch.siteId !== undefined) set.site_id = patch.siteId;
  if (patch.arm !== undefined) set.arm = patch.arm;
  if (patch.clinical) set.clinical = JSON.stringify(patch.clinical);
  return write(ctx, async (trx, audit) => {
    const r = await trx
      .updateTable("subjects")
      .set(set)
      .where("id", "=", subjectId)
      .where("version", "=", patch.version)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw staleVersion(`subject ${before.pseudonym}`, null);
    await audit({
      action: "subject.update",
      entity: "subject",
      entityId: subjectId,
      before: { siteId: before.site_id, arm: before.arm, clinical: JSON.parse(before.clinical) },
      after: {
        siteId: set.site_id ?? before.site_id,
        arm: set.arm ?? before.arm,
        clinical: JSON.parse(set.clinical ?? before.clinical),
      },
    });
    return subjectOut(ctx, { ...before, ...set });
  });
}

const tpOut = (t: {
  id: string;
  date: string;
  image_uri: string | null;
  mask_uri: string | null;
  version: number;
}) => ({
  id: t.id,
  date: t.date,
  imageUri: t.image_uri,
  maskUri: t.mask_uri,
  version: t.version,
});

export async function addTimepoint(
  ctx: Ctx,
  subjectId: string,
  input: { date: string; imageUri: string | null; maskUri: string | null },
) {
  requireRole(ctx, "admin", "study_manager");
  const subject = await requireSubject(ctx, subjectId);
  const row = {
    id: newId(),
    subject_id: subjectId,
    date: input.date,
    image_uri: input.imageUri,
    mask_uri: input.maskUri,
    version: 1,
  };
  return write(ctx, async (trx, audit) => {
    const taken = await trx
      .selectFrom("timepoints")
      .select("id")
      .where("subject_id", "=", subjectId)
      .where("date", "=", input.date)
      .executeTakeFirst();
    if (taken) throw conflict(`subject already has a time point on ${input.date}`);
    await trx.insertInto("timepoints").values(row).execute();
    // A new scan changes what a read covers: bump the subject so cached assessments are recomputed.
    await trx
      .updateTable("subjects")
      .set({ version: subject.version + 1 })
      .where("id", "=", subjectId)
      .execute();
    await audit({ action: "timepoint.create", entity: "subject", entityId: subjectId, after: tpOut(row) });
    return tpOut(row);
  });
}

export async function listTimepoints(ctx: Ctx, subjectId: string) {
  await requireSubject(ctx, subjectId);
  const rows = await ctx.database.db
    .selectFrom("timepoints")
    .selectAll()
    .where("subject_id", "=", subjectId)
    .orderBy("date")
    .execute();
  return { items: rows.map(tpOut) };
}
