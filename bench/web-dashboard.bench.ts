// `npm run bench:web`: the workstation in Chromium against a generated study.
//  - the dashboard of a 1,000-subject study: performance.mark("dashboard:rendered") (set once every plot
//    is in the page), from navigation start, goal ≤ 1,000 ms;
//  - the first-load JavaScript gzipped (index.html's scripts and module preloads), goal ≤ 300 KB;
//  - a 20-time-point subject timeline, if the timeline page sets performance.mark("timeline:rendered"),
//    goal ≤ 200 ms (reported as absent otherwise).
// Needs a built dist/ (npm run build) and /usr/bin/chromium. Options: --subjects N (default 1000),
// --runs N (default 3).
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";
import { CHROMIUM_ARGS } from "../src/server/services/pdf.ts";
import { seedDashboardStudy } from "./support/dashboard-study.ts";

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const SUBJECTS = arg("subjects", 1000);
const RUNS = arg("runs", 3);
const root = new URL("..", import.meta.url).pathname;
const webDir = join(root, "dist/web");
if (!existsSync(join(webDir, "index.html")))
  throw new Error("dist/web/index.html is missing: run npm run build");

function firstLoadJsGzip(): { files: string[]; bytes: number; gzip: number } {
  const html = readFileSync(join(webDir, "index.html"), "utf8");
  const files = [
    ...new Set(
      [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="([^"]+\.js)"/g)].map(
        (m) => m[1]!,
      ),
    ),
  ];
  let bytes = 0;
  let gzip = 0;
  for (const f of files) {
    const body = readFileSync(join(webDir, f.replace(/^\//, "")));
    bytes += body.length;
    gzip += gzipSync(body, { level: 9 }).length;
  }
  return { files, bytes, gzip };
}

async function startServer(dataDir: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    [join(root, "bin/ranokit.js"), "serve", "--port", "0", "--data", dataDir],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 30_000);
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/[^\s]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.on("exit", (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
  return { url, child };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const dataDir = mkdtempSync(join(tmpdir(), "ranokit-bench-web-"));
const t0 = performance.now();
const seeded = await seedDashboardStudy({ dataDir, subjects: SUBJECTS, firstSubjectScans: 20 });
console.log(`seeded ${SUBJECTS} subjects in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
const { url, child } = await startServer(dataDir);
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
try {
  const js = firstLoadJsGzip();
  const dashboard: number[] = [];
  const api: number[] = [];
  const timeline: number[] = [];
  for (let run = 0; run < RUNS + 1; run++) {
    // A fresh context per run: a cold HTTP cache, as on a first visit. Run 0 warms the server's
    // assessment cache and is not counted.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${url}/`);
    const login = await page.evaluate(
      async (password) =>
        (
          await fetch("/api/v1/auth/login", {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ username: "manager", password }),
          })
        ).status,
      seeded.password,
    );
    if (login !== 200) throw new Error(`sign-in failed: ${login}`);
    const apiMs = await page.evaluate(async (studyId) => {
      const s = performance.now();
      await (await fetch(`/api/v1/studies/${studyId}/dashboard`)).json();
      return performance.now() - s;
    }, seeded.studyId);
    await page.goto(`${url}/studies/${seeded.studyId}/dashboard`);
    await page.waitForFunction(() => performance.getEntriesByName("dashboard:rendered").length > 0, null, {
      timeout: 60_000,
    });
    const mark = await page.evaluate(() => performance.getEntriesByName("dashboard:rendered")[0]!.startTime);
    await page.goto(`${url}/studies/${seeded.studyId}/subjects/${seeded.firstSubjectId}`);
    const tl = await page
      .waitForFunction(() => performance.getEntriesByName("timeline:rendered").length > 0, null, {
        timeout: 5_000,
      })
      .then(() => page.evaluate(() => performance.getEntriesByName("timeline:rendered")[0]!.startTime))
      .catch(() => null);
    await context.close();
    if (run === 0) continue;
    dashboard.push(mark);
    api.push(apiMs);
    if (tl !== null) timeline.push(tl);
  }
  const d = median(dashboard);
  console.log(
    `dashboard of ${SUBJECTS} subjects rendered (mark from navigation start): median ${d.toFixed(0)} ms ` +
      `[${dashboard.map((x) => x.toFixed(0)).join(", ")}] — goal 1,000 ms: ${(d / 1000).toFixed(2)}× the goal`,
  );
  console.log(`  of which GET /dashboard (warm server): median ${median(api).toFixed(0)} ms`);
  console.log(
    `first-load JavaScript: ${(js.gzip / 1024).toFixed(1)} KB gzipped (${(js.bytes / 1024).toFixed(0)} KB raw, ${js.files.join(", ")}) — goal 300 KB: ${(js.gzip / 1024 / 300).toFixed(2)}× the goal`,
  );
  if (timeline.length > 0) {
    const t = median(timeline);
    console.log(
      `20-time-point timeline rendered: median ${t.toFixed(0)} ms — goal 200 ms: ${(t / 200).toFixed(2)}× the goal`,
    );
  } else
    console.log(
      '20-time-point timeline: the page sets no performance mark "timeline:rendered" yet (not measured)',
    );
} finally {
  await browser.close();
  child.kill();
  rmSync(dataDir, { recursive: true, force: true });
}
