// `npm run bench:web`: the workstation in Chromium against a generated study.
//  - the dashboard of a 1,000-subject study: performance.mark("dashboard:rendered") (set once every plot
//    is in the page), from navigation start, goal ≤ 1,000 ms;
//  - the first-load JavaScript gzipped (index.html's scripts and module preloads), goal ≤ 300 KB;
//  - a 20-time-point subject timeline, if the timeline page sets performance.mark("timeline:rendered"),
//    goal ≤ 200 ms (reported as absent otherwise).
// Needs a built CLI and web (npm install builds both; after changing web/ run npm run build) and
// /usr/bin/chromium; it serves dist/web as built. Options: --subjects N (default 1000),
// --runs N (default 3), --trace (the last run's resource waterfall, marks, per-figure times and CPU profile),
// --shot FILE (a full-page screenshot of the last run's dashboard).
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
/** --trace: print the last run's resource waterfall (request start → response end) and marks. */
const TRACE = process.argv.includes("--trace");
/** --shot FILE: a full-page screenshot of the last run's dashboard. */
const SHOT = process.argv.includes("--shot") ? process.argv[process.argv.indexOf("--shot") + 1] : undefined;
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
  const painted: number[] = [];
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
    const cdp = TRACE && run === RUNS ? await context.newCDPSession(page) : null;
    if (cdp) {
      await cdp.send("Profiler.enable");
      await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
      await cdp.send("Profiler.start");
    }
    await page.goto(`${url}/studies/${seeded.studyId}/dashboard`);
    await page.waitForFunction(() => performance.getEntriesByName("dashboard:painted").length > 0, null, {
      timeout: 60_000,
    });
    if (cdp) {
      // Self time per function of the main thread, navigation to the rendered mark.
      const { profile } = await cdp.send("Profiler.stop");
      const self = new Map<string, number>();
      const byId = new Map(profile.nodes.map((n) => [n.id, n]));
      const dt = profile.timeDeltas ?? [];
      (profile.samples ?? []).forEach((id, i) => {
        const f = byId.get(id)!.callFrame;
        const key = `${f.functionName || "(anonymous)"} ${f.url.replace(/^.*\//, "")}:${f.lineNumber}`;
        self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0) / 1000);
      });
      console.log("    CPU profile, self time (ms):");
      for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25))
        console.log(`    ${v.toFixed(1).padStart(7)}  ${k}`);
    }
    const marks = await page.evaluate(() =>
      Object.fromEntries(
        [
          "dashboard:page",
          "dashboard:data",
          "dashboard:drawn",
          "dashboard:rendered",
          "dashboard:painted",
        ].map((m) => [m, performance.getEntriesByName(m)[0]?.startTime ?? Number.NaN]),
      ),
    );
    const mark = marks["dashboard:rendered"]!;
    if (SHOT && run === RUNS) await page.screenshot({ path: SHOT, fullPage: true });
    if (TRACE && run === RUNS) {
      const entries = await page.evaluate(() => [
        ...performance.getEntriesByType("resource").map((e) => {
          const r = e as PerformanceResourceTiming;
          return {
            name: r.name.replace(location.origin, ""),
            start: r.startTime,
            end: r.responseEnd,
            bytes: r.encodedBodySize,
          };
        }),
        ...performance
          .getEntriesByType("mark")
          .map((m) => ({ name: `mark ${m.name}`, start: m.startTime, end: m.startTime, bytes: 0 })),
        ...performance.getEntriesByType("measure").map((m) => ({
          name: `measure ${m.name}`,
          start: m.startTime,
          end: m.startTime + m.duration,
          bytes: 0,
        })),
        ...performance.getEntriesByType("navigation").map((n) => ({
          name: "document",
          start: 0,
          end: (n as PerformanceNavigationTiming).responseEnd,
          bytes: 0,
        })),
      ]);
      for (const e of entries.sort((a, b) => a.start - b.start))
        console.log(
          `    ${e.start.toFixed(0).padStart(5)} → ${e.end.toFixed(0).padStart(5)} ms  ${e.name}${e.bytes ? ` (${(e.bytes / 1024).toFixed(0)} KB)` : ""}`,
        );
    }
    console.log(
      `  run ${run}: page at ${marks["dashboard:page"]!.toFixed(0)} ms, payload in the page at ${marks["dashboard:data"]!.toFixed(0)} ms, plots drawn at ${marks["dashboard:drawn"]!.toFixed(0)} ms, rendered at ${mark.toFixed(0)} ms, painted at ${marks["dashboard:painted"]!.toFixed(0)} ms`,
    );
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
    painted.push(marks["dashboard:painted"]!);
    api.push(apiMs);
    if (tl !== null) timeline.push(tl);
  }
  const d = median(dashboard);
  console.log(
    `dashboard of ${SUBJECTS} subjects rendered (mark from navigation start): median ${d.toFixed(0)} ms ` +
      `[${dashboard.map((x) => x.toFixed(0)).join(", ")}] — goal 1,000 ms: ${(d / 1000).toFixed(2)}× the goal`,
  );
  console.log(
    `  painted (the frame after the rendered mark: layout and paint of the plots done): median ${median(painted).toFixed(0)} ms [${painted.map((x) => x.toFixed(0)).join(", ")}]`,
  );
  console.log(`  of which GET /dashboard (warm server): median ${median(api).toFixed(0)} ms`);
  console.log(
    `first-load JavaScript: ${(js.gzip / 1024).toFixed(1)} KB gzipped (${(js.bytes / 1024).toFixed(0)} KB raw, ${js.files.join(", ")}) — goal 300 KB: ${(js.gzip / 1024 / 300).toFixed(2)}× the goal`,
  );
  if (timeline.length > 0) {
    const t = median(timeline);
    console.log(
      `20-time-point timeline, cold page load (navigation start → rendered: scripts, sign-in check, data and render): median ${t.toFixed(0)} ms; the render against its 200 ms goal is npm run bench:web-timeline`,
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
