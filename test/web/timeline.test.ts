// The worklist, subjects, subject timeline and audit pages in Chromium, on a study set up over the API
// by its own users (timeline-fixture.ts). What the pages show is checked against what the API answers
// for the same user, so the test follows the engine rather than a copy of its output.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { haveChromium, seriousAxeViolations, startWorkstation, type Workstation } from "./harness.ts";
import { seedTimelineStudy, type TimelineStudy } from "./timeline-fixture.ts";

describe.skipIf(!haveChromium)("worklist, subjects, timeline and audit pages (Chromium)", () => {
  let ws: Workstation;
  let st: TimelineStudy;
  beforeAll(async () => {
    ws = await startWorkstation();
    await ws.addUser("admin", "admin", "Admin");
    await ws.addUser("mgr", "study_manager", "Study Manager");
    const a = await ws.addUser("reader.a", "reader", "Reader A");
    const b = await ws.addUser("reader.b", "reader", "Reader B");
    const adj = await ws.addUser("adjudicator", "adjudicator", "Adjudicator");
    st = await seedTimelineStudy(
      { manager: await ws.api("mgr"), readerA: await ws.api("reader.a"), readerB: await ws.api("reader.b") },
      [a.id, b.id, adj.id],
    );
  }, 120_000);
  afterAll(async () => ws?.close());

  it("the timeline shows each criteria set's categories, explanations and next action for a seeded subject", async () => {
    const subjectId = st.subjects["RK-T002"]!.id;
    const api = await ws.api("reader.a");
    const t = await api.call("GET", `/api/v1/subjects/${subjectId}/timeline`);
    expect(t.status).toBe(200);
    const rano2 = t.body.assessment.comparison.results.rano2;
    const pdp = rano2.timepoints.find((x: any) => x.label === "PD-P");
    expect(pdp?.nextAction).toMatch(/on or after \d{4}-\d{2}-\d{2}/);

    const page = await ws.page();
    await ws.signIn(page, "reader.a");
    await page.goto(`/studies/${st.studyId}/subjects/${subjectId}`);
    await page.getByRole("heading", { name: "Criteria sets side by side" }).waitFor();
    await page.waitForFunction(() => performance.getEntriesByName("timeline:rendered").length > 0);
    // The full table of the primary criteria: the PD-P row with its explanation, rules and next action.
    const full = page.getByRole("table", { name: /RANO 2\.0: category, reference, change/ });
    const row = full.getByRole("row").filter({ has: page.getByRole("rowheader", { name: pdp.date }) });
    await expect(row.textContent()).resolves.toContain(pdp.explanation);
    for (const rule of pdp.rules) await expect(row.textContent()).resolves.toContain(rule);
    await expect(row.textContent()).resolves.toContain(pdp.nextAction);
    await expect(row.getByTitle(/Progressive disease \(preliminary\)/).textContent()).resolves.toBe("PD-P");
    // Side by side: each set named; the disagreeing scans say so in words and explain why.
    const side = page.getByRole("table", { name: /Categories under each criteria set/ });
    for (const name of ["RANO 2.0", "RANO-HGG", "mRANO"])
      await expect(side.getByRole("columnheader", { name }).count()).resolves.toBe(1);
    const differing = t.body.assessment.comparison.rows.filter((r: any) => r.disagreement);
    expect(differing.length).toBeGreaterThan(0);
    await expect(side.getByText("◆ Differ").count()).resolves.toBe(differing.length);
    await expect(side.textContent()).resolves.toContain(differing[0].why[1]);
    // Switching the detailed criteria set shows that set's explanations.
    await page.getByRole("radio", { name: "RANO-HGG" }).check();
    const hgg = t.body.assessment.comparison.results.hgg;
    const hggFull = page.getByRole("table", { name: /RANO-HGG: category, reference, change/ });
    await expect(hggFull.textContent()).resolves.toContain(hgg.timepoints.at(-1).explanation);
    // Endpoints: best response, PFS days per criteria set.
    const endpoints = page.getByRole("table", { name: "Endpoints per criteria set" });
    await expect(endpoints.textContent()).resolves.toContain(`${rano2.pfs.days} days`);
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it("a lesion measurement names its size in mm and mm² and opens its scan in the viewer", async () => {
    const subjectId = st.subjects["RK-T001"]!.id;
    const page = await ws.page({ width: 1024 });
    await ws.signIn(page, "reader.a");
    await page.goto(`/studies/${st.studyId}/subjects/${subjectId}`);
    const lesions = page.getByRole("table", { name: /Lesion measurements/ });
    await lesions.waitFor();
    const read = await (await ws.api("reader.a")).call("GET", `/api/v1/reads/${st.reads["A:RK-T001"]}`);
    const first = read.body.timepoints[0];
    const l = { id: first.lesions[0].id as string, ...first.lesions[0].lesion };
    const [d1, d2] = l.diametersMm as [number, number];
    const cell = lesions.getByRole("button", { name: new RegExp(`^${l.id} on ${first.date}`) });
    await expect(cell.textContent()).resolves.toContain(`${d1} × ${d2} mm`);
    await expect(cell.textContent()).resolves.toContain(`${d1 * d2} mm²`);
    await cell.focus();
    await page.keyboard.press("Enter");
    await expect(cell.getAttribute("aria-pressed")).resolves.toBe("true");
    // The viewer follows the selection to that time point's scan (this study has no images: it says so).
    const viewer = page.getByRole("figure", { name: `Scan of ${first.date}` });
    await viewer.waitFor();
    await expect(viewer.getByRole("status").textContent()).resolves.toMatch(/image|WebGL/i);
  });

  it("a reader opening another reader's read sees 'not allowed' and the API answers 403", async () => {
    const subjectId = st.subjects["RK-T001"]!.id;
    const other = st.reads["A:RK-T001"]!;
    const api = await ws.api("reader.b");
    expect((await api.call("GET", `/api/v1/reads/${other}`)).status).toBe(403);
    expect((await api.call("GET", `/api/v1/subjects/${subjectId}/timeline?readId=${other}`)).status).toBe(
      403,
    );
    const page = await ws.page();
    await ws.signIn(page, "reader.b");
    await page.goto(`/studies/${st.studyId}/subjects/${subjectId}?readId=${other}`);
    const alert = page.getByRole("alert");
    await alert.waitFor();
    await expect(alert.textContent()).resolves.toMatch(/^Not allowed/);
    await expect(page.getByText("Lesion measurements").count()).resolves.toBe(0);
    // Without ?readId the same reader gets their own read.
    await page.goto(`/studies/${st.studyId}/subjects/${subjectId}`);
    await page.getByText(/Showing your own read by reader\.b/).waitFor();
  });

  it("a reader's worklist lists the next time point, the confirmation scan due and starts a read", async () => {
    const api = await ws.api("reader.a");
    const w = await api.call("GET", `/api/v1/me/worklist?studyId=${st.studyId}`);
    expect(w.status).toBe(200);
    const page = await ws.page();
    await ws.signIn(page, "reader.a");
    await page.goto(`/studies/${st.studyId}`);
    const due = page.getByRole("table", { name: /Your reads due/ });
    await due.waitFor();
    // RK-T001 is locked: not due. RK-T002 is in progress with its last scan open; RK-T003 not started.
    await expect(due.getByRole("row").count()).resolves.toBe(3);
    const t2 = st.subjects["RK-T002"]!.timepoints;
    const t2row = due.getByRole("row").filter({ hasText: "RK-T002" });
    await expect(t2row.textContent()).resolves.toContain(t2.at(-1)!.date);
    await expect(t2row.textContent()).resolves.toContain(`1 of ${t2.length}`);
    await expect(due.getByRole("link", { name: /Enter read of RK-T002/ }).getAttribute("href")).resolves.toBe(
      `/studies/${st.studyId}/reads/${st.reads["A:RK-T002"]}`,
    );
    // The engine's PD-P of RK-T002 under RANO 2.0, with the date from which a scan confirms it.
    const tl = await api.call("GET", `/api/v1/subjects/${st.subjects["RK-T002"]!.id}/timeline`);
    const pdp = tl.body.assessment.comparison.results.rano2.timepoints.find((x: any) => x.label === "PD-P");
    const from = /on or after (\d{4}-\d{2}-\d{2})/.exec(pdp.nextAction)![1]!;
    const conf = page.getByRole("table", { name: /Confirmation scans due/ });
    const rano2Row = conf
      .getByRole("row")
      .filter({ has: page.getByRole("cell", { name: "rano2 (primary)", exact: true }) })
      .filter({ hasText: "RK-T002" });
    await expect(rano2Row.textContent()).resolves.toContain(from);
    await expect(rano2Row.textContent()).resolves.toContain(pdp.date);
    expect(await seriousAxeViolations(page)).toEqual([]);

    await page.getByRole("button", { name: "Start read of RK-T003" }).click();
    await page.waitForURL(/\/reads\//);
    const readId = page.url().split("/reads/")[1];
    const reads = await api.call("GET", `/api/v1/subjects/${st.subjects["RK-T003"]!.id}/reads`);
    expect(reads.body.items.map((r: any) => r.id)).toEqual([readId]);
  });

  it("the adjudicator's worklist links the pending adjudication; the manager's shows jobs", async () => {
    const adj = await ws.api("adjudicator");
    const open = await adj.call("GET", `/api/v1/studies/${st.studyId}/adjudications?status=open`);
    expect(open.body.items).toHaveLength(1);
    const page = await ws.page();
    await ws.signIn(page, "adjudicator");
    await page.goto(`/studies/${st.studyId}`);
    const link = page.getByRole("link", { name: /Adjudicate RK-T001/ });
    await expect(link.getAttribute("href")).resolves.toBe(
      `/studies/${st.studyId}/adjudications/${open.body.items[0].id}`,
    );
    await expect(page.getByText("best response", { exact: true }).count()).resolves.toBe(1);

    const mgr = await ws.page();
    await ws.signIn(mgr, "mgr");
    await mgr.goto(`/studies/${st.studyId}`);
    await mgr.getByRole("button", { name: "Recompute every read" }).click();
    const jobs = mgr.getByRole("table", { name: /Jobs of this study/ });
    await jobs.getByText("done").waitFor({ timeout: 15_000 });
    await expect(jobs.textContent()).resolves.toContain("recompute");
    expect(await seriousAxeViolations(mgr)).toEqual([]);
  });

  it("the subjects list filters by pseudonym and shows site and read state", async () => {
    const page = await ws.page({ width: 1024 });
    await ws.signIn(page, "mgr");
    const api: string[] = [];
    page.on("request", (r) => {
      const u = new URL(r.url());
      if (u.pathname.startsWith("/api/v1/studies/") || u.pathname.startsWith("/api/v1/subjects/"))
        api.push(u.pathname);
    });
    await page.goto(`/studies/${st.studyId}/subjects`);
    const table = page.getByRole("table", { name: "Subjects of the study" });
    await table.waitFor();
    await expect(table.getByRole("row").count()).resolves.toBe(4);
    // One request for the page of subjects, none per subject.
    expect(api).toEqual([`/api/v1/studies/${st.studyId}/subjects/summary`]);
    await page.getByLabel("Filter").fill("t001");
    await expect(table.getByRole("row").count()).resolves.toBe(2);
    const row = table.getByRole("row").nth(1);
    await expect(row.textContent()).resolves.toContain("2 locked");
    await expect(row.textContent()).resolves.toContain("S01");
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it("the audit page shows the chain verified up to its last entry, filters by entity and links the export", async () => {
    const admin = await ws.api("admin");
    const v = await admin.call("GET", "/api/v1/audit/verify");
    expect(v.body.ok).toBe(true);
    const page = await ws.page();
    await ws.signIn(page, "admin");
    await page.goto("/audit");
    const status = page.getByRole("status");
    await status.waitFor();
    await expect(status.textContent()).resolves.toMatch(/Verified/);
    const count = Number(/all (\d+) entries/.exec((await status.textContent()) ?? "")![1]);
    expect(count).toBeGreaterThanOrEqual(v.body.entries);
    const read = st.reads["A:RK-T002"]!;
    await page.getByLabel("Entity id").fill(read);
    await page.getByRole("button", { name: "Filter" }).click();
    await page.getByText(`about ${read}`).waitFor();
    const feed = await admin.call("GET", `/api/v1/audit?entityId=${read}&limit=50`);
    const rows = page.getByRole("table", { name: /Audit entries/ }).getByRole("row");
    await expect(rows.count()).resolves.toBe(feed.body.entries.length + 1);
    const csv = page.getByRole("link", { name: "CSV" });
    const [download] = await Promise.all([page.waitForEvent("download"), csv.click()]);
    expect(download.suggestedFilename()).toBe("audit.csv");
    expect(await seriousAxeViolations(page)).toEqual([]);
  });
});
