// Imports (JSON, NDJSON, long CSV) and jobs on both databases: bad records listed with their source and
// JSON path while the rest import, idempotent re-runs, site reads, a recompute job with progress through
// the in-process queue (SQLite) and pg-boss (PostgreSQL), and concurrent edits of one read.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyChain } from "../../src/server/audit/chain.ts";
import {
  type Agent,
  addUser,
  call,
  DIALECTS,
  type Harness,
  PROTOCOL,
  signIn,
  startHarness,
} from "./harness.ts";

const example = (n: string) => JSON.parse(readFileSync(join("examples", n), "utf8"));
const ndjson = [
  example("01-recurrent-gbm-response-then-progression.json"),
  {
    ...example("01-recurrent-gbm-response-then-progression.json"),
    patient: { id: "BAD-1", tumorType: "glioblastoma_idh_wildtype", setting: "recurrent" },
    assessments: [{ date: "2024-13-01" }],
  },
  example("02-pseudoprogression-confirmed-as-progression.json"),
]
  .map((c) => JSON.stringify(c))
  .join("\n");

describe.each(DIALECTS)("imports and jobs on %s", (dialect) => {
  let h: Harness;
  let manager: Agent;
  let reader: Agent;
  let studyId: string;
  beforeAll(async () => {
    h = await startHarness(dialect, { jobs: true });
    manager = await addUser(h, "manager", "study_manager");
    reader = await addUser(h, "reader", "reader");
    studyId = (
      await call(h, manager, "POST", "/api/v1/studies", { code: "IMP", title: "Imports", protocol: PROTOCOL })
    ).body.id;
    await call(h, manager, "POST", `/api/v1/studies/${studyId}/members`, { userId: reader.userId });
  });
  afterAll(() => h.close());

  it("imports the good NDJSON records with their site reads and lists the bad one by line and path", async () => {
    const r = await call(h, manager, "POST", `/api/v1/studies/${studyId}/imports`, {
      format: "ndjson",
      as: "site_read",
      content: ndjson,
    });
    expect(r.status).toBe(422);
    expect(r.headers["content-type"]).toMatch(/problem\+json/);
    expect(r.body).toMatchObject({ records: 3, imported: 2, unchanged: 0 });
    expect(r.body.errors).toEqual([
      {
        source: "ndjson:2",
        path: "$.assessments[0].date",
        message: "must be an ISO calendar date YYYY-MM-DD",
      },
    ]);
    const subjects = await call(h, manager, "GET", `/api/v1/studies/${studyId}/subjects`);
    expect(subjects.body.items.map((s: any) => s.pseudonym).sort()).toEqual(["DEMO-001", "DEMO-002"]);
    const reads = await call(h, manager, "GET", `/api/v1/subjects/${subjects.body.items[0].id}/reads`);
    expect(reads.body.items).toMatchObject([{ kind: "site", status: "locked" }]);
    // Readers never see the site read.
    expect(
      (await call(h, reader, "GET", `/api/v1/subjects/${subjects.body.items[0].id}/reads`)).body.items,
    ).toEqual([]);
  });

  it("re-running the import changes nothing", async () => {
    const before = (await verifyChain(h.database.db)).entries;
    const r = await call(h, manager, "POST", `/api/v1/studies/${studyId}/imports`, {
      format: "ndjson",
      as: "site_read",
      content: ndjson,
    });
    expect(r.body).toMatchObject({ records: 3, imported: 0, unchanged: 2 });
    expect((await verifyChain(h.database.db)).entries).toBe(before);
  });

  it("imports the long CSV layout as one reader's proposed read, open for the reader to confirm", async () => {
    const files = Object.fromEntries(
      readdirSync("examples/csv").map((f) => [f, readFileSync(join("examples/csv", f), "utf8")]),
    );
    const r = await call(h, manager, "POST", `/api/v1/studies/${studyId}/imports`, {
      format: "csv",
      as: "reader_read",
      reader: "reader",
      files,
    });
    expect(r.status).toBe(200);
    expect(r.body.imported).toBeGreaterThan(0);
    const subjects = (await call(h, reader, "GET", `/api/v1/studies/${studyId}/subjects?limit=500`)).body
      .items;
    const csv = subjects.find((s: any) => s.pseudonym === "CSV-001");
    const reads = await call(h, reader, "GET", `/api/v1/subjects/${csv.id}/reads`);
    expect(reads.body.items).toMatchObject([{ kind: "reader", reader: "reader", status: "in_progress" }]);
  });

  it("two sessions edit the same lesion from the same version: exactly one wins, the other gets 409", async () => {
    const subjects = (await call(h, reader, "GET", `/api/v1/studies/${studyId}/subjects?limit=500`)).body
      .items;
    const csv = subjects.find((s: any) => s.pseudonym === "CSV-001");
    const readId = (await call(h, reader, "GET", `/api/v1/subjects/${csv.id}/reads`)).body.items[0].id;
    const read = (await call(h, reader, "GET", `/api/v1/reads/${readId}`)).body;
    const tp = read.timepoints[0];
    const lesion = tp.lesions[0];
    const again = await signIn(h, "reader", "reader", reader.userId);
    expect(again.cookie).not.toBe(reader.cookie);
    const put = (agent: Agent, d: number) =>
      call(h, agent, "PUT", `/api/v1/reads/${readId}/timepoints/${tp.timepointId}/lesions/${lesion.id}`, {
        version: lesion.version,
        lesion: { ...lesion.lesion, id: lesion.id, diametersMm: [d, d] },
      });
    const results = await Promise.all([put(reader, 21), put(again, 22)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const after = (await call(h, reader, "GET", `/api/v1/reads/${readId}`)).body.timepoints[0].lesions[0];
    expect(after.version).toBe(lesion.version + 1);
  });

  it("a recompute job runs with progress and reports every read's best response", async () => {
    const start = await call(h, manager, "POST", `/api/v1/studies/${studyId}/jobs`, { kind: "recompute" });
    expect(start.status).toBe(202);
    let job: any;
    for (let i = 0; i < 100; i++) {
      job = (await call(h, manager, "GET", `/api/v1/jobs/${start.body.jobId}`)).body;
      if (job.state === "succeeded" || job.state === "failed") break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(job.state).toBe("succeeded");
    expect(job.result.reads).toBe(job.total);
    expect(job.progress).toBe(job.total);
    // 2 site reads (NDJSON) + the CSV reader reads, all assessed, none invalid.
    expect(job.result.reads).toBeGreaterThanOrEqual(3);
    expect(Object.values(job.result.bestResponse).reduce((a: number, b: any) => a + b, 0)).toBe(
      job.result.reads,
    );
    expect(job.result.invalid).toEqual([]);
  });
});
