// Browser-test harness (issue 14): the built workstation (dist/web, compiled by the suite's global
// setup) served by a real server on a free loopback port with a fresh SQLite database, and Debian's
// Chromium driven by playwright-core. Nothing downloads a browser.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { openDatabase } from "../../src/db/connect.ts";
import type { Role } from "../../src/db/schema.ts";
import { buildApp, makeDeps, startWorking } from "../../src/server/app.ts";
import { type Deps, SYSTEM } from "../../src/server/context.ts";
import { createUser } from "../../src/server/services/users.ts";

export const CHROMIUM = process.env.RANOKIT_CHROMIUM ?? "/usr/bin/chromium";
export const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * Browser suites run where Chromium is installed (`.ci/run` installs it). Elsewhere they are skipped
 * with the reason printed — except under CI, where a missing browser is a failure, not a skip.
 */
export const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env.CI)
  throw new Error(`${CHROMIUM} is missing: .ci/run installs Debian's chromium package`);
if (!haveChromium) process.stderr.write(`browser tests skipped: ${CHROMIUM} is not installed\n`);

export const PASSWORD = "correct horse battery";

export interface Workstation {
  url: string;
  deps: Deps;
  browser: Browser;
  /** A new signed-out browser context (own cookies) with a page at 1280 × 800. */
  page(o?: { width?: number; height?: number }): Promise<Page>;
  addUser(username: string, role: Role, displayName?: string): Promise<{ id: string; username: string }>;
  /** Signs in through the page's sign-in form and waits for the studies list. */
  signIn(page: Page, username: string, password?: string): Promise<void>;
  /** The API as a user (cookie session + CSRF token), for setting up data the way the web does. */
  api(username: string, password?: string): Promise<ApiAgent>;
  close(): Promise<void>;
}

export interface ApiAgent {
  call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
}

export async function startWorkstation(): Promise<Workstation> {
  const dir = mkdtempSync(join(tmpdir(), "ranokit-web-"));
  const database = await openDatabase({ sqliteFile: join(dir, "ranokit.sqlite") });
  const deps = makeDeps(database);
  await startWorking(deps);
  const app = await buildApp(deps);
  const url = await app.listen({ port: 0, host: "127.0.0.1" });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  const contexts: BrowserContext[] = [];

  const ws: Workstation = {
    url,
    deps,
    browser,
    async page(o = {}) {
      const context = await browser.newContext({
        baseURL: url,
        viewport: { width: o.width ?? 1280, height: o.height ?? 800 },
        acceptDownloads: true,
      });
      contexts.push(context);
      return context.newPage();
    },
    async addUser(username, role, displayName = username) {
      const u = await createUser(
        { ...deps, actor: SYSTEM },
        { username, displayName, role, password: PASSWORD },
      );
      return { id: u.id, username };
    },
    async signIn(page, username, password = PASSWORD) {
      await page.goto("/");
      await page.getByLabel("Username").fill(username);
      await page.getByLabel("Password").fill(password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("button", { name: "Sign out" }).waitFor();
    },
    async api(username, password = PASSWORD) {
      const login = await fetch(`${url}/api/v1/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username, password }),
      });
      if (login.status !== 200) throw new Error(`login ${username}: ${login.status} ${await login.text()}`);
      const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
      const { csrfToken } = (await login.json()) as { csrfToken: string };
      return {
        async call(method, path, body) {
          const headers: Record<string, string> = { cookie };
          if (method !== "GET") headers["x-csrf-token"] = csrfToken;
          if (body !== undefined) headers["content-type"] = "application/json";
          const res = await fetch(`${url}${path}`, {
            method,
            headers,
            ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          });
          const text = await res.text();
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {}
          return { status: res.status, body: parsed };
        },
      };
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => {});
      await browser.close();
      await app.close();
      await deps.jobs.stop();
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return ws;
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * axe-core's serious and critical violations on the page as it is now (WCAG 2 A/AA rules). The script
 * is evaluated over the DevTools protocol, so the page's CSP (no inline scripts) stays as served.
 */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(o: object): Promise<{ violations: any[] }> } }).axe;
    const r = await axe.run({ runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21aa"] } });
    return r.violations.map((v) => ({
      id: v.id as string,
      impact: v.impact as string | null,
      help: v.help as string,
      targets: (v.nodes as { target: string[] }[]).slice(0, 5).map((n) => n.target.join(" ")),
    }));
  });
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical");
}
