// The study dashboard in Chromium: the plots are drawn (one bar per subject on the waterfall, a lane per
// subject on the swimmer, the KM numbers at risk), performance.mark("dashboard:rendered") is set, the
// site filter narrows the cohort, the arm filter is offered to the study manager only, and axe finds no
// serious violation.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nowIso } from "../../src/db/ids.ts";
import { SYSTEM, write } from "../../src/server/context.ts";
import { onReadLocked } from "../../src/server/services/adjudication.ts";
import { haveChromium, seriousAxeViolations, startWorkstation, type Workstation } from "./harness.ts";

const DATES = ["2025-01-03", "2025-03-03", "2025-05-05"];
const CLINICAL = {
  patient: { tumorType: "glioblastoma_idh_wildtype", setting: "recurrent" },
  protocol: { t0: "2025-01-06" },
  treatments: [{ type: "chemotherapy", start: "2025-01-06", agent: "lomustine" }],
  steroids: [{ date: "2025-01-01", doseMgPerDay: 0 }],
  clinical: [{ date: "2025-01-06", status: "stable" }],
};
// Longest diameter per scan (perpendicular the same): responders, stable, progressing.
const COURSES = [
  [30, 15, 15],
  [30, 29, 40],
  [30, 28, 29],
  [30, 14, 12],
  [30, 31, 45],
  [30, 29, 28],
];

