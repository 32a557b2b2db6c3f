// Everything the study-wide results need, in a handful of bulk queries: the subjects (optionally of one
// site and one arm), their current reads with the engine's assessment under every protocol criteria set
// (from the assessment cache, keyed by read and subject version, so never stale), the site read, the
// latest adjudication and which read is accepted. Only a cache miss loads a read's time points and
// lesions, so with a warm cache a 1,000-subject study costs five queries.
import type { Read } from "../../db/schema.ts";
import type { PatientResult } from "../../engine/index.ts";
import { armFilterForbidden, requireStudy, seesArm } from "../auth/access.ts";
import type { Ctx } from "../context.ts";
import { badRequest } from "../http/problem.ts";
import { ReadProtocolSettings } from "../schemas/protocol.ts";
import { type AcceptedHow, chooseAccepted } from "./adjudication.ts";
import { assessLoaded, type ReadAssessment } from "./assessment.ts";
import { loadReadRow } from "./read-data.ts";

export interface StudyFilter {
  /** A site's id or code. */
  site?: string | undefined;
  /** A treatment arm (admin and study manager only). */
  arm?: string | undefined;
}

export interface LoadedReaderRead {
  readId: string;
  reader: string;
  lockedAt: string;
  read: Read;
  assessment: ReadAssessment;
  results: Record<string, PatientResult>;
}

export interface StudySubject {
  subjectId: string;
  pseudonym: string;
  siteId: string | null;
  siteCode: string | null;
  arm: string | null;
  /** Locked current reader reads that the engine could assess. */
  reads: LoadedReaderRead[];
  site: { read: Read; results: Record<string, PatientResult> } | null;
  adjudication: { createdAt: string; selectedReadId: string | null; status: string } | null;
  acceptedReadId: string | null;
  acceptedHow: AcceptedHow | null;
}

/** 403 naming the parameter when a blinded role filters by arm. */
export function requireArmFilterAllowed(ctx: Ctx, arm: string | undefined): void {
  if (arm !== undefined && !seesArm(ctx)) throw armFilterForbidden(ctx.actor.user.role);
}

