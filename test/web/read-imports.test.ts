// Imports and exports in a real browser (issue 14): an NDJSON cohort chosen with the file button runs
// as a job whose progress bar ends at its record count, with the one bad record listed by source and
// JSON path; a case JSON dropped on the drop zone imports too; the SDTM zip downloads with every
// dataset; a reader is told imports are not theirs.
import { readFileSync } from "node:fs";
import { unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ApiAgent,
  haveChromium,
  seriousAxeViolations,
  startWorkstation,
  type Workstation,
} from "./harness.ts";

const shots = process.env.RANOKIT_SHOTS;

const kase = (id: string, d1: number) => ({
  patient: { id, tumorType: "glioblastoma_idh_wildtype", setting: "recurrent" },
  protocol: { t0: "2025-01-06" },
  assessments: [
    {
      date: "2025-01-03",
      lesions: [{ id: "L1", component: "enhancing", role: "target", diametersMm: [30, 30] }],
    },
    {
      date: "2025-03-03",
      lesions: [{ id: "L1", component: "enhancing", role: "target", diametersMm: [d1, 20] }],
    },
  ],
});

describe.skipIf(!haveChromium)("imports and exports (Chromium)", () => {
  let ws: Workstation;
  let manager: ApiAgent;
  let studyId: string;
  let readerA: { id: string };

  beforeAll(async () => {
    ws = await startWorkstation();
    await ws.addUser("manager", "study_manager", "Study Manager");
    readerA = await ws.addUser("reader.a", "reader", "Reader A");
    manager = await ws.api("manager");
    const s = await manager.call("POST", "/api/v1/studies", {
      code: "GBM-02",
      title: "Imports",
      protocol: { primaryCriteria: "rano2", presentation: "time_sequential" },
    });
    studyId = s.body.id;
  }, 60_000);
  afterAll(async () => ws?.close());

  it("imports an NDJSON cohort as a job with a progress bar and lists the bad record by source and path", async () => {
    const page = await ws.page();
    page.setDefaultTimeout(15_000);
    await ws.signIn(page, "manager");
    await page.goto(`/studies/${studyId}/imports`);
    await page.getByRole("heading", { name: /Imports & exports/ }).waitFor();
    // 60 subjects; line 7 has a longest diameter of 3000 mm.
    const lines = Array.from({ length: 60 }, (_, i) =>
      JSON.stringify(kase(`S-${String(i + 1).padStart(3, "0")}`, i === 6 ? 3000 : 25)),
    );
    await page.locator("#import-files").setInputFiles({
      name: "cohort.ndjson",
      mimeType: "application/x-ndjson",
      buffer: Buffer.from(lines.join("\n")),
    });
    const upload = page.locator(".upload", { hasText: "cohort.ndjson" });
    await upload.getByText("Done: 60 of 60 records").waitFor();
    expect(await upload.locator("progress").getAttribute("value")).toBe("60");
    expect(await upload.locator("progress").getAttribute("max")).toBe("60");
    expect(await upload.textContent()).toContain("60 record(s): 59 imported, 0 unchanged, 1 problem(s)");
    const problem = upload.getByRole("row", { name: /diametersMm/ });
    const cells = await problem.getByRole("cell").allTextContents();
    expect(cells[0]).toMatch(/ndjson.*7/);
    expect(cells[1]).toBe("$.assessments[1].lesions[0].diametersMm[0]");
    expect(cells[2]).toMatch(/at most 300 mm/);
    expect(await seriousAxeViolations(page)).toEqual([]);
    if (shots) {
      for (const width of [1280, 1024]) {
        await page.setViewportSize({ width, height: 900 });
        await page.screenshot({ path: `${shots}/read-imports-${width}.png`, fullPage: true });
      }
      await page.setViewportSize({ width: 1280, height: 800 });
    }

    // A case JSON dropped on the drop zone.
    const dt = await page.evaluateHandle(
      (text) => {
        const d = new DataTransfer();
        d.items.add(new File([text], "one.json", { type: "application/json" }));
        return d;
      },
      JSON.stringify(kase("S-100", 20)),
    );
    await page.locator(".drop-zone").first().dispatchEvent("drop", { dataTransfer: dt });
    await page.locator(".upload", { hasText: "one.json" }).getByText("1 record(s): 1 imported").waitFor();
    const subjects = await manager.call("GET", `/api/v1/studies/${studyId}/subjects?limit=500`);
    expect(subjects.body.items).toHaveLength(60);
  }, 90_000);

  it("downloads the SDTM datasets as one zip of CSV files", async () => {
    // A subject with its (locked) site read.
    const site = await manager.call("POST", `/api/v1/studies/${studyId}/imports`, {
      format: "json",
      as: "site_read",
      content: JSON.stringify(kase("S-200", 25)),
    });
    expect(site.status, JSON.stringify(site.body)).toBe(200);
    const page = await ws.page();
    await ws.signIn(page, "manager");
    await page.goto(`/studies/${studyId}/imports`);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: /SDTM \+ ADaM datasets \(zip/ }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("GBM-02-sdtm.zip");
    const files = unzipSync(new Uint8Array(readFileSync(await download.path())));
    expect(Object.keys(files).sort()).toEqual(
      ["ADRS", "ADTTE", "RS", "TR", "TU"].map((d) => `GBM-02-${d}.csv`),
    );
    const rs = new TextDecoder().decode(files["GBM-02-RS.csv"]);
    const tr = new TextDecoder().decode(files["GBM-02-TR.csv"]);
    expect(rs.split("\n")[0]).toContain("RSORRES");
    expect(rs).toMatch(/S-200.*INVESTIGATOR/);
    expect(tr).toContain("S-200");
    const both = await manager.call("GET", `/api/v1/studies/${studyId}/exports/sdtm?format=zip&dataset=RS`);
    expect(both.status).toBe(400);
    expect(JSON.stringify(both.body)).toContain("format=zip exports every dataset");
  });

  it("imports NIfTI mask files as the reader's proposed read, with the job's progress", async () => {
    const dates = ["2024-01-10", "2024-03-05", "2024-05-02", "2024-07-01"];
    await manager.call("POST", `/api/v1/studies/${studyId}/members`, { userId: readerA.id });
    const subj = await manager.call("POST", `/api/v1/studies/${studyId}/subjects`, {
      pseudonym: "P001",
      clinical: {
        patient: { tumorType: "glioblastoma_idh_wildtype", setting: "recurrent" },
        protocol: { t0: "2024-01-15" },
      },
      timepoints: dates,
    });
    expect(subj.status).toBe(201);
    const page = await ws.page();
    page.setDefaultTimeout(20_000);
    await ws.signIn(page, "manager");
    await page.goto(`/studies/${studyId}/imports`);
    const masks = page.getByRole("region", { name: /Segmentation masks/ });
    await masks.getByLabel("Reader (username)").fill("reader.a");
    await masks.getByLabel("Label preset").selectOption("brats2023");
    await page.locator("#mask-files").setInputFiles(
      dates.map((d, t) => ({
        name: `P001_${d}.nii.gz`,
        mimeType: "application/gzip",
        buffer: readFileSync(`examples/masks/P001-t${t}.nii.gz`),
      })),
    );
    const upload = page.locator(".upload", { hasText: "4 mask file(s) for reader.a" });
    await upload.getByText("1 record(s): 1 imported").waitFor();
    expect(await upload.textContent()).toContain("Done: 1 of 1 records");
    const reads = await manager.call("GET", `/api/v1/subjects/${subj.body.id}/reads`);
    expect(reads.body.items).toMatchObject([{ kind: "reader", reader: "reader.a", status: "in_progress" }]);
    const read = await manager.call("GET", `/api/v1/reads/${reads.body.items[0].id}`);
    expect(read.body.timepoints[0].lesions.length).toBeGreaterThan(0);
  }, 90_000);

  it("a reader is told that imports are not theirs", async () => {
    const page = await ws.page();
    await ws.signIn(page, "reader.a");
    await page.goto(`/studies/${studyId}/imports`);
    expect(await page.getByRole("alert").textContent()).toMatch(/Not allowed/);
  });
});
