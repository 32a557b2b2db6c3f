// The subject timeline's fast path on both databases: one query after authentication, the assessment
// from the cache as bytes keyed by (read, read version, subject version). The cache must never serve a
// stale body, never one user's or role's view to another, and authentication is checked in the database
// on every request: a revoked token or session, or a changed role, applies to the very next request.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Agent, addUser, call, DIALECTS, type Harness, PROTOCOL, startHarness } from "./harness.ts";
import { buildStudy, lockReads, RESPONSE } from "./study-fixture.ts";

const bearer = async (h: Harness, token: string, url: string) => {
  const res = await h.app.inject({ method: "GET", url, headers: { authorization: `Bearer ${token}` } });
  return { status: res.statusCode, body: res.statusCode === 200 ? res.json() : null, text: res.body };
};

/** The statements `fn` runs through the app's database (both dialects run every query through the
 * executor's connections). */
async function countQueries<T>(h: Harness, fn: () => Promise<T>) {
  const queries: string[] = [];
  const executor = h.database.db.getExecutor() as unknown as {
    provideConnection: <R>(use: (c: unknown) => Promise<R>) => Promise<R>;
  };
  const provide = executor.provideConnection.bind(executor);
  executor.provideConnection = (use) =>
    provide((c) => {
      const conn = c as { executeQuery(q: { sql: string }): Promise<unknown> };
      return use({
        ...conn,
        executeQuery: (q: { sql: string }) => {
          queries.push(q.sql);
          return conn.executeQuery(q);
        },
      });
    });
  try {
    return { queries, result: await fn() };
  } finally {
    executor.provideConnection = provide;
  }
}

