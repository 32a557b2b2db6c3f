// The signed-in user's worklist across their studies (or one study), by role:
// - reader: reads due — subjects they have not finished, in enrolment order, with the next time point
//   to read (time-sequential: the first unlocked one), and confirmation scans due on their own reads;
// - study manager, admin, monitor: confirmation scans due on every current reader read, open
//   adjudications, and the studies' jobs (imports, recomputation);
// - adjudicator: the open adjudication tasks of their studies.
// Confirmation scans: every open PD-P / IND under each criteria set of the protocol, with the date from
// which a scan can confirm it and the engine's next action (src/workup/worklist.ts, as `ranokit worklist`).
import { byConfirmationDue, isIsoDay } from "../../app/worklist.ts";
import type { Read } from "../../db/schema.ts";
import { worklistEntry } from "../../workup/worklist.ts";
import { requireStudy, seesAllStudies } from "../auth/access.ts";
import type { Ctx } from "../context.ts";
import { badRequest } from "../http/problem.ts";
import { ReadProtocolSettings } from "../schemas/protocol.ts";
import { adjudicationOut } from "./adjudication.ts";
import { assessLoaded } from "./assessment.ts";
import { jobOut } from "./jobs.ts";
import { loadReadRow } from "./read-data.ts";

const MANAGERS = ["admin", "study_manager", "monitor"];

