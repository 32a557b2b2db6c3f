// The NiiVue viewer in Chromium on the demo study: the canvas renders the scan (non-blank, the
// segmentation overlay visible), selecting a lesion jumps to its measured slice with the lines drawn,
// a reader's later scans stay closed until the earlier time point is signed, and without WebGL the
// viewer says so instead of failing.
import { chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_USERS, seedDemo } from "../../src/server/demo/seed.ts";
import {
  CHROMIUM,
  CHROMIUM_FLAGS,
  haveChromium,
  seriousAxeViolations,
  startWorkstation,
  type Workstation,
} from "./harness.ts";
import { decodePng, pixelStats } from "./png.ts";

const password = (u: string) => DEMO_USERS.find((x) => x.username === u)!.password;

describe.skipIf(!haveChromium)("image viewer (Chromium)", () => {
  let ws: Workstation;
  let studyId: string;
  const subjects: Record<string, string> = {};

  beforeAll(async () => {
    ws = await startWorkstation();
    await seedDemo(ws.deps);
    const monitor = await ws.api("monitor", password("monitor"));
    studyId = (await monitor.call("GET", "/api/v1/studies")).body.items[0].id;
    for (const s of (await monitor.call("GET", `/api/v1/studies/${studyId}/subjects`)).body.items)
      subjects[s.pseudonym] = s.id;
  }, 180_000);
  afterAll(async () => ws?.close());

  it("renders the scan with its overlay and jumps to a lesion's measured slice", async () => {
    const page = await ws.page();
    await ws.signIn(page, "monitor", password("monitor"));
    await page.goto(`/studies/${studyId}/subjects/${subjects["RK-D002"]}/images`);
    const canvas = page.locator("canvas.viewer-canvas[data-status=ready]");
    await canvas.waitFor({ timeout: 30_000 });
    await page.waitForTimeout(300);
    const first = pixelStats(decodePng(await canvas.screenshot()));
    // The head fills most of the square canvas; a blank or failed WebGL canvas is one colour.
    expect(first.lit / first.total).toBeGreaterThan(0.4);
    expect(first.distinct).toBeGreaterThan(8);
    await page.getByRole("button", { name: "L2" }).click();
    await expect
      .poll(async () => page.locator(".viewer-caption").textContent())
      .toMatch(/Lesion L2: measured on slice 18, [\d.]+ × [\d.]+ mm/);
    const jumped = pixelStats(decodePng(await canvas.screenshot()));
    expect(jumped.warm).toBeGreaterThan(50); // the enhancing lesion's overlay on its slice
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.screenshot({ path: "/tmp/ranokit-viewer-test.png" }).catch(() => {});
  });

  it("a reader sees the scans open to them and is refused a later scan of a subject not yet read", async () => {
    const page = await ws.page();
    await ws.signIn(page, "reader.a", password("reader.a"));
    // RK-D004: the last follow-up is open for reader A (every earlier one signed).
    await page.goto(`/studies/${studyId}/subjects/${subjects["RK-D004"]}/images`);
    await page.locator("canvas.viewer-canvas[data-status=ready]").waitFor({ timeout: 30_000 });
    const reader = await ws.api("reader.a", password("reader.a"));
    const tps = (await reader.call("GET", `/api/v1/subjects/${subjects["RK-D004"]}/timepoints`)).body.items;
    for (const tp of tps) {
      const res = await reader.call(
        "GET",
        `/api/v1/subjects/${subjects["RK-D004"]}/timepoints/${tp.id}/image`,
      );
      expect(res.status).toBe(200);
    }
    // Reader B has no read of a subject enrolled now: only its first scan is open.
    const manager = await ws.api("manager", password("manager"));
    const fresh = await manager.call("POST", `/api/v1/studies/${studyId}/subjects`, {
      pseudonym: "RK-NEW",
      clinical: { patient: { tumorType: "glioblastoma_idh_wildtype", setting: "recurrent" } },
      timepoints: ["2025-01-03", "2025-03-01"],
    });
    expect(fresh.status).toBe(201);
    const b = await ws.api("reader.b", password("reader.b"));
    const freshTps = (await b.call("GET", `/api/v1/subjects/${fresh.body.id}/timepoints`)).body.items;
    const later = await b.call("GET", `/api/v1/subjects/${fresh.body.id}/timepoints/${freshTps[1].id}/image`);
    expect(later.status).toBe(403);
  });

  it("says WebGL is unavailable instead of failing when the browser has none", async () => {
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [...CHROMIUM_FLAGS, "--disable-webgl", "--disable-3d-apis"],
    });
    try {
      const page = await browser.newPage({ baseURL: ws.url });
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto("/");
      await page.getByLabel("Username").fill("monitor");
      await page.getByLabel("Password").fill(password("monitor"));
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("button", { name: "Sign out" }).waitFor();
      await page.goto(`/studies/${studyId}/subjects/${subjects["RK-D001"]}/images`);
      await expect(page.getByRole("status").filter({ hasText: "WebGL" }).textContent()).resolves.toMatch(
        /needs WebGL 2/,
      );
      // The lesion table is still there.
      await expect(page.getByRole("button", { name: "L1" }).count()).resolves.toBe(1);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
