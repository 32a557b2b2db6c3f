// `npm run bench:web-timeline [-- --runs N]`: the subject timeline page with 20 time points in Chromium
// (issue 14, goal ≤ 200 ms to render). A subject with 20 scans and three lesions is read by one reader
// (all-at-once presentation), then the page is opened N times in fresh browser contexts; each run reads
// the page's performance marks: `timeline:data` (every answer in) → `timeline:rendered` (tables
// committed, in a layout effect), and that plus the next animation frame (painted). Median and max
// are reported. Needs the built web (`npm run build` or `npx vite build web`) and /usr/bin/chromium.
import { startWorkstation } from "../test/web/harness.ts";

// Evaluated in the page (playwright serialises the function): the browser's globals, declared here
// because the Node type-check has no DOM library.
declare const document: {
  querySelectorAll(s: string): { length: number };
  getElementsByTagName(s: string): { length: number };
};
declare const requestAnimationFrame: (f: () => void) => number;
declare const window: { __clickedAt?: number };

const arg = (name: string, d: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : d;
};
const RUNS = arg("--runs", 15);
const shotAt = process.argv.indexOf("--shot");
/** `--shot FILE.png`: a full-page screenshot of the last run at 1024 px, to look at. */
const SHOT = shotAt >= 0 ? process.argv[shotAt + 1] : undefined;
const SCANS = 20;
const GOAL_MS = 200;

const addDays = (iso: string, d: number) =>
  new Date(Date.parse(iso) + d * 86_400_000).toISOString().slice(0, 10);

const ws = await startWorkstation();
try {
  const reader = await ws.addUser("bench.reader", "reader");
  await ws.addUser("bench.manager", "study_manager");
  const mgr = await ws.api("bench.manager");
  const study = await mgr.call("POST", "/api/v1/studies", {
    code: "BENCH-TL",
    title: "Timeline render bench",
    protocol: {
      primaryCriteria: "rano2",
      exploratoryCriteria: ["hgg", "mrano"],
      paradigm: "two_readers_adjudicator",
      presentation: "all_at_once",
      triggers: { bestResponse: true, progressionDateDays: 0, responseDateDays: null },
    },
  });
  if (study.status !== 201) throw new Error(`study: ${JSON.stringify(study.body)}`);
  await mgr.call("POST", `/api/v1/studies/${study.body.id}/members`, { userId: reader.id });
  const dates = Array.from({ length: SCANS }, (_, i) => addDays("2024-01-25", 56 * i));
  const subject = await mgr.call("POST", `/api/v1/studies/${study.body.id}/subjects`, {
    pseudonym: "BENCH-0001",
    clinical: {
      patient: { tumorType: "glioblastoma_idh_wildtype", setting: "recurrent" },
      protocol: { t0: "2024-02-01" },
      treatments: [{ type: "chemotherapy", start: "2024-02-01" }],
      clinical: [{ date: "2024-01-25", status: "stable" }],
    },
    timepoints: dates,
  });
  if (subject.status !== 201) throw new Error(`subject: ${JSON.stringify(subject.body)}`);
  const tps = (await mgr.call("GET", `/api/v1/subjects/${subject.body.id}/timepoints`)).body.items as Array<{
    id: string;
  }>;
  const r = await ws.api("bench.reader");
  const read = await r.call("POST", `/api/v1/subjects/${subject.body.id}/reads`, {});
  // Three targets shrinking to a response, then slowly growing back.
  for (const [i, tp] of tps.entries()) {
    const f = i === 0 ? 1 : Math.max(0.45, 1 - 0.12 * i) + Math.max(0, i - 8) * 0.03;
    const lesions = [30, 22, 15].map((d, k) => ({
      id: `L${k + 1}`,
      component: "enhancing",
      ...(i === 0 ? { role: "target" } : {}),
      diametersMm: [Math.round(d * f * 10) / 10, Math.round(d * 0.8 * f * 10) / 10],
    }));
    const put = await r.call("PUT", `/api/v1/reads/${read.body.id}/timepoints/${tp.id}`, {
      data: {},
      lesions,
    });
    if (put.status !== 200) throw new Error(`time point ${i}: ${JSON.stringify(put.body)}`);
  }
  const url = `/studies/${study.body.id}/subjects/${subject.body.id}`;
  const commit: number[] = [];
  const paint: number[] = [];
  // What a reader waits for in the workstation: a click on the subject in the Subjects list → the
  // timeline painted (the request, its answer and the render; no page load).
  const click: number[] = [];
  for (let run = 0; run < RUNS + 1; run++) {
    const page = await ws.page(SHOT && run === RUNS ? { width: 1024 } : {});
    await ws.signIn(page, "bench.reader");
    await page.goto(url);
    await page.waitForFunction(() => performance.getEntriesByName("timeline:rendered").length > 0);
    const m = await page.evaluate(
      () =>
        new Promise<{ commit: number; paint: number; rows: number; nodes: number }>((resolve) =>
          requestAnimationFrame(() => {
            const data = performance.getEntriesByName("timeline:data")[0]!.startTime;
            const rendered = performance.getEntriesByName("timeline:rendered")[0]!.startTime;
            resolve({
              commit: rendered - data,
              paint: performance.now() - data,
              rows: document.querySelectorAll("tbody tr").length,
              nodes: document.getElementsByTagName("*").length,
            });
          }),
        ),
    );
    if (run === 0) {
      process.stdout.write(`warm-up run: ${m.rows} table rows, ${m.nodes} elements\n`);
    } else {
      commit.push(m.commit);
      paint.push(m.paint);
    }
    if (SHOT && run === RUNS) await page.screenshot({ path: SHOT, fullPage: true });
    await page.goto(`/studies/${study.body.id}/subjects`);
    const link = page.getByRole("link", { name: "BENCH-0001" });
    await link.waitFor();
    await link.evaluate((a) => {
      window.__clickedAt = performance.now();
      (a as unknown as { click(): void }).click();
    });
    await page.waitForFunction(() => performance.getEntriesByName("timeline:rendered").length > 0);
    const clicked = await page.evaluate(
      () =>
        new Promise<number>((resolve) =>
          requestAnimationFrame(() => resolve(performance.now() - (window.__clickedAt ?? Number.NaN))),
        ),
    );
    if (run > 0) click.push(clicked);
    await page.context().close();
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const max = (xs: number[]) => Math.max(...xs);
  const f = (x: number) => x.toFixed(1);
  process.stdout.write(
    `timeline with ${SCANS} time points × 3 criteria sets, ${RUNS} runs\n` +
      `  data → tables committed: median ${f(median(commit))} ms, max ${f(max(commit))} ms\n` +
      `  data → next frame:       median ${f(median(paint))} ms, max ${f(max(paint))} ms ` +
      `(goal ≤ ${GOAL_MS} ms: ${f(median(paint) / GOAL_MS)}× the goal)\n` +
      `  click in Subjects → timeline painted: median ${f(median(click))} ms, max ${f(max(click))} ms ` +
      `(${f(median(click) / GOAL_MS)}× the goal)\n`,
  );
} finally {
  await ws.close();
}
