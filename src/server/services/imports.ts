// Imports of case documents (JSON, NDJSON, the long CSV layout) into a study: each record becomes a
// subject with its scan dates and, on request, the site read (locked as imported) or one reader's
// proposed read (open, for the reader to confirm or edit and sign). One transaction per subject, so a
// failure or a killed process never leaves half a subject; bad records are listed with their source and
// the rest imported; re-running an import skips what is already there (idempotent).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { newId, nowIso } from "../../db/ids.ts";
import type { Case } from "../../engine/index.ts";
import { parseCase } from "../../engine/index.ts";
import { formatCsvIssue, importCsvFolder } from "../../io/csv-import.ts";
import { type CaseRecord, readNdjson } from "../../io/read-cases.ts";
import { requireRole, requireStudy } from "../auth/access.ts";
import { type Ctx, write } from "../context.ts";
import type { FieldError } from "../http/problem.ts";
import { type MaskImportOptions, maskRecords } from "./mask-import.ts";
import { insertSubject } from "./subjects.ts";

export interface ImportRequest {
  /** nifti_masks: label masks measured and tracked into one reader's proposed read (mask-import.ts). */
  format: "json" | "ndjson" | "csv" | "nifti_masks";
  /** subjects only; with the site read; or with one reader's proposed read. */
  as: "subjects" | "site_read" | "reader_read";
  reader?: string | undefined;
  content?: string | undefined;
  /** The long CSV layout: file name → text (patients.csv, lesions.csv, …). */
  files?: Record<string, string> | undefined;
  masks?: MaskImportOptions["masks"] | undefined;
  manifest?: MaskImportOptions["manifest"];
  preset?: string | undefined;
  criteria?: MaskImportOptions["criteria"];
}

export interface ImportResult {
  records: number;
  imported: number;
  unchanged: number;
  errors: FieldError[];
}

const PSEUDONYM = /^[A-Za-z0-9_.-]{1,64}$/;

