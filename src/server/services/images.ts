// Time points' images and segmentation masks (NIfTI bytes in timepoint_files). Storing is a study
// manager's write, audited with the file's size and sha256 (never its content). Reading is authorised
// like the subject timeline, plus time-sequential blinding: a reader gets only the scans of the time
// points open to them in their own read (every earlier one locked), never a later scan early; an
// adjudicator gets the scans of subjects they have an adjudication task for.
import { createHash } from "node:crypto";
import { nowIso } from "../../db/ids.ts";
import { requireRole, requireStudy } from "../auth/access.ts";
import { type Ctx, write } from "../context.ts";
import { badRequest, forbidden, notFound } from "../http/problem.ts";
import { ReadProtocolSettings } from "../schemas/protocol.ts";
import { requireSubject } from "./subjects.ts";

export type TimepointFileKind = "image" | "mask";

/** The API path a client fetches the file from (stored as the time point's image_uri / mask_uri). */
export const timepointFilePath = (subjectId: string, timepointId: string, kind: TimepointFileKind) =>
  `/api/v1/subjects/${subjectId}/timepoints/${timepointId}/${kind}`;

async function requireTimepoint(ctx: Ctx, subjectId: string, timepointId: string) {
  const subject = await requireSubject(ctx, subjectId);
  const tp = await ctx.database.db
    .selectFrom("timepoints")
    .selectAll()
    .where("id", "=", timepointId)
    .where("subject_id", "=", subjectId)
    .executeTakeFirst();
  if (!tp) throw notFound(`time point ${timepointId} of this subject`);
  return { subject, tp };
}

/** NIfTI-1 (optionally gzipped): the magic bytes, so a wrong upload is refused with a reason. */
function checkNifti(bytes: Uint8Array, kind: TimepointFileKind) {
  const gz = bytes[0] === 0x1f && bytes[1] === 0x8b;
  const magic = bytes.length >= 348 ? String.fromCharCode(bytes[344]!, bytes[345]!, bytes[346]!) : "";
  if (!gz && magic !== "n+1")
    throw badRequest(`the ${kind} is not a NIfTI-1 file`, [
      { path: "$body", message: "expected a .nii or .nii.gz file (magic n+1 or gzip)" },
    ]);
}

export async function storeTimepointFile(
  ctx: Ctx,
  subjectId: string,
  timepointId: string,
  kind: TimepointFileKind,
  content: Uint8Array,
) {
  requireRole(ctx, "admin", "study_manager");
  const { tp } = await requireTimepoint(ctx, subjectId, timepointId);
  checkNifti(content, kind);
  const sha256 = createHash("sha256").update(content).digest("hex");
  const uri = timepointFilePath(subjectId, timepointId, kind);
  await write(ctx, async (trx, audit) => {
    const before = await trx
      .selectFrom("timepoint_files")
      .select(["sha256", "bytes"])
      .where("timepoint_id", "=", timepointId)
      .where("kind", "=", kind)
      .executeTakeFirst();
    await trx
      .deleteFrom("timepoint_files")
      .where("timepoint_id", "=", timepointId)
      .where("kind", "=", kind)
      .execute();
    await trx
      .insertInto("timepoint_files")
      .values({
        timepoint_id: timepointId,
        kind,
        content,
        bytes: content.length,
        sha256,
        created_at: nowIso(),
      })
      .execute();
    await trx
      .updateTable("timepoints")
      .set(kind === "image" ? { image_uri: uri } : { mask_uri: uri })
      .set({ version: tp.version + 1 })
      .where("id", "=", timepointId)
      .execute();
    await audit({
      action: `timepoint.${kind}_store`,
      entity: "subject",
      entityId: subjectId,
      before: before ? { timepointId, kind, ...before } : undefined,
      after: { timepointId, date: tp.date, kind, bytes: content.length, sha256 },
    });
  });
  return { timepointId, kind, bytes: content.length, sha256, uri };
}

/** Blinding for scans: may this actor see this time point's image and mask? */
async function requireScanAccess(ctx: Ctx, subject: { id: string; study_id: string }, tpDate: string) {
  const role = ctx.actor.user.role;
  const db = ctx.database.db;
  if (role === "admin" || role === "study_manager" || role === "monitor") return;
  if (role === "adjudicator") {
    const task = await db
      .selectFrom("adjudications")
      .select("id")
      .where("subject_id", "=", subject.id)
      .executeTakeFirst();
    if (task) return;
    throw forbidden("adjudicators see a subject's scans through an adjudication task");
  }
  // A reader: the time points open in their own read (or, before they start it, the first one).
  const study = await requireStudy(ctx, subject.study_id);
  const protocol = await db
    .selectFrom("protocol_versions")
    .select("settings")
    .where("id", "=", study.current_protocol_id!)
    .executeTakeFirstOrThrow();
  if (ReadProtocolSettings.parse(JSON.parse(protocol.settings)).presentation !== "time_sequential") return;
  const read = await db
    .selectFrom("reads")
    .select(["id", "protocol_id"])
    .where("subject_id", "=", subject.id)
    .where("reader_id", "=", ctx.actor.user.id)
    .where("kind", "=", "reader")
    .where("status", "!=", "superseded")
    .executeTakeFirst();
  const earlierUnlocked = await db
    .selectFrom("timepoints as t")
    .leftJoin("read_timepoints as rt", (j) =>
      j.onRef("rt.timepoint_id", "=", "t.id").on("rt.read_id", "=", read?.id ?? ""),
    )
    .select("t.id")
    .where("t.subject_id", "=", subject.id)
    .where("t.date", "<", tpDate)
    .where("rt.locked_at", "is", null)
    .executeTakeFirst();
  if (earlierUnlocked)
    throw forbidden("time-sequential presentation: this scan opens once your earlier time points are signed");
}

export async function getTimepointFile(
  ctx: Ctx,
  subjectId: string,
  timepointId: string,
  kind: TimepointFileKind,
) {
  const { subject, tp } = await requireTimepoint(ctx, subjectId, timepointId);
  await requireScanAccess(ctx, subject, tp.date);
  const file = await ctx.database.db
    .selectFrom("timepoint_files")
    .select(["content", "sha256"])
    .where("timepoint_id", "=", timepointId)
    .where("kind", "=", kind)
    .executeTakeFirst();
  if (!file) throw notFound(`no ${kind} stored for the time point of ${tp.date}`);
  return { content: file.content, sha256: file.sha256, date: tp.date };
}