describe.skipIf(!haveChromium)("study dashboard (Chromium)", () => {
  let ws: Workstation;
  let studyId: string;
  let siteIds: string[];
  beforeAll(async () => {
    ws = await startWorkstation();
    const userIds: string[] = [];
    for (const [u, role] of [
      ["mgr", "study_manager"],
      ["r1", "reader"],
      ["r2", "reader"],
      ["mon", "monitor"],
    ] as const)
      userIds.push((await ws.addUser(u, role)).id);
    const m = await ws.api("mgr");
    const study = await m.call("POST", "/api/v1/studies", {
      code: "DASH",
      title: "Dashboard test",
      protocol: {
        primaryCriteria: "rano2",
        exploratoryCriteria: ["hgg", "mrano"],
        paradigm: "two_readers_adjudicator",
        presentation: "time_sequential",
        triggers: { bestResponse: true, progressionDateDays: 0, responseDateDays: null },
      },
    });
    studyId = study.body.id;
    for (const userId of userIds) await m.call("POST", `/api/v1/studies/${studyId}/members`, { userId });
    siteIds = [];
    for (const code of ["001", "002"])
      siteIds.push(
        (await m.call("POST", `/api/v1/studies/${studyId}/sites`, { code, name: `Site ${code}` })).body.id,
      );
    const cases = COURSES.map((c, i) => {
      const pseudonym = `D-${i + 1}`;
      return {
        ...CLINICAL,
        patient: { ...CLINICAL.patient, id: pseudonym },
        assessments: DATES.map((date, k) => ({
          date,
          lesions: [{ id: "L1", component: "enhancing", role: "target", diametersMm: [c[k], c[k]] }],
        })),
      };
    });
    for (const [i] of COURSES.entries()) {
      const r = await m.call("POST", `/api/v1/studies/${studyId}/subjects`, {
        pseudonym: `D-${i + 1}`,
        siteId: siteIds[i < 4 ? 0 : 1],
        arm: i % 2 ? "B" : "A",
        clinical: CLINICAL,
        timepoints: DATES,
      });
      expect(r.status).toBe(201);
    }
    for (const reader of ["r1", "r2"]) {
      const imported = await m.call("POST", `/api/v1/studies/${studyId}/imports`, {
        format: "json",
        as: "reader_read",
        reader,
        content: JSON.stringify(cases),
      });
      expect(imported.status, JSON.stringify(imported.body)).toBe(200);
    }
    // Lock the reads as the last signature would (the signature path is walked by the read tests).
    const ctx = { ...ws.deps, actor: SYSTEM };
    const db = ws.deps.database.db;
    const reads = await db.selectFrom("reads").selectAll().where("study_id", "=", studyId).execute();
    await write(ctx, async (trx, audit) => {
      for (const r of reads) {
        await trx
          .updateTable("read_timepoints")
          .set({ locked_at: nowIso(), signed_by: "t", signature_meaning: "authored" })
          .where("read_id", "=", r.id)
          .execute();
        await trx
          .updateTable("reads")
          .set({ status: "locked", locked_at: nowIso(), version: r.version + 1 })
          .where("id", "=", r.id)
          .execute();
        await audit({ action: "read.lock", entity: "read", entityId: r.id, after: { status: "locked" } });
      }
    });
    for (const id of new Set(reads.map((r) => r.subject_id)))
      await write(ctx, (trx, audit) => onReadLocked(trx, audit, id));
  }, 120_000);
  afterAll(async () => ws?.close());

  it("draws every plot from the accepted reads and sets the rendered mark", async () => {
    const page = await ws.page();
    await ws.signIn(page, "mgr");
    const requests: string[] = [];
    page.on("request", (r) => {
      if (new URL(r.url()).pathname.endsWith("/dashboard") && r.url().includes("/api/"))
        requests.push(r.url());
    });
    await page.goto(`/studies/${studyId}/dashboard`);
    // At the mark every figure is in the page, the criteria-set matrix included.
    const atMark = await page.waitForFunction(() =>
      performance.getEntriesByName("dashboard:rendered").length > 0
        ? document.querySelectorAll("figure.rk-plot").length
        : 0,
    );
    expect(await atMark.jsonValue()).toBe(7);
    // One request feeds every figure (the matrix from each subject's bestByCriteria).
    expect(requests).toHaveLength(1);
    await expect(page.getByText("6 of 6").isVisible()).resolves.toBe(true);
    const titles = await page.locator("figure.rk-plot > h3").allTextContents();
    expect(titles).toEqual([
      "Response rates (rano2)",
      "Progression-free survival (rano2)",
      "Best change from baseline (rano2)",
      "Change from baseline over time (rano2)",
      "Time on study (rano2)",
      "Best response: rano2 against hgg",
      "Reader disagreement (BICR, rano2)",
    ]);
    expect(await page.locator("g.rk-subject-bar rect").count()).toBe(6);
    expect(await page.locator("g.rk-subject-lane rect").count()).toBe(6);
    expect(await page.locator("g.rk-threshold-label text").allTextContents()).toEqual([
      "+25 % PD",
      "−25 % MR",
      "−50 % PR",
    ]);
    expect(await page.locator("svg.rk-at-risk text").first().textContent()).toBeTruthy();
    expect(await page.locator("svg[role=img] > title").count()).toBeGreaterThanOrEqual(7);
    expect(await page.getByLabel("Arm").isVisible()).toBe(true);
    const axe = await seriousAxeViolations(page);
    expect(axe, JSON.stringify(axe, null, 1)).toEqual([]);
  }, 60_000);

  it("the site filter narrows the cohort; a monitor has no arm filter", async () => {
    const page = await ws.page({ width: 1024 });
    await ws.signIn(page, "mgr");
    await page.goto(`/studies/${studyId}/dashboard`);
    await page.getByLabel("Site").selectOption(siteIds[1]!);
    await page.getByText("2 of 2").waitFor();
    await page.waitForFunction(() => document.querySelectorAll("g.rk-subject-bar rect").length === 2);
    const mon = await ws.page();
    await ws.signIn(mon, "mon");
    await mon.goto(`/studies/${studyId}/dashboard`);
    await mon.waitForFunction(() => performance.getEntriesByName("dashboard:rendered").length > 0);
    expect(await mon.getByLabel("Arm").count()).toBe(0);
  }, 60_000);
});