describe.each(DIALECTS)("timeline cache on %s", (dialect) => {
  let h: Harness;
  let admin: Agent;
  let manager: Agent;
  let readerA: Agent;
  let readerB: Agent;
  let monitor: Agent;
  let subjectId: string;
  let studyId: string;
  const readIds: Record<string, string> = {};
  const url = () => `/api/v1/subjects/${subjectId}/timeline`;

  beforeAll(async () => {
    h = await startHarness(dialect);
    admin = await addUser(h, "admin", "admin");
    manager = await addUser(h, "manager", "study_manager");
    readerA = await addUser(h, "reader.a", "reader");
    readerB = await addUser(h, "reader.b", "reader");
    monitor = await addUser(h, "monitor", "monitor");
    const fixture = await buildStudy(
      h,
      manager,
      [readerA, readerB, monitor],
      [readerA, readerB],
      [{ pseudonym: "TL-1", site: "001", arm: "ARM-SECRET", courses: [RESPONSE, RESPONSE] }],
      { ...PROTOCOL, presentation: "all_at_once" },
      { lock: false },
    );
    subjectId = fixture.subjectIds["TL-1"]!;
    studyId = fixture.studyId;
    for (const r of await h.database.db.selectFrom("reads").select(["id", "reader_id"]).execute())
      readIds[r.reader_id === readerA.userId ? "A" : "B"] = r.id;
  });
  afterAll(() => h.close());

  it("answers after one query past authentication, and serves a repeat from the cache", async () => {
    await call(h, readerA, "GET", url());
    const hits = h.deps.cache.hits;
    const { queries, result: t } = await countQueries(h, () => call(h, readerA, "GET", url()));
    expect(t.status).toBe(200);
    expect(t.body.read.id).toBe(readIds.A);
    // The session lookup, then subject + membership + read + reader name in one statement.
    expect(queries).toHaveLength(2);
    expect(queries[0]).toMatch(/from "sessions"/);
    expect(queries[1]).toMatch(/from "subjects" as "s".*left join "reads" as "r"/s);
    expect(h.deps.cache.hits).toBe(hits + 1);
  });

  it("a saved measurement shows in the very next timeline (a new read version is a new cache key)", async () => {
    const before = await call(h, readerA, "GET", url());
    const rano2 = before.body.assessment.comparison.results.rano2;
    expect(rano2.timepoints[1].changePct).toBe(-75);
    const timepoints = (await call(h, manager, "GET", `/api/v1/subjects/${subjectId}/timepoints`)).body.items;
    const lesionUrl = `/api/v1/reads/${readIds.A}/timepoints/${timepoints[0].id}/lesions/L1`;
    const read = await call(h, readerA, "GET", `/api/v1/reads/${readIds.A}`);
    const l1 = read.body.timepoints[0].lesions.find((l: { id: string }) => l.id === "L1");
    const saved = await call(h, readerA, "PUT", lesionUrl, {
      version: l1.version,
      lesion: { id: "L1", component: "enhancing", role: "target", diametersMm: [20, 20] },
    });
    expect(saved.status, saved.text).toBe(200);
    const after = await call(h, readerA, "GET", url());
    expect(after.body.read.version).toBe(before.body.read.version + 1);
    // Baseline 20×20 = 400 mm², follow-up 15×15 = 225 mm²: −43.75 %, shown to one decimal.
    expect(after.body.assessment.comparison.results.rano2.timepoints[1].changePct).toBe(-43.8);
    // The read's own assessment route agrees with the timeline.
    const assessment = await call(h, readerA, "GET", `/api/v1/reads/${readIds.A}/assessment`);
    expect(assessment.body).toEqual(after.body.assessment);
    // Back to 30×30: the cache answers the new version, not the earlier identical body's key.
    const restored = await call(h, readerA, "PUT", lesionUrl, {
      version: saved.body.version,
      lesion: { id: "L1", component: "enhancing", role: "target", diametersMm: [30, 30] },
    });
    expect(restored.status, restored.text).toBe(200);
    const back = await call(h, readerA, "GET", url());
    expect(back.body.read.version).toBe(before.body.read.version + 2);
    expect(back.body.assessment.comparison.results.rano2.timepoints[1].changePct).toBe(-75);
    // A change to the subject (its clinical record) also makes the next view a fresh computation.
    const subject = await call(h, manager, "GET", `/api/v1/subjects/${subjectId}`);
    const misses = h.deps.cache.misses;
    const patched = await call(h, manager, "PATCH", `/api/v1/subjects/${subjectId}`, {
      version: subject.body.version,
      clinical: { ...subject.body.clinical, clinical: [{ date: "2025-01-06", status: "stable" }] },
    });
    expect(patched.status, patched.text).toBe(200);
    await call(h, readerA, "GET", url());
    expect(h.deps.cache.misses).toBe(misses + 1);
  });

  it("each user and role gets the view they may see, never another's cached body", async () => {
    const a = await call(h, readerA, "GET", url());
    expect(a.body).toMatchObject({ selection: "own", read: { id: readIds.A, reader: "reader.a" } });
    // Reader B, right after A's body was served from the same subject: their own read, not A's.
    const b = await call(h, readerB, "GET", url());
    expect(b.body).toMatchObject({ selection: "own", read: { id: readIds.B, reader: "reader.b" } });
    expect(b.body.assessment.readId).toBe(readIds.B);
    expect(b.text).not.toContain(readIds.A);
    // …and asking for A's read by id is refused, though its assessment is cached.
    const peek = await call(h, readerB, "GET", `${url()}?readId=${readIds.A}`);
    expect(peek.status).toBe(403);
    expect(peek.text).not.toContain("changePct");
    // The study manager asks for A's read: the same assessment, under the manager's selection.
    const m = await call(h, manager, "GET", `${url()}?readId=${readIds.A}`);
    expect(m.body).toMatchObject({ selection: "requested", read: { id: readIds.A } });
    expect(m.body.assessment).toEqual(a.body.assessment);
    // The monitor, without a read id: no read is locked, so no accepted read, so nothing.
    const o = await call(h, monitor, "GET", url());
    expect(o.body).toMatchObject({ selection: "none", read: null, assessment: null });
    // No view of the timeline carries the treatment arm.
    for (const res of [a, b, m, o]) expect(res.text).not.toContain("ARM-SECRET");
  });

  it("a revoked API token or session is refused on the next request; a role change applies at once", async () => {
    const created = await call(h, readerA, "POST", "/api/v1/auth/tokens", { name: "script" });
    expect(created.status).toBe(201);
    expect((await bearer(h, created.body.token, url())).status).toBe(200);
    const revoked = await call(h, readerA, "DELETE", `/api/v1/auth/tokens/${created.body.id}`);
    expect(revoked.status).toBe(200);
    expect((await bearer(h, created.body.token, url())).status).toBe(401);

    // A session revoked by an admin: the cookie that just worked is refused.
    expect((await call(h, readerA, "GET", url())).status).toBe(200);
    const ended = await call(h, admin, "POST", `/api/v1/users/${readerA.userId}/revoke-sessions`);
    expect(ended.status, ended.text).toBe(200);
    expect((await call(h, readerA, "GET", url())).status).toBe(401);

    // Reader B's token follows B's role as it is now: as a monitor, B no longer gets "own".
    const tokenB = (await call(h, readerB, "POST", "/api/v1/auth/tokens", { name: "script" })).body.token;
    expect((await bearer(h, tokenB, url())).body.selection).toBe("own");
    const users = (await call(h, admin, "GET", "/api/v1/users")).body.items;
    const b = users.find((u: { id: string }) => u.id === readerB.userId);
    const patched = await call(h, admin, "PATCH", `/api/v1/users/${readerB.userId}`, {
      version: b.version,
      role: "monitor",
    });
    expect(patched.status, patched.text).toBe(200);
    expect((await bearer(h, tokenB, url())).body).toMatchObject({ selection: "none", read: null });
  });

  it("once both reads are locked and agree, others see reader 1's read without loading either read", async () => {
    await lockReads(h, studyId);
    const first = [readIds.A, readIds.B].sort()[0];
    await call(h, manager, "GET", url()); // the locked read's first assessment (a new read version)
    const { queries, result } = await countQueries(h, () => call(h, manager, "GET", url()));
    expect(result.body).toMatchObject({ selection: "agreement", read: { id: first, status: "locked" } });
    expect(result.body.assessment.readId).toBe(first);
    // Session, timeline row, decided task, open task, current reads, their protocol, the reader's name.
    expect(queries).toHaveLength(7);
    expect(queries.filter((q) => /lesion_measurements/.test(q))).toEqual([]);
  });
});