export async function loadStudyData(ctx: Ctx, studyId: string, filter: StudyFilter = {}) {
  requireArmFilterAllowed(ctx, filter.arm);
  const study = await requireStudy(ctx, studyId);
  const db = ctx.database.db;
  const [protocols, sites, subjectRows, readRows, adjudications] = await Promise.all([
    db.selectFrom("protocol_versions").select(["id", "settings"]).where("study_id", "=", studyId).execute(),
    db.selectFrom("sites").select(["id", "code"]).where("study_id", "=", studyId).execute(),
    (() => {
      let q = db
        .selectFrom("subjects")
        .select(["id", "pseudonym", "site_id", "arm", "version"])
        .where("study_id", "=", studyId)
        .orderBy("id");
      if (filter.arm !== undefined) q = q.where("arm", "=", filter.arm);
      return q.execute();
    })(),
    db
      .selectFrom("reads as r")
      .leftJoin("users as u", "u.id", "r.reader_id")
      .selectAll("r")
      .select("u.username")
      .where("r.study_id", "=", studyId)
      .orderBy("r.id")
      .execute(),
    db
      .selectFrom("adjudications")
      .select(["id", "subject_id", "status", "selected_read_id", "created_at"])
      .where("study_id", "=", studyId)
      .where("status", "!=", "void")
      .orderBy("id")
      .execute(),
  ]);
  const protocolById = new Map(
    protocols.map((p) => [p.id, ReadProtocolSettings.parse(JSON.parse(p.settings))] as const),
  );
  const protocol = protocolById.get(study.current_protocol_id!)!;
  let siteId: string | null = null;
  if (filter.site !== undefined) {
    const site = sites.find((s) => s.id === filter.site || s.code === filter.site);
    if (!site) {
      throw badRequest("no such site in this study", [
        {
          path: "$query.site",
          message: `give a site id or code of this study (${sites.map((s) => s.code).join(", ") || "none yet"})`,
        },
      ]);
    }
    siteId = site.id;
  }
  const siteCode = new Map(sites.map((s) => [s.id, s.code]));
  const subjects = siteId === null ? subjectRows : subjectRows.filter((s) => s.site_id === siteId);

  const readsBySubject = new Map<string, typeof readRows>();
  const readById = new Map<string, Read>();
  for (const r of readRows) {
    readById.set(r.id, r);
    const list = readsBySubject.get(r.subject_id) ?? [];
    list.push(r);
    readsBySubject.set(r.subject_id, list);
  }
  const adjBySubject = new Map<string, typeof adjudications>();
  for (const a of adjudications) {
    const list = adjBySubject.get(a.subject_id) ?? [];
    list.push(a);
    adjBySubject.set(a.subject_id, list);
  }

  const assess = async (read: Read, subjectVersion: number): Promise<ReadAssessment> => {
    const key = `${read.id}:${read.version}:${subjectVersion}`;
    const hit = ctx.cache.get(key);
    if (hit) return hit.value;
    return ctx.cache.set(key, assessLoaded(await loadReadRow(db, read))).value;
  };

  const out: StudySubject[] = [];
  for (const s of subjects) {
    const reads = readsBySubject.get(s.id) ?? [];
    const current = reads.filter((r) => r.status !== "superseded");
    const readerReads = current.filter((r) => r.kind === "reader");
    const entry: StudySubject = {
      subjectId: s.id,
      pseudonym: s.pseudonym,
      siteId: s.site_id,
      siteCode: s.site_id ? (siteCode.get(s.site_id) ?? null) : null,
      arm: s.arm,
      reads: [],
      site: null,
      adjudication: null,
      acceptedReadId: null,
      acceptedHow: null,
    };
    const assessed = new Map<string, ReadAssessment>();
    for (const r of current) {
      if (r.status !== "locked") continue;
      const a = await assess(r, s.version);
      assessed.set(r.id, a);
      if (!a.comparison) continue;
      const results = a.comparison.results;
      if (r.kind === "site") entry.site = { read: r, results };
      else
        entry.reads.push({
          readId: r.id,
          reader: r.username ?? r.reader_id ?? "?",
          lockedAt: r.locked_at!,
          read: r,
          assessment: a,
          results,
        });
    }
    const adjs = adjBySubject.get(s.id) ?? [];
    const latest = adjs.at(-1);
    if (latest)
      entry.adjudication = {
        createdAt: latest.created_at,
        selectedReadId: latest.selected_read_id,
        status: latest.status,
      };
    const decided = adjs.filter((a) => a.status === "decided" && a.selected_read_id).at(-1);
    const accepted = chooseAccepted({
      decided: decided ? (readById.get(decided.selected_read_id!) ?? null) : null,
      open: adjs.some((a) => a.status === "open"),
      readerReads,
      paradigm: readerReads[0] ? protocolById.get(readerReads[0].protocol_id)?.paradigm : undefined,
      primaryOf: (r) => {
        const p = protocolById.get(r.protocol_id)?.primaryCriteria ?? protocol.primaryCriteria;
        return assessed.get(r.id)?.comparison?.results[p] ?? null;
      },
    });
    entry.acceptedReadId = accepted?.read.id ?? null;
    entry.acceptedHow = accepted?.how ?? null;
    out.push(entry);
  }
  return { study, protocol, sites, subjects: out };
}

/** The criteria id asked for, checked against the protocol (default: the primary set). */
export function protocolCriteria(protocol: ReadProtocolSettings, criteria: string | undefined): string {
  const all = [protocol.primaryCriteria, ...protocol.exploratoryCriteria];
  const id = criteria ?? protocol.primaryCriteria;
  if (!all.includes(id)) {
    throw badRequest("criteria not in the protocol", [
      { path: "$query.criteria", message: `the protocol assesses ${all.join(", ")}` },
    ]);
  }
  return id;
}
