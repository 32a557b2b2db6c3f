// End to end over the API, on both databases: a study from creation to two locked, signed reads that
// disagree, the adjudication task the triggers create, the adjudicator's signed selection, the
// endpoints from the accepted read and the SDTM export with reader identity and RSACPTFL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyChain } from "../../src/server/audit/chain.ts";
import { STORY_DATES as DATES, READER_A, READER_B } from "../fixtures/bicr-story.ts";
import {
  type Agent,
  addUser,
  CLINICAL,
  call,
  DIALECTS,
  type Harness,
  lesionsAt,
  PROTOCOL,
  startHarness,
} from "./harness.ts";

describe.each(DIALECTS)("BICR workflow on %s", (dialect) => {
  let h: Harness;
  let admin: Agent;
  let manager: Agent;
  let readerA: Agent;
  let readerB: Agent;
  let adjudicator: Agent;
  let studyId: string;
  let subjectId: string;
  let tps: Array<{ id: string; date: string }>;
  const readIds: Record<string, string> = {};

  beforeAll(async () => {
    h = await startHarness(dialect);
    admin = await addUser(h, "admin", "admin");
    manager = await addUser(h, "manager", "study_manager");
    readerA = await addUser(h, "reader.a", "reader");
    readerB = await addUser(h, "reader.b", "reader");
    adjudicator = await addUser(h, "adjudicator", "adjudicator");
  });
  afterAll(() => h.close());

  it("a study manager creates the study, its site, members and a subject with three scans", async () => {
    const s = await call(h, manager, "POST", "/api/v1/studies", {
      code: "GBM-01",
      title: "Recurrent GBM",
      protocol: PROTOCOL,
    });
    expect(s.status).toBe(201);
    expect(s.body.protocolNumber).toBe(1);
    expect(s.body.protocol.presentation).toBe("time_sequential");
    studyId = s.body.id;
    const site = await call(h, manager, "POST", `/api/v1/studies/${studyId}/sites`, {
      code: "001",
      name: "Site one",
    });
    for (const a of [readerA, readerB, adjudicator]) {
      expect(
        (await call(h, manager, "POST", `/api/v1/studies/${studyId}/members`, { userId: a.userId })).status,
      ).toBe(201);
    }
    const subj = await call(h, manager, "POST", `/api/v1/studies/${studyId}/subjects`, {
      pseudonym: "GBM01-0001",
      siteId: site.body.id,
      arm: "experimental",
      clinical: CLINICAL,
      timepoints: DATES,
    });
    expect(subj.status).toBe(201);
    expect(subj.body.arm).toBe("experimental");
    subjectId = subj.body.id;
    tps = (await call(h, manager, "GET", `/api/v1/subjects/${subjectId}/timepoints`)).body.items;
    expect(tps.map((t) => t.date)).toEqual(DATES);
  });

  it("readers are blinded to the arm and the agents", async () => {
    const s = await call(h, readerA, "GET", `/api/v1/subjects/${subjectId}`);
    expect(s.status).toBe(200);
    expect(s.body).not.toHaveProperty("arm");
    expect(s.body.clinical.treatments[0]).toEqual({ type: "chemotherapy", start: "2025-01-06" });
  });

  for (const [name, diameters] of [
    ["A", READER_A],
    ["B", READER_B],
  ] as const) {
    it(`reader ${name} reads time-sequentially and signs each time point`, async () => {
      const reader = name === "A" ? readerA : readerB;
      const start = await call(h, reader, "POST", `/api/v1/subjects/${subjectId}/reads`, {});
      expect(start.status).toBe(201);
      const readId = start.body.id;
      readIds[name] = readId;
      // The second scan stays closed until the baseline is locked.
      const early = await call(h, reader, "PUT", `/api/v1/reads/${readId}/timepoints/${tps[1]!.id}`, {
        data: {},
        lesions: [],
      });
      expect(early.status).toBe(409);
      expect(early.body.detail).toMatch(/time-sequential/);
      for (let i = 0; i < 3; i++) {
        const body: Record<string, unknown> = {
          data: { performed: true },
          lesions: lesionsAt([diameters[i]!]),
        };
        if (name === "A" && i === 0) {
          // A perpendicular longer than the longest diameter passes the lesion schema but not the
          // case's cross-field rule: saved as a draft, refused at signing with its JSON path.
          const bad = await call(h, reader, "PUT", `/api/v1/reads/${readId}/timepoints/${tps[0]!.id}`, {
            data: { performed: true },
            lesions: lesionsAt([[10, 20]]),
          });
          expect(bad.status).toBe(200);
          const refused = await call(
            h,
            reader,
            "POST",
            `/api/v1/reads/${readId}/timepoints/${tps[0]!.id}/sign`,
            {
              password: reader.password,
              meaning: "authored",
            },
          );
          expect(refused.status).toBe(400);
          expect(refused.body.errors).toEqual([
            expect.objectContaining({ path: "$.assessments[0].lesions[0].diametersMm[1]" }),
          ]);
          body.version = 1;
        }
        const put = await call(h, reader, "PUT", `/api/v1/reads/${readId}/timepoints/${tps[i]!.id}`, body);
        expect(put.status).toBe(200);
        const wrong = await call(h, reader, "POST", `/api/v1/reads/${readId}/timepoints/${tps[i]!.id}/sign`, {
          password: "nope",
          meaning: "authored",
        });
        expect(wrong.status).toBe(403);
        const sign = await call(h, reader, "POST", `/api/v1/reads/${readId}/timepoints/${tps[i]!.id}/sign`, {
          password: reader.password,
          meaning: "authored",
        });
        expect(sign.status).toBe(200);
        expect(sign.body.timepoints[i].signature).toMatchObject({ by: reader.username, meaning: "authored" });
        // A signed time point is never edited.
        const edit = await call(h, reader, "PUT", `/api/v1/reads/${readId}/timepoints/${tps[i]!.id}`, {
          version: 2,
          data: {},
          lesions: [],
        });
        expect(edit.status).toBe(409);
      }
      const read = await call(h, reader, "GET", `/api/v1/reads/${readId}`);
      expect(read.body.status).toBe("locked");
    });
  }

  it("a reader never sees the other reader's read", async () => {
    expect((await call(h, readerB, "GET", `/api/v1/reads/${readIds.A}`)).status).toBe(403);
    expect((await call(h, readerB, "GET", `/api/v1/reads/${readIds.A}/assessment`)).status).toBe(403);
    expect(
      (await call(h, readerB, "GET", `/api/v1/subjects/${subjectId}/timeline?readId=${readIds.A}`)).status,
    ).toBe(403);
    const list = await call(h, readerB, "GET", `/api/v1/subjects/${subjectId}/reads`);
    expect(list.body.items.map((r: any) => r.id)).toEqual([readIds.B]);
  });

  it("each reader's timeline is the engine's assessment of their own read under every protocol criteria set", async () => {
    const t = await call(h, readerA, "GET", `/api/v1/subjects/${subjectId}/timeline`);
    expect(t.status).toBe(200);
    expect(t.body.selection).toBe("own");
    expect(t.body.assessment.criteria).toEqual(["rano2", "hgg", "mrano"]);
    const rano2 = t.body.assessment.comparison.results.rano2;
    expect(rano2.timepoints.map((x: any) => x.label)).toEqual([null, "PR", "PR"]);
    expect(rano2.timepoints[1].changePct).toBe(-75);
    expect(rano2.bestOverallResponse).toMatchObject({ category: "PR", confirmed: true });
    const b = await call(h, readerB, "GET", `/api/v1/subjects/${subjectId}/timeline`);
    expect(b.body.assessment.comparison.results.rano2.bestOverallResponse.category).not.toBe("PR");
  });

  it("the differing best responses create an adjudication task; the adjudicator selects reader A with a signature", async () => {
    const list = await call(h, adjudicator, "GET", `/api/v1/studies/${studyId}/adjudications?status=open`);
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(1);
    const task = list.body.items[0];
    expect(task.triggers.map((t: any) => t.kind)).toContain("best_response");
    expect(task.readIds.sort()).toEqual([readIds.A, readIds.B].sort());
    const detail = await call(h, adjudicator, "GET", `/api/v1/adjudications/${task.id}`);
    expect(detail.body.reads.map((r: any) => r.assessment.bestOverallResponse.category)).toContain("PR");
    // Now that both are locked and in a task, the adjudicator may open each read.
    expect((await call(h, adjudicator, "GET", `/api/v1/reads/${readIds.B}`)).status).toBe(200);
    // …and export it as DICOM SR (one report per signed time point).
    const sr = await h.app.inject({
      method: "GET",
      url: `/api/v1/reads/${readIds.B}/sr`,
      headers: { cookie: adjudicator.cookie },
    });
    expect(sr.statusCode).toBe(200);
    expect(sr.headers["content-type"]).toMatch(/^multipart\/related; type="application\/dicom"/);
    const stale = await call(h, adjudicator, "POST", `/api/v1/adjudications/${task.id}/decision`, {
      version: 7,
      selectedReadId: readIds.A,
      reason: "B measured the cavity wall",
      password: adjudicator.password,
    });
    expect(stale.status).toBe(409);
    const decided = await call(h, adjudicator, "POST", `/api/v1/adjudications/${task.id}/decision`, {
      version: task.version,
      selectedReadId: readIds.A,
      reason: "B measured the cavity wall",
      password: adjudicator.password,
    });
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({
      status: "decided",
      selectedReadId: readIds.A,
      adjudicator: "adjudicator",
    });
  });

  it("the accepted read drives the endpoints and the timeline others see", async () => {
    const e = await call(h, manager, "GET", `/api/v1/studies/${studyId}/endpoints`);
    expect(e.status).toBe(200);
    expect(e.body.subjectsWithAcceptedRead).toBe(1);
    expect(e.body.summary.bestResponse.PR).toBe(1);
    const t = await call(h, manager, "GET", `/api/v1/subjects/${subjectId}/timeline`);
    expect(t.body.selection).toBe("adjudicated");
    expect(t.body.read.id).toBe(readIds.A);
    const m = await call(h, manager, "GET", `/api/v1/studies/${studyId}/metrics`);
    expect(m.body.adjudicationRate).toEqual({ numerator: 1, denominator: 1, rate: 1 });
    expect(m.body.perReader).toEqual([
      {
        reader: "reader.a",
        cases: 1,
        acceptanceRate: { numerator: 1, denominator: 1, rate: 1 },
        disagreementIndex: 0,
      },
      {
        reader: "reader.b",
        cases: 1,
        acceptanceRate: { numerator: 0, denominator: 1, rate: 0 },
        disagreementIndex: 100,
      },
    ]);
  });

  it("exports SDTM with reader identity and the accepted read flagged", async () => {
    const x = await call(h, manager, "GET", `/api/v1/studies/${studyId}/exports/sdtm`);
    expect(x.status).toBe(200);
    const ovr = x.body.RS.filter((r: any) => r.RSTESTCD === "OVRLRESP");
    expect(ovr.map((r: any) => [r.RSEVALID, r.RSACPTFL, r.RSDTC, r.RSORRES])).toEqual([
      ["RADIOLOGIST 1", "Y", "2025-03-03", "PR"],
      ["RADIOLOGIST 1", "Y", "2025-05-05", "PR"],
      ...ovr.slice(2).map((r: any) => ["RADIOLOGIST 2", "N", r.RSDTC, r.RSORRES]),
    ]);
    expect(ovr).toHaveLength(4);
    expect(new Set(x.body.RS.map((r: any) => r.RSSEQ)).size).toBe(x.body.RS.length);
    expect(x.body.ADRS.find((r: any) => r.PARAMCD === "BOR")).toMatchObject({
      AVALC: "PR",
      USUBJID: "GBM-01-GBM01-0001",
    });
    const csv = await call(h, manager, "GET", `/api/v1/studies/${studyId}/exports/sdtm?dataset=RS`);
    expect(csv.headers["content-type"]).toMatch(/text\/csv/);
    expect(csv.text.split("\n")[0]).toContain("RSACPTFL");
  });

  it("a re-read of a decided subject is refused; the audit chain verifies", async () => {
    const rr = await call(h, readerB, "POST", `/api/v1/reads/${readIds.B}/reread`, { reason: "remeasure" });
    expect(rr.status).toBe(409);
    const v = await verifyChain(h.database.db);
    expect(v.ok).toBe(true);
    const feed = await call(h, admin, "GET", `/api/v1/audit?limit=1000&entityId=${readIds.A}`);
    expect(feed.body.entries.filter((e: any) => e.action === "read.timepoint_sign")).toHaveLength(3);
  });
});
