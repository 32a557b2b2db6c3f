// The workstation's shell in a real browser: sign-in, a wrong password answered in words, the CSP
// header on the page, the SPA fallback, sign-out.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { haveChromium, seriousAxeViolations, startWorkstation, type Workstation } from "./harness.ts";

describe.skipIf(!haveChromium)("workstation shell (Chromium)", () => {
  let ws: Workstation;
  beforeAll(async () => {
    ws = await startWorkstation();
    await ws.addUser("mgr", "study_manager", "Study Manager");
  }, 60_000);
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
});
