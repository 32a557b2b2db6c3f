// NIfTI mask series → one reader's proposed read, on both databases: the four example masks of P001 (a
// dropped folder, subject and date in the file names, or a manifest), measured and tracked by the same
// pipeline as `ranokit track`, whose output for the same files is the reference; as a job with progress;
// bad files named with their JSON path; re-running is idempotent.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mapMaskName } from "../../src/server/services/mask-import.ts";
import { type Agent, addUser, call, DIALECTS, type Harness, PROTOCOL, startHarness } from "./harness.ts";

const ROOT = process.cwd();
const MASKS = [0, 1, 2, 3].map((t) => join(ROOT, `examples/masks/P001-t${t}.nii.gz`));
const DATES = ["2024-01-10", "2024-03-05", "2024-05-02", "2024-07-01"];
const b64 = (path: string) => readFileSync(path).toString("base64");
const CLINICAL = {
  patient: { tumorType: "glioblastoma_idh_wildtype", setting: "recurrent" },
  protocol: { t0: "2024-01-15" },
  treatments: [{ type: "chemotherapy", start: "2024-01-15" }],
  steroids: [{ date: "2024-01-10", doseMgPerDay: 0 }],
};

/** The reference: `ranokit track` on the same masks (the CLI path of the same imaging code). */
function trackReference() {
  const dir = mkdtempSync(join(tmpdir(), "ranokit-masks-"));
  try {
    const out = join(dir, "P001.case.json");
    const r = spawnSync(
      process.execPath,
      [
        join(ROOT, "bin/ranokit.js"),
        "track",
        ...MASKS,
        "--dates",
        DATES.join(","),
        "--patient",
        "P001",
        "--tumor-type",
        "glioblastoma_idh_wildtype",
        "--preset",
        "brats2023",
        "-o",
        out,
      ],
      { encoding: "utf8" },
    );
    if (r.status !== 0) throw new Error(r.stderr);
    return JSON.parse(readFileSync(out, "utf8")) as {
      assessments: Array<{ date: string; lesions: Array<Record<string, unknown> & { id: string }> }>;
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("mask file names", () => {
  it("map to subject and date, with or without a folder per subject", () => {
    expect(mapMaskName("P001_2024-01-10.nii.gz")).toEqual({ subject: "P001", date: "2024-01-10" });
    expect(mapMaskName("study/GBM01-0001-2024-03-05.nii")).toEqual({
      subject: "GBM01-0001",
      date: "2024-03-05",
    });
    expect(mapMaskName("GBM01_0002/2024-03-05.nii.gz")).toEqual({
      subject: "GBM01_0002",
      date: "2024-03-05",
    });
    expect(mapMaskName("P001_2024-01-10.json")).toBeNull();
    expect(mapMaskName("2024-01-10.nii.gz")).toBeNull();
  });
});

describe.each(DIALECTS)("NIfTI mask import on %s", (dialect) => {
  let h: Harness;
  let manager: Agent;
  let reader: Agent;
  let studyId: string;
  const reference = trackReference();
  beforeAll(async () => {
    h = await startHarness(dialect, { jobs: true });
    manager = await addUser(h, "manager", "study_manager");
    reader = await addUser(h, "reader", "reader");
    studyId = (
      await call(h, manager, "POST", "/api/v1/studies", { code: "MSK", title: "Masks", protocol: PROTOCOL })
    ).body.id;
    await call(h, manager, "POST", `/api/v1/studies/${studyId}/members`, { userId: reader.userId });
    for (const pseudonym of ["P001", "P002"])
      await call(h, manager, "POST", `/api/v1/studies/${studyId}/subjects`, {
        pseudonym,
        clinical: CLINICAL,
        timepoints: DATES.slice(0, 2),
      });
  }, 60_000);
  afterAll(() => h.close());

  const imports = (body: object) =>
    call(h, manager, "POST", `/api/v1/studies/${studyId}/imports`, {
      format: "nifti_masks",
      as: "reader_read",
      reader: "reader",
      preset: "brats2023",
      ...body,
    });

  it("a dropped folder becomes the reader's open proposed read, lesion for lesion as `ranokit track` measures it", async () => {
    const r = await imports({
      // Out of order, as a browser may list a folder: the dates decide the order.
      masks: [3, 0, 2, 1].map((t) => ({
        name: `masks/P001_${DATES[t]}.nii.gz`,
        contentBase64: b64(MASKS[t]!),
      })),
    });
    expect(r.status, r.text).toBe(200);
    expect(r.body).toMatchObject({ records: 1, imported: 1, unchanged: 0, errors: [] });
    const subjects = (await call(h, manager, "GET", `/api/v1/studies/${studyId}/subjects`)).body.items;
    const p001 = subjects.find((s: any) => s.pseudonym === "P001");
    // The two scans beyond the enrolled ones became time points.
    const tps = (await call(h, reader, "GET", `/api/v1/subjects/${p001.id}/timepoints`)).body.items;
    expect(tps.map((t: any) => t.date)).toEqual(DATES);
    const reads = (await call(h, reader, "GET", `/api/v1/subjects/${p001.id}/reads`)).body.items;
    expect(reads).toMatchObject([{ kind: "reader", reader: "reader", status: "in_progress" }]);
    const read = (await call(h, reader, "GET", `/api/v1/reads/${reads[0].id}`)).body;
    // Time-sequential: only the first time point is open until it is signed; the data are all stored.
    // (Stored as parsed by the case model, which adds its defaults: toMatchObject.)
    expect(read.timepoints[0].lesions.map((l: any) => ({ id: l.id, ...l.lesion }))).toMatchObject(
      reference.assessments[0]!.lesions,
    );
    const stored = await h.database.db
      .selectFrom("lesion_measurements as l")
      .innerJoin("read_timepoints as rt", "rt.id", "l.read_timepoint_id")
      .innerJoin("timepoints as t", "t.id", "rt.timepoint_id")
      .select(["t.date", "l.lesion_key", "l.data"])
      .where("rt.read_id", "=", reads[0].id)
      .execute();
    for (const a of reference.assessments) {
      const got = stored
        .filter((x) => x.date === a.date)
        .map((x) => ({ id: x.lesion_key, ...JSON.parse(x.data) }))
        .sort((x, y) => x.id.localeCompare(y.id));
      expect(got, a.date).toMatchObject([...a.lesions].sort((x, y) => x.id.localeCompare(y.id)));
    }
    const assessed = await call(h, manager, "GET", `/api/v1/reads/${reads[0].id}/assessment`);
    expect(assessed.body.errors).toEqual([]);
    expect(assessed.body.comparison.results.rano2.timepoints).toHaveLength(4);
  });

  it("re-running the same folder changes nothing", async () => {
    const r = await imports({
      masks: [0, 1, 2, 3].map((t) => ({ name: `P001_${DATES[t]}.nii.gz`, contentBase64: b64(MASKS[t]!) })),
    });
    expect(r.body).toMatchObject({ records: 1, imported: 0, unchanged: 1 });
  });

  it("as a job with progress, mapped by a manifest", async () => {
    const start = await imports({
      async: true,
      masks: [0, 1].map((t) => ({ name: `scan${t}.nii.gz`, contentBase64: b64(MASKS[t]!) })),
      manifest: [0, 1].map((t) => ({ file: `scan${t}.nii.gz`, subject: "P002", date: DATES[t] })),
    });
    expect(start.status).toBe(202);
    let job: any;
    for (let i = 0; i < 150; i++) {
      job = (await call(h, manager, "GET", `/api/v1/jobs/${start.body.jobId}`)).body;
      if (job.state === "succeeded" || job.state === "failed") break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(job).toMatchObject({ state: "succeeded", kind: "import", progress: 1, total: 1 });
    expect(job.result).toMatchObject({ records: 1, imported: 1, errors: [] });
  });

  it("bad files are named by JSON path; the good subjects still import", async () => {
    for (const pseudonym of ["P003", "P005"])
      await call(h, manager, "POST", `/api/v1/studies/${studyId}/subjects`, {
        pseudonym,
        clinical: CLINICAL,
        timepoints: [],
      });
    const r = await imports({
      masks: [
        { name: "P003_2024-01-10.nii.gz", contentBase64: b64(MASKS[0]!) },
        { name: "P003_2024-03-05.nii.gz", contentBase64: b64(MASKS[1]!) },
        { name: "P004_2024-01-10.nii.gz", contentBase64: b64(MASKS[0]!) },
        {
          name: "P005_2024-01-10.nii.gz",
          contentBase64: Buffer.from("not a nifti file at all").toString("base64"),
        },
        { name: "notes.txt", contentBase64: "aGVsbG8=" },
      ],
    });
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({ imported: 1 });
    const paths = r.body.errors.map((e: any) => e.path);
    expect(paths).toContain("$.masks[4].name"); // notes.txt: no subject and date in the name
    const p004 = r.body.errors.find((e: any) => e.path === "$.masks[2].name");
    expect(p004.message).toMatch(/no subject "P004"/);
    const p005 = r.body.errors.find((e: any) => e.path === "$.masks[3]");
    expect(p005.message).toMatch(/^P005_2024-01-10\.nii\.gz: not a NIfTI-1 or NIfTI-2 file/);
    expect(p005.source).toMatch(/^masks:P005/);
    const wrongAs = await imports({
      as: "site_read",
      masks: [{ name: "P003_2024-01-10.nii.gz", contentBase64: "AA==" }],
    });
    expect(wrongAs.status).toBe(422);
    expect(wrongAs.body.errors[0].path).toBe("$.as");
  });
});
