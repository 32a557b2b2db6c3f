// GET /me/worklist per role, on both databases: a reader's reads due in enrolment order with the next
// time point; confirmation scans due (open PD-P under mRANO, the protocol's primary set here) with the
// date from which they can be confirmed; open adjudications for the adjudicator; jobs for the manager.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Agent, addUser, CLINICAL, call, DIALECTS, type Harness, startHarness } from "./harness.ts";
import { buildStudy, DATES, lockReads, PROGRESSION, RESPONSE } from "./study-fixture.ts";

const MRANO_PRIMARY = {
  primaryCriteria: "mrano",
  exploratoryCriteria: ["rano2"],
  paradigm: "two_readers_adjudicator",
  presentation: "time_sequential",
  triggers: { bestResponse: true, progressionDateDays: 0, responseDateDays: null },
};

describe.each(DIALECTS)("worklist on %s", (dialect) => {
  let h: Harness;
  const a = {} as Record<"manager" | "r1" | "r2" | "adj" | "monitor" | "outsider", Agent>;
  let studyId: string;
  let subjectIds: Record<string, string>;
  const wl = (who: Agent, q = "asOf=2025-05-20") =>
    call(h, who, "GET", `/api/v1/me/worklist?studyId=${studyId}&${q}`);

  beforeAll(async () => {
    h = await startHarness(dialect);
    a.manager = await addUser(h, "manager", "study_manager");
    a.r1 = await addUser(h, "reader1", "reader");
    a.r2 = await addUser(h, "reader2", "reader");
    a.adj = await addUser(h, "adjudicator", "adjudicator");
    a.monitor = await addUser(h, "monitor", "monitor");
    a.outsider = await addUser(h, "outsider", "reader");
    ({ studyId, subjectIds } = await buildStudy(
      h,
      a.manager,
      [a.r1, a.r2, a.adj],
      [a.r1, a.r2],
      [
        { pseudonym: "S1", site: "001", arm: "A", courses: [PROGRESSION, PROGRESSION] },
        { pseudonym: "S2", site: "001", arm: "B", courses: [RESPONSE, PROGRESSION] },
      ],
      MRANO_PRIMARY,
      { lock: false },
    ));
    const s3 = await call(h, a.manager, "POST", `/api/v1/studies/${studyId}/subjects`, {
      pseudonym: "S3",
      clinical: CLINICAL,
      timepoints: DATES,
    });
    subjectIds.S3 = s3.body.id;
    // Reader 2 has finished; reader 1 has signed nothing yet.
    await lockReads(h, studyId, (readerId) => readerId === a.r2.userId);
  }, 120_000);
  afterAll(() => h.close());

  it("reader 1: every unfinished subject in enrolment order with the next time point", async () => {
    const w = await wl(a.r1);
    expect(w.status, w.text).toBe(200);
    expect(w.body.sections).toEqual(["reads", "confirmations"]);
    expect(w.body.reads.map((r: any) => [r.pseudonym, r.status, r.next?.date, r.timepointsLeft])).toEqual([
      ["S1", "in_progress", DATES[0], 3],
      ["S2", "in_progress", DATES[0], 3],
      ["S3", "not_started", DATES[0], 3],
    ]);
    expect(w.body.reads[2].readId).toBeNull();
    expect(w.body.adjudications).toEqual([]);
    expect(w.body.jobs).toEqual([]);
  });

  it("reader 1: the confirmation scan due on their own read only, without reader names", async () => {
    const w = await wl(a.r1);
    // S1 under mRANO: PD-P on 2025-05-05, confirmable from 28 days later; RANO 2.0 calls it PD (no entry).
    expect(w.body.confirmations).toEqual([
      {
        studyId,
        studyCode: expect.any(String),
        subjectId: subjectIds.S1,
        pseudonym: "S1",
        readId: expect.any(String),
        readStatus: "in_progress",
        criteria: "mrano",
        primary: true,
        date: "2025-05-05",
        label: "PD-P",
        dueFrom: "2025-06-02",
        due: "not_yet_due",
        daysUntilDue: 13,
        rules: expect.any(Array),
        nextAction: expect.stringMatching(/2025-06-02/),
      },
    ]);
    const later = await wl(a.r1, "asOf=2025-06-10");
    expect(later.body.confirmations[0]).toMatchObject({ due: "due", daysUntilDue: -8 });
  });

  it("reader 2: locked reads drop out; the subject nobody has read remains", async () => {
    const w = await wl(a.r2);
    expect(w.body.reads.map((r: any) => r.pseudonym)).toEqual(["S3"]);
    expect(w.body.confirmations.map((c: any) => [c.pseudonym, c.readStatus])).toEqual([
      ["S1", "locked"],
      ["S2", "locked"],
    ]);
  });

  it("the study manager and the monitor see every read's confirmations with the reader", async () => {
    for (const who of [a.manager, a.monitor]) {
      const w = await wl(who);
      expect(w.body.sections).toEqual(["confirmations", "adjudications", "jobs"]);
      expect(w.body.reads).toEqual([]);
      expect(w.body.confirmations.map((c: any) => `${c.pseudonym}/${c.reader}/${c.criteria}`).sort()).toEqual(
        ["S1/reader1/mrano", "S1/reader2/mrano", "S2/reader2/mrano"],
      );
    }
  });

  it("once both reads are locked: the adjudicator's open task, the manager's jobs", async () => {
    expect((await wl(a.adj)).body.adjudications).toEqual([]);
    await lockReads(h, studyId);
    const w = await wl(a.adj);
    expect(w.body.sections).toEqual(["adjudications"]);
    expect(w.body.confirmations).toEqual([]);
    expect(w.body.adjudications).toMatchObject([
      { subjectId: subjectIds.S2, pseudonym: "S2", status: "open" },
    ]);
    expect((await wl(a.r1)).body.reads.map((r: any) => r.pseudonym)).toEqual(["S3"]);
    const job = await call(h, a.manager, "POST", `/api/v1/studies/${studyId}/jobs`, { kind: "recompute" });
    const m = await wl(a.manager);
    expect(m.body.jobs.map((j: any) => j.id)).toContain(job.body.jobId);
    expect(m.body.adjudications).toHaveLength(1);
  });

  it("bad asOf is a 400 naming it; another study's worklist is refused to a non-member", async () => {
    const bad = await wl(a.r1, "asOf=20250520");
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe("$query.asOf");
    expect((await wl(a.outsider)).status).toBe(403);
    const all = await call(h, a.outsider, "GET", "/api/v1/me/worklist");
    expect(all.status).toBe(200);
    expect(all.body.reads).toEqual([]);
  });
});
