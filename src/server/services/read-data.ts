// Loading a read with its time points and lesion measurements, and turning it into the engine's case
// document: the subject's clinical record plus this read's imaging assessments, one per time point the
// reader has entered, with the reader's identity in protocol.reader.
import type { Kysely } from "kysely";
import type { DB, Read } from "../../db/schema.ts";
import type { CaseInput } from "../../engine/index.ts";
import { notFound } from "../http/problem.ts";
import { ReadProtocolSettings } from "../schemas/protocol.ts";

export interface ReadTimepointView {
  timepointId: string;
  date: string;
  readTimepointId: string | null;
  /** Assessment fields other than date and lesions. */
  data: Record<string, unknown> | null;
  lesions: Array<{ id: string; version: number; lesion: Record<string, unknown> }>;
  locked: boolean;
  signature: { by: string; meaning: string; at: string } | null;
  version: number | null;
}

export interface LoadedRead {
  read: Read;
  subject: { id: string; study_id: string; pseudonym: string; clinical: string; version: number };
  protocol: ReadProtocolSettings;
  readerName: string | null;
  timepoints: ReadTimepointView[];
}

export async function loadRead(db: Kysely<DB>, readId: string): Promise<LoadedRead> {
  const read = await db.selectFrom("reads").selectAll().where("id", "=", readId).executeTakeFirst();
  if (!read) throw notFound(`read ${readId}`);
  return loadReadRow(db, read);
}

export async function loadReadRow(db: Kysely<DB>, read: Read): Promise<LoadedRead> {
  const [subject, protocol, tps, rts, lesions, reader] = await Promise.all([
    db
      .selectFrom("subjects")
      .select(["id", "study_id", "pseudonym", "clinical", "version"])
      .where("id", "=", read.subject_id)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("protocol_versions")
      .select("settings")
      .where("id", "=", read.protocol_id)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("timepoints")
      .select(["id", "date"])
      .where("subject_id", "=", read.subject_id)
      .orderBy("date")
      .execute(),
    db.selectFrom("read_timepoints").selectAll().where("read_id", "=", read.id).execute(),
    db
      .selectFrom("lesion_measurements as l")
      .innerJoin("read_timepoints as rt", "rt.id", "l.read_timepoint_id")
      .select(["l.read_timepoint_id", "l.lesion_key", "l.data", "l.version"])
      .where("rt.read_id", "=", read.id)
      .orderBy("l.lesion_key")
      .execute(),
    read.reader_id
      ? db.selectFrom("users").select("username").where("id", "=", read.reader_id).executeTakeFirst()
      : Promise.resolve(undefined),
  ]);
  const byTp = new Map(rts.map((r) => [r.timepoint_id, r]));
  const lesionsByRt = new Map<string, ReadTimepointView["lesions"]>();
  for (const l of lesions) {
    const list = lesionsByRt.get(l.read_timepoint_id) ?? [];
    list.push({ id: l.lesion_key, version: l.version, lesion: JSON.parse(l.data) });
    lesionsByRt.set(l.read_timepoint_id, list);
  }
  return {
    read,
    subject,
    protocol: ReadProtocolSettings.parse(JSON.parse(protocol.settings)),
    readerName: reader?.username ?? null,
    timepoints: tps.map((tp) => {
      const rt = byTp.get(tp.id);
      return {
        timepointId: tp.id,
        date: tp.date,
        readTimepointId: rt?.id ?? null,
        data: rt ? JSON.parse(rt.data) : null,
        lesions: rt ? (lesionsByRt.get(rt.id) ?? []) : [],
        locked: rt?.locked_at != null,
        signature:
          rt?.locked_at && rt.signed_by
            ? { by: rt.signed_by, meaning: rt.signature_meaning ?? "", at: rt.locked_at }
            : null,
        version: rt?.version ?? null,
      };
    }),
  };
}

/** The engine's case document for a read: every entered time point, in date order. */
export function caseOfRead(r: LoadedRead): CaseInput {
  const clinical = JSON.parse(r.subject.clinical) as Record<string, unknown> & {
    patient: Record<string, unknown>;
    protocol?: Record<string, unknown>;
  };
  return {
    ...clinical,
    patient: { ...clinical.patient, id: r.subject.pseudonym },
    protocol: {
      ...(clinical.protocol ?? {}),
      primaryMethod: r.protocol.method,
      reader: r.read.kind === "site" ? "site" : (r.readerName ?? undefined),
    },
    assessments: r.timepoints
      .filter((t) => t.data !== null)
      .map((t) => ({ ...t.data, date: t.date, lesions: t.lesions.map((l) => ({ ...l.lesion, id: l.id })) })),
  } as CaseInput;
}
