// The demo seed (`ranokit serve --demo`): users, the study, reads, adjudications, images — written
// through the services (audited, the chain verifies), idempotent, and the reads' measurements agree
// with the masks they come from. The committed examples/demo-study/ files are the seed's own bytes.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { measureMask } from "../../src/imaging/measure-mask.ts";
import { parseLabelVolume } from "../../src/imaging/nifti/read-label-volume.ts";
import { verifyChain } from "../../src/server/audit/chain.ts";
import { DEMO_CASES } from "../../src/server/demo/cases.ts";
import { DEMO_STUDY_CODE, DEMO_USERS, seedDemo } from "../../src/server/demo/seed.ts";
import { type Agent, call, type Harness, signInDemoUsers, startHarness } from "./harness.ts";

const committed = join(import.meta.dirname, "..", "..", "examples", "demo-study");

describe("demo seed", () => {
  let h: Harness;
  const agents: Record<string, Agent> = {};
  let studyId: string;
  let subjects: Array<{ id: string; pseudonym: string }>;

  beforeAll(async () => {
    h = await startHarness("sqlite");
    const outcome = await seedDemo(h.deps);
    expect(outcome).toMatchObject({ seeded: true, subjects: DEMO_CASES.length });
    Object.assign(agents, await signInDemoUsers(h));
    const studies = await call(h, agents.manager!, "GET", "/api/v1/studies");
    studyId = studies.body.items.find((s: { code: string }) => s.code === DEMO_STUDY_CODE).id;
    subjects = (await call(h, agents.manager!, "GET", `/api/v1/studies/${studyId}/subjects`)).body.items;
  }, 180_000);
  afterAll(() => h.close());

  it("creates the six demo users with their roles, each able to sign in with the printed password", () => {
    expect(Object.keys(agents).sort()).toEqual(DEMO_USERS.map((u) => u.username).sort());
    expect(new Set(DEMO_USERS.map((u) => u.role))).toEqual(
      new Set(["admin", "study_manager", "reader", "adjudicator", "monitor"]),
    );
  });

  it("creates the study with its protocol, two sites and the subjects under pseudonyms", async () => {
    const study = (await call(h, agents.monitor!, "GET", `/api/v1/studies/${studyId}`)).body;
    expect(study.protocol).toMatchObject({
      primaryCriteria: "rano2",
      exploratoryCriteria: ["hgg", "mrano"],
      paradigm: "two_readers_adjudicator",
      presentation: "time_sequential",
    });
    const sites = (await call(h, agents.monitor!, "GET", `/api/v1/studies/${studyId}/sites`)).body.items;
    expect(sites.map((s: { code: string }) => s.code)).toEqual(["S01", "S02"]);
    expect(subjects.map((s) => s.pseudonym).sort()).toEqual(DEMO_CASES.map((c) => c.pseudonym).sort());
    for (const s of subjects) expect(s.pseudonym).toMatch(/^RK-D\d{3}$/);
  });

  it("has adjudication tasks for the disagreeing subjects, one decided for reader A", async () => {
    const tasks = (await call(h, agents.adjudicator!, "GET", `/api/v1/studies/${studyId}/adjudications`)).body
      .items as Array<{ subjectId: string; status: string; selectedReadId: string | null }>;
    const disagreeing = DEMO_CASES.filter((c) => c.disagree).map((c) => c.pseudonym);
    const bySubject = (id: string) => subjects.find((s) => s.id === id)!.pseudonym;
    expect(tasks.map((t) => bySubject(t.subjectId)).sort()).toEqual(disagreeing.sort());
    const decided = tasks.filter((t) => t.status === "decided");
    expect(decided).toHaveLength(1);
    const selected = (await call(h, agents.manager!, "GET", `/api/v1/reads/${decided[0]!.selectedReadId}`))
      .body;
    expect(selected.reader).toBe("reader.a");
    // The timeline of the decided subject shows the adjudicated read.
    const tl = (await call(h, agents.monitor!, "GET", `/api/v1/subjects/${decided[0]!.subjectId}/timeline`))
      .body;
    expect(tl.selection).toBe("adjudicated");
  });

  it("leaves the last follow-up open for both readers where the case says so", async () => {
    for (const c of DEMO_CASES) {
      const subject = subjects.find((s) => s.pseudonym === c.pseudonym)!;
      for (const reader of ["reader.a", "reader.b"]) {
        const reads = (await call(h, agents[reader]!, "GET", `/api/v1/subjects/${subject.id}/reads`)).body
          .items;
        expect(reads).toHaveLength(1);
        const read = (await call(h, agents[reader]!, "GET", `/api/v1/reads/${reads[0].id}`)).body;
        const locked = read.timepoints.map((t: { locked: boolean }) => t.locked);
        if (c.openFollowUp) {
          expect(read.status).toBe("in_progress");
          expect(locked.at(-1)).toBe(false);
          expect(read.timepoints.at(-1).open).toBe(true);
          expect(locked.slice(0, -1).every(Boolean)).toBe(true);
        } else {
          expect(read.status).toBe("locked");
          expect(locked.every(Boolean)).toBe(true);
        }
      }
    }
  });

  it("reader A's diameters and lines are the mask's measurement, close to the planned sizes", async () => {
    const c = DEMO_CASES.find((x) => x.pseudonym === "RK-D002")!;
    const subject = subjects.find((s) => s.pseudonym === c.pseudonym)!;
    const readId = (await call(h, agents["reader.a"]!, "GET", `/api/v1/subjects/${subject.id}/reads`)).body
      .items[0].id;
    const read = (await call(h, agents["reader.a"]!, "GET", `/api/v1/reads/${readId}`)).body;
    for (const [i, tp] of read.timepoints.entries()) {
      const mask = await h.app.inject({
        method: "GET",
        url: `/api/v1/subjects/${subject.id}/timepoints/${tp.timepointId}/mask`,
        headers: { cookie: agents["reader.a"]!.cookie },
      });
      expect(mask.statusCode).toBe(200);
      const measured = measureMask(parseLabelVolume(mask.rawPayload, "mask"), { preset: "brats2021" });
      expect(measured.lesions).toHaveLength(tp.lesions.length);
      for (const l of tp.lesions) {
        const planned = c.assessments[i]!.lesions.find((p) => p.id === l.id)!.diametersMm!;
        const [d1, d2] = l.lesion.diametersMm as [number, number];
        expect(Math.abs(d1 - planned[0])).toBeLessThanOrEqual(2.5);
        expect(Math.abs(d2 - planned[1])).toBeLessThanOrEqual(2.5);
        const m = l.lesion.measurement;
        const dist = (p: number[][]) => Math.hypot(p[0]![0]! - p[1]![0]!, p[0]![1]! - p[1]![1]!);
        expect(dist(m.longestMm)).toBeCloseTo(d1, 0);
        expect(dist(m.perpendicularMm)).toBeCloseTo(d2, 0);
        expect(
          measured.lesions.some(
            (x) =>
              Math.abs(x.bidimensional!.longest.lengthMm - d1) < 0.06 && x.bidimensional!.slice === m.slice,
          ),
        ).toBe(true);
      }
    }
  });

  it("is audited like any write, and the chain verifies", async () => {
    const actors = await h.database.db.selectFrom("audit_log").select(["actor", "action"]).execute();
    const by = (action: string) => new Set(actors.filter((a) => a.action === action).map((a) => a.actor));
    expect(by("user.create")).toEqual(new Set(["system"]));
    expect(by("study.create")).toEqual(new Set(["manager"]));
    expect(by("read.timepoint_sign")).toEqual(new Set(["reader.a", "reader.b"]));
    expect(by("adjudication.decide")).toEqual(new Set(["adjudicator"]));
    expect(by("timepoint.image_store")).toEqual(new Set(["manager"]));
    expect((await verifyChain(h.database.db)).ok).toBe(true);
  });

  it("is idempotent: a second run changes nothing and says why", async () => {
    const count = async () =>
      (
        await h.database.db
          .selectFrom("audit_log")
          .select((e) => e.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow()
      ).n;
    const before = await count();
    const again = await seedDemo(h.deps);
    expect(again).toMatchObject({ seeded: false, demoPresent: true });
    expect(await count()).toBe(before);
  });

  it("stores the same bytes as the committed examples/demo-study files (npm run demo-images)", async () => {
    const rows = await h.database.db
      .selectFrom("timepoint_files as f")
      .innerJoin("timepoints as t", "t.id", "f.timepoint_id")
      .innerJoin("subjects as s", "s.id", "t.subject_id")
      .select(["s.pseudonym", "t.date", "f.kind", "f.sha256"])
      .execute();
    expect(rows).toHaveLength(2 * DEMO_CASES.reduce((n, c) => n + c.assessments.length, 0));
    for (const r of rows) {
      const file = readFileSync(join(committed, r.pseudonym, `${r.date}-${r.kind}.nii.gz`));
      expect(createHash("sha256").update(file).digest("hex"), `${r.pseudonym} ${r.date} ${r.kind}`).toBe(
        r.sha256,
      );
    }
  });
});

describe("demo seed on a database in use", () => {
  it("does not seed a database that already has users", async () => {
    const h = await startHarness("sqlite");
    try {
      const { addUser } = await import("./harness.ts");
      await addUser(h, "someone", "admin");
      expect(await seedDemo(h.deps)).toMatchObject({ seeded: false, demoPresent: false });
      expect(await h.database.db.selectFrom("studies").select("id").execute()).toEqual([]);
    } finally {
      await h.close();
    }
  });
});
