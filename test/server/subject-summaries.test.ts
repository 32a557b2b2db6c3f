// GET /studies/{id}/subjects/summary: the Subjects page's one request per page. Each row must say what the
// per-subject routes say to the same caller — the timeline's read and best response, the reads listed —
// with the same blinding: a reader sees only their own read, an adjudicator only the reads of their tasks
// and no assessment, the arm only admins and study managers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Agent, call, DIALECTS, type Harness, startHarness } from "./harness.ts";
import { type FourSubjectAgents, fourSubjectStudy } from "./study-fixture.ts";

describe.each(DIALECTS)("subject summaries on %s", (dialect) => {
  let h: Harness;
  let a: FourSubjectAgents;
  let studyId: string;
  let subjectIds: Record<string, string>;

  beforeAll(async () => {
    h = await startHarness(dialect);
    ({ a, studyId, subjectIds } = await fourSubjectStudy(h));
  }, 120_000);
  afterAll(() => h.close());

  const summary = async (who: Agent, q = "") =>
    call(h, who, "GET", `/api/v1/studies/${studyId}/subjects/summary${q ? `?${q}` : ""}`);

  /** What the per-subject routes tell the same caller about one subject. */
  async function perSubject(who: Agent, role: string, subjectId: string) {
    const reads = (await call(h, who, "GET", `/api/v1/subjects/${subjectId}/reads`)).body.items.filter(
      (r: any) => r.status !== "superseded",
    );
    const tps = (await call(h, who, "GET", `/api/v1/subjects/${subjectId}/timepoints`)).body.items;
    let selection = "none";
    let best: unknown = null;
    if (role !== "adjudicator") {
      const t = (await call(h, who, "GET", `/api/v1/subjects/${subjectId}/timeline`)).body;
      selection = t.selection;
      const c = t.assessment?.comparison;
      const s = c ? c.summary[c.criteria[0]] : undefined;
      best = s
        ? { criteria: c.criteria[0], name: s.name, category: s.bestOverallResponse, confirmed: s.confirmed }
        : null;
    }
    return {
      selection,
      best,
      reads: {
        locked: reads.filter((r: any) => r.status === "locked").length,
        inProgress: reads.filter((r: any) => r.status === "in_progress").length,
        site: reads.filter((r: any) => r.kind === "site").length,
      },
      timepoints: { count: tps.length, first: tps[0]?.date ?? null, last: tps.at(-1)?.date ?? null },
    };
  }

  it("says for every role what the per-subject routes say, blinded the same way", async () => {
    const roles = [
      ["admin", a.admin],
      ["study_manager", a.manager],
      ["reader", a.r1],
      ["reader", a.r2],
      ["adjudicator", a.adj],
      ["monitor", a.monitor],
    ] as const;
    for (const [role, who] of roles) {
      const r = await summary(who);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body.items.map((s: any) => s.pseudonym)).toEqual(["S1", "S2", "S3", "S4"]);
      for (const row of r.body.items) {
        const expected = await perSubject(who, role, row.id);
        expect({ ...row, id: undefined }, `${role} ${row.pseudonym}`).toMatchObject({
          selection: expected.selection,
          best: expected.best,
          reads: expected.reads,
          timepoints: expected.timepoints,
        });
        if (role === "admin" || role === "study_manager") expect(row.arm).toMatch(/^[AB]$/);
        else expect(row).not.toHaveProperty("arm");
        if (role === "reader") {
          expect(row.reads.locked).toBe(1);
          expect(row.myRead).toMatchObject({ status: "locked", timepoints: row.timepoints.count });
          expect(row.myRead.lockedTimepoints).toBe(row.timepoints.count);
        } else expect(row.myRead).toBeNull();
        if (role === "adjudicator") expect(row.best).toBeNull();
      }
    }
  });

  it("shows real values: sites, the readers' disagreement on S3 and their own reads", async () => {
    const m = (await summary(a.manager)).body.items;
    expect(m.map((s: any) => s.site?.code)).toEqual(["001", "001", "002", "002"]);
    expect(m.map((s: any) => s.reads.locked)).toEqual([2, 2, 2, 2]);
    // S3's readers disagree: no accepted read while its adjudication is open.
    expect(m[2].selection).toBe("none");
    expect(m[2].best).toBeNull();
    expect(m[0].selection).toBe("agreement");
    const r1 = (await summary(a.r1)).body.items;
    const r2 = (await summary(a.r2)).body.items;
    expect(r1[2].myRead.id).not.toBe(r2[2].myRead.id);
    expect(r1[2].best.category).not.toBe(r2[2].best.category);
    // The adjudicator sees S3's two reads (its task) and none elsewhere.
    const j = (await summary(a.adj)).body.items;
    expect(j.map((s: any) => s.reads.locked)).toEqual([0, 0, 2, 0]);
    expect(subjectIds.S3).toBe(m[2].id);
  });

  it("pages as the other listings do", async () => {
    const p1 = (await summary(a.manager, "limit=3")).body;
    expect(p1.items).toHaveLength(3);
    expect(p1.next).toBe(p1.items[2].id);
    const p2 = (await summary(a.manager, `limit=3&after=${p1.next}`)).body;
    expect(p2.items.map((s: any) => s.pseudonym)).toEqual(["S4"]);
    expect(p2.next).toBeNull();
    const bad = await summary(a.manager, "limit=0");
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe("$query.limit");
  });
});
