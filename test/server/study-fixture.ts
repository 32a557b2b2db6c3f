// A small study with finished reads, for the results, dashboard and worklist tests: subjects enrolled
// through the API (with site and arm), each reader's read imported through the imports route, then
// locked as signing the last time point would lock it (the signature path itself, with its argon2
// password checks, is walked by bicr-workflow.test.ts; here it would only cost time), and the
// adjudication check the lock runs.
import { nowIso } from "../../src/db/ids.ts";
import { SYSTEM, write } from "../../src/server/context.ts";
import { onReadLocked } from "../../src/server/services/adjudication.ts";
import { type Agent, addUser, CLINICAL, call, type Harness, lesionsAt, PROTOCOL } from "./harness.ts";

export const DATES = ["2025-01-03", "2025-03-03", "2025-05-05"];
export type Course = Array<[number, number]>;
/** −75 % and sustained: PR under every set. */
export const RESPONSE: Course = [
  [30, 30],
  [15, 15],
  [15, 15],
];
/** SD (−6.6 %) then +90 % over the nadir: PD under RANO 2.0 and RANO-HGG, PD-P under mRANO. */
export const PROGRESSION: Course = [
  [30, 30],
  [29, 29],
  [40, 40],
];
/** −12.9 % then −6.6 %: SD. */
export const STABLE: Course = [
  [30, 30],
  [28, 28],
  [29, 29],
];

export interface FixtureSubject {
  pseudonym: string;
  site: string;
  arm: string;
  /** One course per reader (reader 1, reader 2). */
  courses: [Course, Course];
}

export const caseOf = (pseudonym: string, course: Course) => ({
  ...CLINICAL,
  patient: { ...CLINICAL.patient, id: pseudonym },
  assessments: DATES.map((date, i) => ({ date, lesions: lesionsAt([course[i]!]) })),
});

export async function buildStudy(
  h: Harness,
  manager: Agent,
  members: Agent[],
  readers: [Agent, Agent],
  subjects: FixtureSubject[],
  protocol: object,
  o: { lock?: boolean } = {},
) {
  const study = await call(h, manager, "POST", "/api/v1/studies", {
    code: `F${Math.random().toString(36).slice(2, 8)}`,
    title: "Fixture",
    protocol,
  });
  const studyId = study.body.id as string;
  for (const a of members)
    await call(h, manager, "POST", `/api/v1/studies/${studyId}/members`, { userId: a.userId });
  const sites: Record<string, string> = {};
  for (const code of [...new Set(subjects.map((s) => s.site))]) {
    sites[code] = (
      await call(h, manager, "POST", `/api/v1/studies/${studyId}/sites`, { code, name: `Site ${code}` })
    ).body.id;
  }
  const subjectIds: Record<string, string> = {};
  for (const s of subjects) {
    const r = await call(h, manager, "POST", `/api/v1/studies/${studyId}/subjects`, {
      pseudonym: s.pseudonym,
      siteId: sites[s.site],
      arm: s.arm,
      clinical: CLINICAL,
      timepoints: DATES,
    });
    subjectIds[s.pseudonym] = r.body.id;
  }
  for (const [k, reader] of readers.entries()) {
    const imported = await call(h, manager, "POST", `/api/v1/studies/${studyId}/imports`, {
      format: "json",
      as: "reader_read",
      reader: reader.username,
      content: JSON.stringify(subjects.map((s) => caseOf(s.pseudonym, s.courses[k as 0 | 1]))),
    });
    if (imported.status !== 200) throw new Error(`fixture import: ${imported.text}`);
  }
  if (o.lock !== false) await lockReads(h, studyId);
  return { studyId, sites, subjectIds };
}

/** Locks every open reader read of the study and runs the adjudication check, as the last signature would. */
export async function lockReads(h: Harness, studyId: string, only?: (readerId: string | null) => boolean) {
  const db = h.database.db;
  const ctx = { ...h.deps, actor: SYSTEM };
  const reads = (
    await db
      .selectFrom("reads")
      .selectAll()
      .where("study_id", "=", studyId)
      .where("status", "=", "in_progress")
      .execute()
  ).filter((r) => !only || only(r.reader_id));
  const now = nowIso();
  for (const r of reads) {
    await write(ctx, async (trx, audit) => {
      await trx
        .updateTable("read_timepoints")
        .set({ locked_at: now, signed_by: "fixture", signature_meaning: "authored" })
        .where("read_id", "=", r.id)
        .execute();
      await trx
        .updateTable("reads")
        .set({ status: "locked", locked_at: now, version: r.version + 1 })
        .where("id", "=", r.id)
        .execute();
      await audit({ action: "read.lock", entity: "read", entityId: r.id, after: { status: "locked" } });
    });
  }
  for (const subjectId of new Set(reads.map((r) => r.subject_id)))
    await write(ctx, (trx, audit) => onReadLocked(trx, audit, subjectId));
}

export type FourSubjectAgents = Record<"admin" | "manager" | "r1" | "r2" | "adj" | "monitor", Agent>;

/** Six users (one per role, two readers) and four subjects on two sites and two arms, read by both
 * readers; S3's readers disagree (response against progression), so its adjudication is open. */
export async function fourSubjectStudy(h: Harness) {
  const a = {
    admin: await addUser(h, "admin", "admin"),
    manager: await addUser(h, "manager", "study_manager"),
    r1: await addUser(h, "reader1", "reader"),
    r2: await addUser(h, "reader2", "reader"),
    adj: await addUser(h, "adjudicator", "adjudicator"),
    monitor: await addUser(h, "monitor", "monitor"),
  } satisfies FourSubjectAgents;
  const built = await buildStudy(
    h,
    a.manager,
    [a.r1, a.r2, a.adj, a.monitor],
    [a.r1, a.r2],
    [
      { pseudonym: "S1", site: "001", arm: "A", courses: [RESPONSE, RESPONSE] },
      { pseudonym: "S2", site: "001", arm: "B", courses: [PROGRESSION, PROGRESSION] },
      { pseudonym: "S3", site: "002", arm: "A", courses: [RESPONSE, PROGRESSION] },
      { pseudonym: "S4", site: "002", arm: "B", courses: [STABLE, STABLE] },
    ],
    PROTOCOL,
  );
  return { a, ...built };
}