export async function worklist(ctx: Ctx, q: { studyId?: string | undefined; asOf?: string | undefined }) {
  const db = ctx.database.db;
  const role = ctx.actor.user.role;
  const asOf = q.asOf ?? new Date().toISOString().slice(0, 10);
  if (!isIsoDay(asOf))
    throw badRequest("asOf is not a date", [{ path: "$query.asOf", message: "an ISO date YYYY-MM-DD" }]);
  let studies: Array<{ id: string; code: string; current_protocol_id: string | null }>;
  if (q.studyId) studies = [await requireStudy(ctx, q.studyId)];
  else if (seesAllStudies(ctx))
    studies = await db
      .selectFrom("studies")
      .select(["id", "code", "current_protocol_id"])
      .orderBy("id")
      .execute();
  else
    studies = await db
      .selectFrom("studies as s")
      .innerJoin("study_members as m", "m.study_id", "s.id")
      .select(["s.id", "s.code", "s.current_protocol_id"])
      .where("m.user_id", "=", ctx.actor.user.id)
      .orderBy("s.id")
      .execute();
  const ids = studies.map((s) => s.id);
  const code = new Map(studies.map((s) => [s.id, s.code]));
  const sections: string[] =
    role === "reader"
      ? ["reads", "confirmations"]
      : role === "adjudicator"
        ? ["adjudications"]
        : ["confirmations", "adjudications", "jobs"];
  const out = {
    asOf,
    sections,
    reads: [] as Array<Record<string, unknown>>,
    confirmations: [] as Array<Record<string, unknown>>,
    adjudications: [] as Array<Record<string, unknown>>,
    jobs: [] as Array<ReturnType<typeof jobOut>>,
  };
  if (ids.length === 0) return out;

  const protocols = new Map(
    (
      await db
        .selectFrom("protocol_versions")
        .select(["id", "settings"])
        .where("study_id", "in", ids)
        .execute()
    ).map((p) => [p.id, ReadProtocolSettings.parse(JSON.parse(p.settings))] as const),
  );
  const subjects = await db
    .selectFrom("subjects")
    .select(["id", "study_id", "pseudonym", "version"])
    .where("study_id", "in", ids)
    .orderBy("id")
    .execute();
  const subjectById = new Map(subjects.map((s) => [s.id, s]));

  if (sections.includes("reads") || sections.includes("confirmations")) {
    let rq = db
      .selectFrom("reads as r")
      .leftJoin("users as u", "u.id", "r.reader_id")
      .selectAll("r")
      .select("u.username")
      .where("r.study_id", "in", ids)
      .where("r.kind", "=", "reader")
      .where("r.status", "!=", "superseded")
      .orderBy("r.id");
    if (role === "reader") rq = rq.where("r.reader_id", "=", ctx.actor.user.id);
    const reads = await rq.execute();

    if (sections.includes("reads")) {
      const [tps, rts, counts] = await Promise.all([
        db
          .selectFrom("timepoints as t")
          .innerJoin("subjects as s", "s.id", "t.subject_id")
          .select(["t.id", "t.subject_id", "t.date"])
          .where("s.study_id", "in", ids)
          .orderBy("t.date")
          .execute(),
        reads.length
          ? db
              .selectFrom("read_timepoints")
              .select(["read_id", "timepoint_id", "locked_at"])
              .where(
                "read_id",
                "in",
                reads.map((r) => r.id),
              )
              .execute()
          : Promise.resolve([]),
        db
          .selectFrom("reads")
          .select(["subject_id", (eb) => eb.fn.countAll<number>().as("n")])
          .where("study_id", "in", ids)
          .where("kind", "=", "reader")
          .where("status", "!=", "superseded")
          .groupBy("subject_id")
          .execute(),
      ]);
      const tpsBySubject = new Map<string, typeof tps>();
      for (const t of tps) tpsBySubject.set(t.subject_id, [...(tpsBySubject.get(t.subject_id) ?? []), t]);
      const locked = new Set(
        rts.filter((r) => r.locked_at !== null).map((r) => `${r.read_id}|${r.timepoint_id}`),
      );
      const readCount = new Map(counts.map((c) => [c.subject_id, Number(c.n)]));
      const mine = new Map(reads.map((r) => [r.subject_id, r]));
      const studyProtocol = new Map(studies.map((s) => [s.id, protocols.get(s.current_protocol_id!)]));
      for (const s of subjects) {
        const read = mine.get(s.id);
        const scans = tpsBySubject.get(s.id) ?? [];
        if (scans.length === 0 || read?.status === "locked") continue;
        const protocol = read ? protocols.get(read.protocol_id) : studyProtocol.get(s.study_id);
        const needed = protocol?.paradigm === "three_readers_majority" ? 3 : 2;
        if (!read && (readCount.get(s.id) ?? 0) >= needed) continue;
        const open = scans.filter((t) => !read || !locked.has(`${read.id}|${t.id}`));
        out.reads.push({
          studyId: s.study_id,
          studyCode: code.get(s.study_id)!,
          subjectId: s.id,
          pseudonym: s.pseudonym,
          readId: read?.id ?? null,
          status: read ? "in_progress" : "not_started",
          presentation: protocol?.presentation ?? "time_sequential",
          next: open[0] ? { timepointId: open[0].id, date: open[0].date } : null,
          timepointsLeft: open.length,
          timepoints: scans.length,
        });
      }
    }

    if (sections.includes("confirmations")) {
      for (const r of reads) {
        const subject = subjectById.get(r.subject_id);
        if (!subject) continue;
        const key = `${r.id}:${r.version}:${subject.version}`;
        const assessment =
          ctx.cache.get(key)?.value ??
          ctx.cache.set(key, assessLoaded(await loadReadRow(db, r as Read))).value;
        const protocol = protocols.get(r.protocol_id);
        for (const criteria of assessment.criteria) {
          const result = assessment.comparison?.results[criteria];
          if (!result) continue;
          const e = worklistEntry(result, [], { asOf });
          if (!e) continue;
          out.confirmations.push({
            studyId: r.study_id,
            studyCode: code.get(r.study_id)!,
            subjectId: r.subject_id,
            pseudonym: subject.pseudonym,
            readId: r.id,
            readStatus: r.status,
            ...(MANAGERS.includes(role) ? { reader: r.username ?? null } : {}),
            criteria,
            primary: criteria === protocol?.primaryCriteria,
            date: e.date,
            label: e.label,
            dueFrom: e.dueFrom,
            due: e.due,
            daysUntilDue: e.daysUntilDue,
            rules: e.rules,
            nextAction: e.nextAction,
          });
        }
      }
      out.confirmations.sort(byConfirmationDue);
    }
  }

  if (sections.includes("adjudications")) {
    const rows = await db
      .selectFrom("adjudications as a")
      .leftJoin("users as u", "u.id", "a.adjudicator_id")
      .selectAll("a")
      .select("u.username")
      .where("a.study_id", "in", ids)
      .where("a.status", "=", "open")
      .orderBy("a.id")
      .execute();
    out.adjudications = rows.map((a) => ({
      ...adjudicationOut(a, a.username),
      studyCode: code.get(a.study_id)!,
      pseudonym: subjectById.get(a.subject_id)?.pseudonym ?? "",
    }));
  }

  if (sections.includes("jobs")) {
    const rows = await db
      .selectFrom("jobs")
      .selectAll()
      .where("study_id", "in", ids)
      .orderBy("id", "desc")
      .limit(50)
      .execute();
    out.jobs = rows.map(jobOut);
  }
  return out;
}
