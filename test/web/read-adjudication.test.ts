// Reading and adjudication in a real browser (issue 14): reader A enters a three-scan read with the
// keyboard, an implausible diameter is refused in words and never saved, each time point is signed
// through the password dialog; reader B's read differs (entered over the API); reader B cannot open
// A's read; the adjudicator sees both reads side by side with the differences marked and selects A.
// Set RANOKIT_SHOTS=/some/dir to keep screenshots at 1280 and 1024 px.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  STORY_CLINICAL as CLINICAL,
  STORY_DATES as DATES,
  STORY_PROTOCOL as PROTOCOL,
  READER_B,
  READER_A as STORY_READER_A,
} from "../fixtures/bicr-story.ts";
import {
  type ApiAgent,
  haveChromium,
  PASSWORD,
  seriousAxeViolations,
  startWorkstation,
  type Workstation,
} from "./harness.ts";

// Reader A types the longest diameter into both fields (a square lesion).
const READER_A = STORY_READER_A.map(([longest]) => String(longest));

const shots = process.env.RANOKIT_SHOTS;
async function shot(page: Page, name: string) {
  if (!shots) return;
  mkdirSync(shots, { recursive: true });
  for (const width of [1280, 1024]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: join(shots, `read-${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

describe.skipIf(!haveChromium)("read entry and adjudication (Chromium)", () => {
  let ws: Workstation;
  let manager: ApiAgent;
  let studyId: string;
  let subjectId: string;
  let readA: string;
  let tps: Array<{ id: string; date: string }>;

  beforeAll(async () => {
    ws = await startWorkstation();
    await ws.addUser("manager", "study_manager", "Study Manager");
    const ids = {
      a: await ws.addUser("reader.a", "reader", "Reader A"),
      b: await ws.addUser("reader.b", "reader", "Reader B"),
      adj: await ws.addUser("adjudicator", "adjudicator", "Adjudicator"),
    };
    manager = await ws.api("manager");
    const s = await manager.call("POST", "/api/v1/studies", {
      code: "GBM-01",
      title: "Recurrent GBM",
      protocol: PROTOCOL,
    });
    studyId = s.body.id;
    for (const u of Object.values(ids))
      await manager.call("POST", `/api/v1/studies/${studyId}/members`, { userId: u.id });
    const subj = await manager.call("POST", `/api/v1/studies/${studyId}/subjects`, {
      pseudonym: "GBM01-0001",
      clinical: CLINICAL,
      timepoints: DATES,
    });
    subjectId = subj.body.id;
    tps = (await manager.call("GET", `/api/v1/subjects/${subjectId}/timepoints`)).body.items;
  }, 60_000);
  afterAll(async () => ws?.close());

  async function open(width = 1280) {
    const page = await ws.page({ width });
    page.setDefaultTimeout(10_000);
    return page;
  }

  it("reader A enters each time point with the keyboard, sees the assessment, and signs with the password", async () => {
    const a = await ws.api("reader.a");
    readA = (await a.call("POST", `/api/v1/subjects/${subjectId}/reads`, {})).body.id;
    const page = await open();
    await ws.signIn(page, "reader.a");
    await page.goto(`/studies/${studyId}/reads/${readA}`);
    await page.getByRole("heading", { name: "Time point 2025-01-03", exact: true }).waitFor();
    // Time-sequential: the later scans are closed, with the reason.
    await page.getByRole("button", { name: /2025-03-03/ }).click();
    await expect(
      page.getByText(/Closed: the protocol presents time points in sequence/).isVisible(),
    ).resolves.toBe(true);
    await page.getByRole("button", { name: /2025-01-03/ }).click();

    for (let i = 0; i < 3; i++) {
      const date = DATES[i]!;
      await page.getByRole("heading", { name: `Time point ${date}`, exact: true }).waitFor();
      if (i === 0) {
        // Alt+N adds the first lesion, focus on its longest diameter.
        await page.locator(".read-entry").press("Alt+KeyN");
        await expect(
          page.getByLabel("L1: Longest diameter (mm)").evaluate((e) => e === document.activeElement),
        ).resolves.toBe(true);
        expect(await page.getByLabel("L1: role").inputValue()).toBe("target");
      } else {
        // The follow-up starts from the previous scan's lesion, unmeasured.
        await page.getByText(/lesions carried forward/).waitFor();
        expect(await page.getByLabel("L1: Longest diameter (mm)").inputValue()).toBe("");
      }
      const long = page.getByLabel("L1: Longest diameter (mm)");
      await long.focus();
      await page.keyboard.type(READER_A[i]!);
      await page.keyboard.press("Enter");
      await expect(
        page.getByLabel("L1: Perpendicular diameter (mm)").evaluate((e) => e === document.activeElement),
      ).resolves.toBe(true);
      await page.keyboard.type(READER_A[i]!);
      await page.getByText("✓ Saved").waitFor();
      if (i === 1) {
        // The engine's assessment of the saved read: a −75 % partial response under RANO 2.0.
        const table = page.getByRole("table", { name: /Response at 2025-03-03/ });
        await table.getByText("−75.0 % vs baseline 2025-01-03: 900 mm²").first().waitFor();
        expect(await table.textContent()).toContain("PR");
        await shot(page, "entry");
        expect(await seriousAxeViolations(page)).toEqual([]);
      }
      await page.locator(".read-entry").press("Alt+KeyL");
      const dialog = page.getByRole("dialog", { name: `Lock and sign time point ${date}` });
      await dialog.waitFor();
      expect(await dialog.textContent()).toContain("authored");
      await dialog.getByLabel("Password (re-enter to sign)").fill("not my password");
      await dialog.getByRole("button", { name: "Sign", exact: true }).click();
      await dialog.getByText(/password does not match/).waitFor();
      if (i === 0) await shot(page, "sign-dialog");
      await dialog.getByLabel("Password (re-enter to sign)").fill(PASSWORD);
      await dialog.getByRole("button", { name: "Sign", exact: true }).click();
      await page.getByText(`Time point ${date} locked and signed.`).waitFor();
    }
    await page.getByText("The read is complete and locked.").waitFor();
    const read = await a.call("GET", `/api/v1/reads/${readA}`);
    expect(read.body.status).toBe("locked");
    expect(read.body.timepoints.map((t: { signature: { meaning: string } }) => t.signature.meaning)).toEqual([
      "authored",
      "authored",
      "authored",
    ]);
    expect(read.body.timepoints[2].lesions[0].lesion).toMatchObject({
      role: "target",
      diametersMm: [15, 15],
    });
  }, 90_000);

  it("validates as you type: an implausible diameter is refused in words and never saved", async () => {
    // A second subject, read by reader B.
    const subj = await manager.call("POST", `/api/v1/studies/${studyId}/subjects`, {
      pseudonym: "GBM01-0002",
      clinical: CLINICAL,
      timepoints: ["2025-01-03"],
    });
    const b = await ws.api("reader.b");
    const readId = (await b.call("POST", `/api/v1/subjects/${subj.body.id}/reads`, {})).body.id;
    const page = await open(1024);
    await ws.signIn(page, "reader.b");
    await page.goto(`/studies/${studyId}/reads/${readId}`);
    await page.getByRole("button", { name: /Add lesion/ }).click();
    const long = page.getByLabel("L1: Longest diameter (mm)");
    await long.fill("3000");
    await page.getByLabel("L1: Perpendicular diameter (mm)").fill("20");
    await page
      .getByText("Longest diameter must be at most 300 mm (larger than any head: a unit error?)")
      .waitFor();
    expect(await long.getAttribute("aria-invalid")).toBe("true");
    const described = await long.getAttribute("aria-describedby");
    expect(await page.locator(`#${described}`).textContent()).toMatch(/at most 300 mm/);
    await page.getByText(/Draft: not yet saved — 1 field to correct/).waitFor();
    expect(await page.getByRole("button", { name: /Lock and sign/ }).isDisabled()).toBe(true);
    await shot(page, "invalid");
    // Longer than the save pause: nothing reached the server.
    await page.waitForTimeout(1500);
    const read = await b.call("GET", `/api/v1/reads/${readId}`);
    expect(read.body.timepoints[0].data).toBeNull();
    expect(read.body.timepoints[0].lesions).toEqual([]);
    // Text is refused too, in words, and so is a perpendicular longer than the longest diameter (the
    // case model's cross-field check, which the engine would otherwise report only in the assessment).
    await long.fill("3O");
    await page.getByText("Longest diameter must be a number of millimetres").waitFor();
    await long.fill("15");
    await page
      .getByText(
        "Perpendicular diameter: the perpendicular (20 mm) is longer than the longest diameter (15 mm); give [longest, perpendicular]",
      )
      .waitFor();
    expect(await page.getByLabel("L1: Perpendicular diameter (mm)").getAttribute("aria-invalid")).toBe(
      "true",
    );
    await long.fill("30");
    await page.getByText("✓ Saved").waitFor();
    const saved = await b.call("GET", `/api/v1/reads/${readId}`);
    expect(saved.body.timepoints[0].lesions[0].lesion.diametersMm).toEqual([30, 20]);

    // Optimistic concurrency: another tab saves first; this page's next save answers 409, says so
    // and reloads the saved version.
    const other = await b.call(
      "PUT",
      `/api/v1/reads/${readId}/timepoints/${saved.body.timepoints[0].timepointId}`,
      {
        version: saved.body.timepoints[0].version,
        data: {},
        lesions: [{ id: "L1", component: "enhancing", role: "target", diametersMm: [28, 20] }],
      },
    );
    expect(other.status).toBe(200);
    await page.getByLabel("L1: Perpendicular diameter (mm)").fill("10");
    await page.getByText(/Not saved: this time point changed elsewhere/).waitFor();
    expect(await long.inputValue()).toBe("28");
    expect(await page.getByLabel("L1: Perpendicular diameter (mm)").inputValue()).toBe("20");
  });

  it("reader B cannot open reader A's read: the page says so and the API answers 403", async () => {
    const b = await ws.api("reader.b");
    expect((await b.call("GET", `/api/v1/reads/${readA}`)).status).toBe(403);
    const page = await open();
    await ws.signIn(page, "reader.b");
    await page.goto(`/studies/${studyId}/reads/${readA}`);
    const alert = page.getByRole("alert");
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/Not allowed.*readers see only their own reads/);
  });

  it("reader B's differing read triggers adjudication; the adjudicator sees both, marked, and selects A", async () => {
    const b = await ws.api("reader.b");
    const readB = (await b.call("POST", `/api/v1/subjects/${subjectId}/reads`, {})).body.id;
    for (let i = 0; i < 3; i++) {
      const put = await b.call("PUT", `/api/v1/reads/${readB}/timepoints/${tps[i]!.id}`, {
        data: {},
        lesions: [{ id: "L1", component: "enhancing", role: "target", diametersMm: READER_B[i] }],
      });
      expect(put.status).toBe(200);
      const sign = await b.call("POST", `/api/v1/reads/${readB}/timepoints/${tps[i]!.id}/sign`, {
        password: PASSWORD,
        meaning: "authored",
      });
      expect(sign.status).toBe(200);
    }
    const tasks = await manager.call("GET", `/api/v1/studies/${studyId}/adjudications`);
    expect(tasks.body.items).toHaveLength(1);
    const task = tasks.body.items[0];

    const page = await open();
    await ws.signIn(page, "adjudicator");
    await page.goto(`/studies/${studyId}/adjudications/${task.id}`);
    await page.getByRole("heading", { name: "Adjudication of GBM01-0001" }).waitFor();
    const outcome = page.getByRole("table", { name: /Outcome under/ });
    const bestRow = outcome.getByRole("row", { name: /Best overall response/ });
    expect(await bestRow.textContent()).toContain("≠ differs");
    const side = page.getByRole("table", { name: /Time points side by side/ });
    const third = side.getByRole("row", { name: /^2025-05-05/ });
    expect(await third.textContent()).toMatch(/≠ L1: 15 × 15 mm vs 40 × 40 mm/);
    expect(await side.getByRole("row", { name: /^2025-01-03/ }).textContent()).toContain("= same");
    expect(await page.getByRole("region", { name: /triggers that fired/ }).textContent()).toMatch(
      /best response/,
    );
    expect(await seriousAxeViolations(page)).toEqual([]);
    await shot(page, "adjudication");

    await page.getByRole("radio", { name: /reader\.a/ }).check();
    await page.getByLabel("Reason for the selection").fill("Reader A measured the enhancing rim correctly.");
    await page.getByRole("button", { name: "Select and sign…" }).click();
    const dialog = page.getByRole("dialog", { name: "Sign the adjudication" });
    expect(await dialog.textContent()).toContain("reviewed and approved");
    await dialog.getByLabel("Password (re-enter to sign)").fill(PASSWORD);
    await dialog.getByRole("button", { name: "Sign", exact: true }).click();
    await page.getByText(/✓ Decided: Read \d \(reader\.a\) selected by adjudicator/).waitFor();
    const after = await manager.call("GET", `/api/v1/adjudications/${task.id}`);
    expect(after.body).toMatchObject({ status: "decided", selectedReadId: readA });
  });
});