export async function decodeRecords(req: ImportRequest): Promise<CaseRecord[]> {
  if (req.format === "ndjson") return readNdjson(req.content ?? "", "ndjson");
  if (req.format === "csv") {
    const dir = mkdtempSync(join(tmpdir(), "ranokit-import-"));
    try {
      for (const [name, text] of Object.entries(req.files ?? {}))
        writeFileSync(join(dir, basename(name)), text);
      const { cases, issues } = importCsvFolder(dir);
      const records: CaseRecord[] = cases.map((c) => ({
        source: c.source,
        result: c.result.ok
          ? c.result
          : {
              ok: false,
              errors: c.result.issues.map((i) => ({ path: formatCsvIssue(i), message: i.message })),
            },
      }));
      if (issues.length > 0) {
        records.push({
          source: "csv",
          result: { ok: false, errors: issues.map((i) => ({ path: formatCsvIssue(i), message: i.message })) },
        });
      }
      return records;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  let value: unknown;
  try {
    value = JSON.parse(req.content ?? "");
  } catch (e) {
    return [
      {
        source: "json",
        result: { ok: false, errors: [{ path: "$", message: `invalid JSON: ${(e as Error).message}` }] },
      },
    ];
  }
  const list = Array.isArray(value) ? value : [value];
  return list.map((v, i) => ({ source: Array.isArray(value) ? `json[${i}]` : "json", result: parseCase(v) }));
}

export async function importCases(
  ctx: Ctx,
  studyId: string,
  req: ImportRequest,
  progress?: (done: number, total: number) => Promise<void>,
): Promise<ImportResult> {
  requireRole(ctx, "admin", "study_manager");
  const study = await requireStudy(ctx, studyId);
  const db = ctx.database.db;
  let readerId: string | null = null;
  if (req.as === "reader_read") {
    const reader = await db
      .selectFrom("users")
      .select(["id", "role"])
      .where("username", "=", req.reader ?? "")
      .executeTakeFirst();
    if (reader?.role !== "reader") {
      return {
        records: 0,
        imported: 0,
        unchanged: 0,
        errors: [{ path: "$.reader", message: "name an existing user with the reader role" }],
      };
    }
    readerId = reader.id;
  }
  let records: Array<{ source: string; result: CaseRecord["result"] | (() => CaseRecord["result"]) }>;
  const early: FieldError[] = [];
  if (req.format === "nifti_masks") {
    if (req.as !== "reader_read") {
      return {
        records: 0,
        imported: 0,
        unchanged: 0,
        errors: [{ path: "$.as", message: "masks import as one reader's proposed read: as=reader_read" }],
      };
    }
    const m = await maskRecords(db, study.id, { ...req, masks: req.masks ?? [] });
    records = m.records;
    early.push(...m.errors);
  } else records = await decodeRecords(req);
  const result: ImportResult = { records: records.length, imported: 0, unchanged: 0, errors: early };
  let done = 0;
  for (const rec of records) {
    done++;
    // better-sqlite3 is synchronous, so a long import would otherwise hold the event loop until it ends;
    // yielding between subjects keeps the server answering other requests meanwhile.
    await new Promise((r) => setImmediate(r));
    // Mask series are measured here, one subject at a time (progress is reported between subjects).
    const parsed = typeof rec.result === "function" ? rec.result() : rec.result;
    if (!parsed.ok) {
      result.errors.push(
        ...parsed.errors.map((e) => ({ source: rec.source, path: e.path, message: e.message })),
      );
      if (progress && (done % 50 === 0 || done === records.length || req.format === "nifti_masks"))
        await progress(done, records.length);
      continue;
    }
    const c = parsed.value;
    if (!PSEUDONYM.test(c.patient.id)) {
      result.errors.push({
        source: rec.source,
        path: "$.patient.id",
        message: "a study pseudonym: letters, digits, . _ - (never a real identifier)",
      });
      continue;
    }
    const outcome = await importOne(ctx, study.id, study.current_protocol_id!, c, req.as, readerId);
    if (outcome === "imported") result.imported++;
    else result.unchanged++;
    if (progress && (done % 50 === 0 || done === records.length || req.format === "nifti_masks"))
      await progress(done, records.length);
  }
  return result;
}

/** One subject, in one transaction: the subject and time points if new, then the read if asked for. */
async function importOne(
  ctx: Ctx,
  studyId: string,
  protocolId: string,
  c: Case,
  as: ImportRequest["as"],
  readerId: string | null,
): Promise<"imported" | "unchanged"> {
  return write(ctx, async (trx, audit) => {
    let subject = await trx
      .selectFrom("subjects")
      .select(["id"])
      .where("study_id", "=", studyId)
      .where("pseudonym", "=", c.patient.id)
      .executeTakeFirst();
    let changed = false;
    if (!subject) {
      const { id: _id, ...patient } = c.patient;
      const { assessments: _a, schemaVersion: _v, ...rest } = c;
      const { row } = await insertSubject(trx, audit, studyId, {
        pseudonym: c.patient.id,
        siteId: null,
        arm: null,
        clinical: { ...rest, patient },
        timepoints: c.assessments.map((a) => a.date),
      });
      subject = { id: row.id };
      changed = true;
    }
    if (as === "subjects") return changed ? "imported" : "unchanged";
    const existing = await trx
      .selectFrom("reads")
      .select("id")
      .where("subject_id", "=", subject.id)
      .where("status", "!=", "superseded")
      .where("kind", "=", as === "site_read" ? "site" : "reader")
      .where((eb) => (readerId ? eb("reader_id", "=", readerId) : eb("reader_id", "is", null)))
      .executeTakeFirst();
    if (existing) return changed ? "imported" : "unchanged";
    const tps = await trx
      .selectFrom("timepoints")
      .select(["id", "date"])
      .where("subject_id", "=", subject.id)
      .execute();
    const byDate = new Map(tps.map((t) => [t.date, t.id]));
    const now = nowIso();
    const site = as === "site_read";
    const readId = newId();
    await trx
      .insertInto("reads")
      .values({
        id: readId,
        study_id: studyId,
        subject_id: subject.id,
        reader_id: readerId,
        kind: site ? "site" : "reader",
        protocol_id: protocolId,
        status: site ? "locked" : "in_progress",
        supersedes_id: null,
        reason: null,
        version: 1,
        created_at: now,
        locked_at: site ? now : null,
      })
      .execute();
    for (const a of c.assessments) {
      let tpId = byDate.get(a.date);
      if (!tpId) {
        tpId = newId();
        await trx
          .insertInto("timepoints")
          .values({
            id: tpId,
            subject_id: subject.id,
            date: a.date,
            image_uri: null,
            mask_uri: null,
            version: 1,
          })
          .execute();
      }
      const { date: _d, lesions, ...data } = a;
      const rtId = newId();
      await trx
        .insertInto("read_timepoints")
        .values({
          id: rtId,
          read_id: readId,
          timepoint_id: tpId,
          data: JSON.stringify(data),
          // A site read arrives locked: it was signed at the site, not here; the import is the record.
          locked_at: site ? now : null,
          signed_by: site ? `import:${ctx.actor.user.username}` : null,
          signature_meaning: site ? "imported" : null,
          session_id: null,
          version: 1,
        })
        .execute();
      if (lesions.length > 0) {
        await trx
          .insertInto("lesion_measurements")
          .values(
            lesions.map(({ id, ...l }) => ({
              id: newId(),
              read_timepoint_id: rtId,
              lesion_key: id,
              data: JSON.stringify(l),
              version: 1,
            })),
          )
          .execute();
      }
    }
    await audit({
      action: "read.import",
      entity: "read",
      entityId: readId,
      after: { subjectId: subject.id, kind: site ? "site" : "reader", readerId, assessments: c.assessments },
    });
    return "imported";
  });
}
