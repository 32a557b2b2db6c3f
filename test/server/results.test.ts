// Study results filtered by site and arm (arm: admin and study manager only), and the dashboard payload,
// on both databases. Four subjects on two sites and two arms; subject S3's readers disagree, so its
// adjudication decides which read is accepted.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, DIALECTS, type Harness, startHarness } from "./harness.ts";
import { type FourSubjectAgents, fourSubjectStudy } from "./study-fixture.ts";

describe.each(DIALECTS)("study results on %s", (dialect) => {
  let h: Harness;
  let a: FourSubjectAgents;
  let studyId: string;
  let subjectIds: Record<string, string>;
  let sites: Record<string, string>;

  beforeAll(async () => {
    h = await startHarness(dialect);
    ({ a, studyId, subjectIds, sites } = await fourSubjectStudy(h));
  }, 120_000);
  afterAll(() => h.close());

  const url = (path: string, q = "") => `/api/v1/studies/${studyId}/${path}${q ? `?${q}` : ""}`;

  it("an open adjudication leaves S3 without an accepted read until it is decided", async () => {
    const e = await call(h, a.manager, "GET", url("endpoints"));
    expect(e.status).toBe(200);
    expect(e.body).toMatchObject({ subjects: 4, subjectsWithAcceptedRead: 3 });
    const tasks = await call(h, a.adj, "GET", url("adjudications", "status=open"));
    expect(tasks.body.items).toHaveLength(1);
    const task = tasks.body.items[0];
    expect(task.subjectId).toBe(subjectIds.S3);
    const detail = await call(h, a.adj, "GET", `/api/v1/adjudications/${task.id}`);
    const pr = detail.body.reads.find((r: any) => r.assessment.bestOverallResponse.category === "PR");
    const decided = await call(h, a.adj, "POST", `/api/v1/adjudications/${task.id}/decision`, {
      version: task.version,
      selectedReadId: pr.readId,
      reason: "reader 2 measured the cavity",
      password: a.adj.password,
    });
    expect(decided.status, decided.text).toBe(200);
    const after = await call(h, a.manager, "GET", url("endpoints"));
    expect(after.body.subjectsWithAcceptedRead).toBe(4);
    expect(after.body.summary.bestResponse).toMatchObject({ PR: 2, SD: 2 });
  });

  it("endpoints by site (id or code) and by arm", async () => {
    const s1 = await call(h, a.manager, "GET", url("endpoints", "site=001"));
    expect(s1.body).toMatchObject({ subjects: 2, subjectsWithAcceptedRead: 2 });
    expect(s1.body.summary.bestResponse).toMatchObject({ PR: 1, SD: 1 });
    const s2 = await call(h, a.manager, "GET", url("endpoints", `site=${sites["002"]}`));
    expect(s2.body.subjects).toBe(2);
    expect(s2.body.summary.patients.map((p: any) => p.patientId).sort()).toEqual(["S3", "S4"]);
    const armA = await call(h, a.admin, "GET", url("endpoints", "arm=A"));
    expect(armA.body.summary.patients.map((p: any) => p.patientId).sort()).toEqual(["S1", "S3"]);
    expect(armA.body.summary.orr).toMatchObject({ count: 2, total: 2 });
    const both = await call(h, a.manager, "GET", url("endpoints", "site=002&arm=B"));
    expect(both.body.summary.patients.map((p: any) => p.patientId)).toEqual(["S4"]);
    const none = await call(h, a.manager, "GET", url("endpoints", "arm=C"));
    expect(none.body).toMatchObject({ subjects: 0, subjectsWithAcceptedRead: 0, summary: null });
  });

  it("an unknown site is a 400 naming $query.site", async () => {
    const r = await call(h, a.manager, "GET", url("endpoints", "site=999"));
    expect(r.status).toBe(400);
    expect(r.body.errors[0].path).toBe("$query.site");
  });

  it("blinding: the monitor may filter by site but never by arm (403 naming the parameter)", async () => {
    const bySite = await call(h, a.monitor, "GET", url("endpoints", "site=001"));
    expect(bySite.status).toBe(200);
    for (const path of ["endpoints", "metrics", "dashboard"]) {
      const r = await call(h, a.monitor, "GET", url(path, "arm=A"));
      expect(r.status, path).toBe(403);
      expect(r.headers["content-type"]).toMatch(/problem\+json/);
      expect(r.body.errors).toEqual([{ path: "$query.arm", message: expect.stringMatching(/monitor/) }]);
    }
    // Readers and adjudicators see no study results at all, with or without arm.
    for (const who of [a.r1, a.adj]) {
      expect((await call(h, who, "GET", url("endpoints"))).status).toBe(403);
      expect((await call(h, who, "GET", url("dashboard", "arm=A"))).status).toBe(403);
    }
  });

  it("metrics by site: S3's adjudication counts at site 002 only", async () => {
    const m1 = await call(h, a.manager, "GET", url("metrics", "site=001"));
    expect(m1.status).toBe(200);
    expect(m1.body.adjudicationRate).toEqual({ numerator: 0, denominator: 2, rate: 0 });
    const m2 = await call(h, a.monitor, "GET", url("metrics", "site=002"));
    expect(m2.body.adjudicationRate).toEqual({ numerator: 1, denominator: 2, rate: 0.5 });
    expect(m2.body.perReader.find((r: any) => r.reader === "reader1").acceptanceRate).toMatchObject({
      numerator: 1,
      denominator: 1,
    });
    const all = await call(h, a.manager, "GET", url("metrics"));
    expect(all.body.adjudicationRate).toMatchObject({ numerator: 1, denominator: 4 });
  });

  it("dashboard: waterfall, spider and swimmer per subject from the accepted read", async () => {
    const d = await call(h, a.manager, "GET", url("dashboard"));
    expect(d.status, d.text).toBe(200);
    expect(d.body).toMatchObject({ criteria: "rano2", criteriaSets: ["rano2", "hgg", "mrano"], subjects: 4 });
    const by = Object.fromEntries(d.body.perSubject.map((s: any) => [s.pseudonym, s]));
    // Products: 30×30 = 900 mm² at baseline; 15×15 = 225 (−75 %); 28×28 = 784 (−12.9 %); 29×29 = 841 (−6.6 %).
    expect(by.S1.bestChangePct).toBe(-75);
    expect(by.S2.bestChangePct).toBe(-6.6);
    expect(by.S4.bestChangePct).toBe(-12.9);
    expect(by.S3).toMatchObject({ selection: "adjudicated", bestOverallResponse: "PR", bestChangePct: -75 });
    expect(by.S1).toMatchObject({
      selection: "agreement",
      arm: "A",
      siteCode: "001",
      component: "enhancing",
    });
    expect(by.S2.timepoints.map((t: any) => [t.daysFromBaseline, t.changeFromBaselinePct, t.label])).toEqual([
      [0, 0, null],
      [59, -6.6, "SD"],
      [122, 77.8, "PD"],
    ]);
    expect(by.S2.timepoints[1].sum).toBe(841);
    // Swimmer: T0 2025-01-06; S2 progresses on 2025-05-05 (day 119), S1 responds from 2025-03-03 (day 56).
    expect(by.S2.swimmer).toMatchObject({ timeOnStudyDays: 119, ongoing: false, progressionDay: 119 });
    expect(by.S1.swimmer).toMatchObject({ ongoing: true, firstResponseDay: 56, progressionDay: null });
    expect(by.S1.swimmer.responseDays).toEqual([
      { day: 56, label: "PR" },
      { day: 119, label: "PR" },
    ]);
  });

  it("dashboard: KM PFS with band and numbers at risk, ORR/DCR, criteria disagreement and BICR", async () => {
    const d = (await call(h, a.manager, "GET", url("dashboard", "atRiskEveryDays=28"))).body;
    expect(d.pfs).toMatchObject({ n: 4, events: 1, censored: 3, atRiskEveryDays: 28 });
    expect(d.pfs.curve[0]).toMatchObject({ time: 0, survival: 1 });
    // All four followed to day 119, where one of four progresses: S = 3/4.
    const at119 = d.pfs.curve.find((p: any) => p.time === 119);
    expect(at119).toMatchObject({ atRisk: 4, events: 1, censored: 3, survival: 0.75 });
    expect(at119.lower).toBeLessThan(0.75);
    expect(at119.upper).toBeGreaterThanOrEqual(0.75);
    expect(d.pfs.atRisk.map((x: any) => [x.time, x.atRisk, x.survival])).toEqual([
      [0, 4, 1],
      [28, 4, 1],
      [56, 4, 1],
      [84, 4, 1],
      [112, 4, 1],
    ]);
    expect(d.orr).toMatchObject({ count: 2, total: 4, estimate: 0.5, method: "clopper-pearson" });
    expect(d.dcr).toMatchObject({ count: 4, total: 4 });
    // S2 progresses under RANO 2.0 and RANO-HGG on 2025-05-05 but only PD-P under mRANO.
    const pair = d.criteriaDisagreement.pairs.find((p: any) => p.a === "rano2" && p.b === "mrano");
    expect(pair).toMatchObject({ n: 4, subjects: ["S2"] });
    expect(pair.progressionDateDiffers).toMatchObject({ count: 1, total: 4 });
    expect(pair.bestResponseDiffers.count).toBe(0);
    expect(d.criteriaDisagreement.pairs.find((p: any) => p.a === "rano2" && p.b === "hgg").subjects).toEqual(
      [],
    );
    expect(d.criteriaDisagreement.scans).toEqual({ compared: 12, disagreeing: 1 });
    expect(d.criteriaDisagreement.subjects).toEqual([
      {
        subjectId: subjectIds.S2,
        pseudonym: "S2",
        dates: ["2025-05-05"],
        endpoints: [expect.stringMatching(/^progression date: RANO 2.0 2025-05-05/), expect.any(String)],
      },
    ]);
    const metrics = await call(h, a.manager, "GET", url("metrics"));
    expect(d.bicr).toEqual(metrics.body);
  });

  it("dashboard filters agree with the endpoints; the monitor gets no arm", async () => {
    const d = (await call(h, a.manager, "GET", url("dashboard", "site=002&criteria=mrano"))).body;
    expect(d.filters).toEqual({ site: "002", arm: null });
    expect(d.perSubject.map((s: any) => s.pseudonym)).toEqual(["S3", "S4"]);
    expect(d.criteria).toBe("mrano");
    const e = (await call(h, a.manager, "GET", url("endpoints", "site=002&criteria=mrano"))).body;
    expect(d.orr).toEqual(e.summary.orr);
    expect(d.bicr.subjects).toBe(2);
    const m = await call(h, a.monitor, "GET", url("dashboard"));
    expect(m.status).toBe(200);
    expect(m.body.perSubject).toHaveLength(4);
    for (const s of m.body.perSubject) expect(s).not.toHaveProperty("arm");
    const bad = await call(h, a.manager, "GET", url("dashboard", "criteria=bm"));
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe("$query.criteria");
  });

  it("dashboard: each subject's best response under every criteria set, for the criteria matrix", async () => {
    const d = (await call(h, a.manager, "GET", url("dashboard"))).body;
    const hgg = (await call(h, a.manager, "GET", url("dashboard", "criteria=hgg"))).body;
    const hggOf = new Map(hgg.perSubject.map((s: any) => [s.subjectId, s.bestOverallResponse]));
    for (const s of d.perSubject) {
      expect(Object.keys(s.bestByCriteria).sort()).toEqual([...d.criteriaSets].sort());
      expect(s.bestByCriteria.rano2).toBe(s.bestOverallResponse);
      expect(s.bestByCriteria.hgg).toBe(hggOf.get(s.subjectId));
    }
  });

  it("dashboard: served from its cache until the study changes, never stale; gzip when asked", async () => {
    const first = await call(h, a.manager, "GET", url("dashboard"));
    const hitsBefore = h.deps.cache.payloads.hits;
    const again = await call(h, a.manager, "GET", url("dashboard"));
    expect(h.deps.cache.payloads.hits).toBe(hitsBefore + 1);
    expect(again.text).toBe(first.text);
    // The monitor's answer is its own entry: no arm, even right after the manager's.
    const m = await call(h, a.monitor, "GET", url("dashboard"));
    for (const s of m.body.perSubject) expect(s).not.toHaveProperty("arm");
    // Move S1 to site 002 and to arm B: the next dashboard shows it at once.
    const s1 = subjectIds.S1!;
    const before = await call(h, a.manager, "GET", `/api/v1/subjects/${s1}`);
    const moved = await call(h, a.manager, "PATCH", `/api/v1/subjects/${s1}`, {
      version: before.body.version,
      siteId: sites["002"],
      arm: "B",
    });
    expect(moved.status).toBe(200);
    const after = (await call(h, a.manager, "GET", url("dashboard"))).body;
    const row = after.perSubject.find((s: any) => s.subjectId === s1);
    expect(row.siteCode).toBe("002");
    expect(row.arm).toBe("B");
    const site2 = (await call(h, a.manager, "GET", url("dashboard", "site=002"))).body;
    expect(site2.perSubject.map((s: any) => s.pseudonym)).toEqual(["S1", "S3", "S4"]);
    await call(h, a.manager, "PATCH", `/api/v1/subjects/${s1}`, {
      version: moved.body.version,
      siteId: sites["001"],
      arm: "A",
    });
    const back = (await call(h, a.manager, "GET", url("dashboard"))).body;
    expect(back.perSubject.find((s: any) => s.subjectId === s1).siteCode).toBe("001");
    // gzip: the same JSON, compressed.
    const gz = await h.app.inject({
      method: "GET",
      url: url("dashboard"),
      headers: { cookie: a.manager.cookie, "accept-encoding": "gzip, br" },
    });
    expect(gz.headers["content-encoding"]).toBe("gzip");
    const { gunzipSync } = await import("node:zlib");
    const unzipped = JSON.parse(gunzipSync(gz.rawPayload).toString("utf8"));
    expect(unzipped).toEqual(back);
    expect(gz.rawPayload.length).toBeLessThan(JSON.stringify(back).length / 3);
  });
});
