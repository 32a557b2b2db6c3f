// The workstation's shell in a real browser: sign-in, a wrong password answered in words, the CSP
// header on the page, the SPA fallback, sign-out, and the header in one row at 1024 and 1280 px for every
// role (screenshots in /work/shots/dashfast/ when that folder can be written).
import { mkdirSync } from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { haveChromium, seriousAxeViolations, startWorkstation, type Workstation } from "./harness.ts";

describe.skipIf(!haveChromium)("workstation shell (Chromium)", () => {
  let ws: Workstation;
  beforeAll(async () => {
    ws = await startWorkstation();
    await ws.addUser("mgr", "study_manager", "Study Manager");
    const ids = [
      (await ws.addUser("adm", "admin", "Alexandra Administrator-Longname")).id,
      (await ws.addUser("rdr", "reader", "Reader One")).id,
    ];
    const m = await ws.api("mgr");
    studyId = (
      await m.call("POST", "/api/v1/studies", {
        code: "SHELL",
        title: "Shell",
        protocol: {
          primaryCriteria: "rano2",
          exploratoryCriteria: [],
          paradigm: "two_readers_adjudicator",
          presentation: "time_sequential",
          triggers: { bestResponse: true, progressionDateDays: 0, responseDateDays: null },
        },
      })
    ).body.id;
    for (const userId of ids) await m.call("POST", `/api/v1/studies/${studyId}/members`, { userId });
  }, 60_000);
  let studyId: string;
  afterAll(async () => ws?.close());

  it("refuses a wrong password in words and signs in with the right one", async () => {
    const page = await ws.page();
    await page.goto("/");
    await page.getByLabel("Username").fill("mgr");
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert").textContent()).resolves.toMatch(/password|sign-in|credentials/i);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await ws.signIn(page, "mgr");
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Studies");
    expect(await seriousAxeViolations(page)).toEqual([]);
    await expect(page.getByText("Study Manager")).toBeTruthy();
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByLabel("Username").waitFor();
  });

  it("serves every page address with the app and a Content-Security-Policy without inline scripts", async () => {
    const res = await fetch(`${ws.url}/studies/some-id/subjects`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<div id="root">');
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'self'");
    expect(csp).toMatch(/script-src 'self'(?! 'unsafe-inline')/);
    expect(csp).not.toContain("'unsafe-eval'");
    const api = await fetch(`${ws.url}/api/v1/no-such-route`);
    expect(api.status).toBe(404);
    expect(api.headers.get("content-type")).toContain("application/problem+json");
  });

  it("the axe check is live: it reports an unlabelled field and unreadable contrast", async () => {
    const page = await ws.page();
    await page.setContent(
      '<html lang="en"><title>t</title><main><input type="text"><p style="color:#ccc;background:#fff">faint</p></main></html>',
    );
    const ids = (await seriousAxeViolations(page)).map((v) => v.id).sort();
    expect(ids).toEqual(["color-contrast", "label"]);
  });

  it("an unknown page address says so inside the signed-in frame", async () => {
    const page = await ws.page();
    await ws.signIn(page, "mgr");
    await page.goto("/no/such/page");
    // The page is a lazy chunk: wait for it rather than look once (the suite runs under load).
    await page.getByRole("heading", { name: "Page not found" }).waitFor({ timeout: 15_000 });
    expect(await page.getByText("There is no page at this address.").isVisible()).toBe(true);
  });

  /** The header's boxes: itself, and every link, button and the user's name in it. */
  const headerBoxes = (page: Page) =>
    page.evaluate(() => {
      const header = document.querySelector("header.app-header")!;
      const box = (e: Element) => {
        const r = e.getBoundingClientRect();
        return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, text: e.textContent ?? "" };
      };
      const items = Array.from(header.querySelectorAll("a, button, .user > span")).filter(
        (e) => (e as HTMLElement).offsetParent !== null,
      );
      return {
        header: box(header),
        items: items.map(box),
        scrollWidth: document.documentElement.scrollWidth,
      };
    });

  for (const width of [1024, 1280])
    it(`keeps the header in one row at ${width} px for admin, study manager and reader`, async () => {
      const shots = "/work/shots/dashfast";
      let canShoot = true;
      try {
        mkdirSync(shots, { recursive: true });
      } catch {
        canShoot = false;
      }
      for (const user of ["adm", "mgr", "rdr"]) {
        const page = await ws.page({ width, height: 700 });
        await ws.signIn(page, user);
        await page.goto(`/studies/${studyId}/subjects`);
        await page.getByRole("heading", { name: "Subjects", level: 1 }).waitFor({ timeout: 15_000 });
        const b = await headerBoxes(page);
        // One row: every item's vertical middle lies in the first item's row, the header is no taller
        // than one row of controls, and nothing pushes the page wider than the window.
        const first = b.items[0]!;
        for (const item of b.items) {
          const mid = (item.top + item.bottom) / 2;
          expect(mid, `${user} at ${width}: "${item.text}"`).toBeGreaterThan(first.top - 4);
          expect(mid, `${user} at ${width}: "${item.text}"`).toBeLessThan(first.bottom + 4);
          expect(item.right, `${user} at ${width}: "${item.text}" inside the window`).toBeLessThanOrEqual(
            width,
          );
        }
        expect(b.header.bottom - b.header.top).toBeLessThan(64);
        expect(b.scrollWidth).toBeLessThanOrEqual(width);
        // Every destination is still reachable from the header (links, or the More menu).
        const nav = page.getByRole("navigation", { name: "Main" });
        await expect(nav.getByRole("link", { name: "Subjects" }).count()).resolves.toBe(1);
        expect(await seriousAxeViolations(page)).toEqual([]);
        if (canShoot) await page.screenshot({ path: `${shots}/header-${user}-${width}.png` });
      }
    });
});
