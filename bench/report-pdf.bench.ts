// `npm run bench:report-pdf [-- --runs N --out DIR]`: the subject PDF with key slices (issue 14).
// Seeds the demo study in a fresh SQLite database, then adds subjects with 12 and 20 time points, each
// scan a synthetic image + mask (src/server/demo/phantom.ts) with two target lesions measured from the
// mask (so every time point gets two key slices), read and signed by reader A. Times
// subjectReportPdf (timeline + assessment, image decoding, key-slice PNGs, HTML, Chromium's page.pdf)
// N times per subject after one warm-up (the browser launch is not counted), reports median and max
// wall time and the CPU time of this process (Chromium's own CPU is not in it), interleaved with the
// same report without key slices (A/B in one process). --out writes the PDFs.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { openDatabase } from "../src/db/connect.ts";
import type { Role } from "../src/db/schema.ts";
import { makeDeps } from "../src/server/app.ts";
import type { Ctx } from "../src/server/context.ts";
import { DEMO_CASES } from "../src/server/demo/cases.ts";
import { lesionCentre, lesionFromMeasurement, phantomTimepoint } from "../src/server/demo/phantom.ts";
import { DEMO_STUDY_CODE, DEMO_USERS, seedDemo } from "../src/server/demo/seed.ts";
import { storeTimepointFile } from "../src/server/services/images.ts";
import { closePdfBrowser } from "../src/server/services/pdf.ts";
import { putTimepoint, signTimepoint, startRead } from "../src/server/services/reads.ts";
import { subjectReportPdf } from "../src/server/services/report-pdf.ts";
import { createSubject, listTimepoints } from "../src/server/services/subjects.ts";

const { values } = parseArgs({
  options: { runs: { type: "string", default: "5" }, out: { type: "string" } },
});
const RUNS = Math.max(1, Number(values.runs));
const log = (s: string) => process.stderr.write(`${s}\n`);
const dir = mkdtempSync(join(tmpdir(), "ranokit-pdfbench-"));
const addDays = (iso: string, d: number) =>
  new Date(Date.parse(iso) + d * 86_400_000).toISOString().slice(0, 10);

async function main() {
  const database = await openDatabase({ dataDir: join(dir, "data") });
  const deps = makeDeps(database);
  await seedDemo(deps);
  const db = database.db;
  const ctxOf = async (username: string): Promise<Ctx> => {
    const u = await db
      .selectFrom("users")
      .select(["id", "username", "display_name", "role"])
      .where("username", "=", username)
      .executeTakeFirstOrThrow();
    return {
      ...deps,
      actor: {
        user: { id: u.id, username: u.username, displayName: u.display_name, role: u.role as Role },
        sessionId: null,
        csrf: null,
      },
    };
  };
  const manager = await ctxOf("manager");
  const readerA = await ctxOf("reader.a");
  const study = await db
    .selectFrom("studies")
    .select("id")
    .where("code", "=", DEMO_STUDY_CODE)
    .executeTakeFirstOrThrow();
  const site = await db
    .selectFrom("sites")
    .select("id")
    .where("study_id", "=", study.id)
    .executeTakeFirstOrThrow();
  const base = DEMO_CASES[0]!;

  async function longSubject(scans: number) {
    const dates = Array.from({ length: scans }, (_, i) =>
      addDays("2024-01-25", i === 0 ? 0 : 63 + 56 * (i - 1)),
    );
    const s = await createSubject(manager, study.id, {
      pseudonym: `RK-B${String(scans).padStart(3, "0")}`,
      siteId: site.id,
      arm: "A",
      clinical: base.clinical,
      timepoints: dates,
    });
    const tps = (await listTimepoints(manager, s.id)).items;
    const read = await startRead(readerA, s.id, "reader");
    for (const [i, tp] of tps.entries()) {
      // Two targets shrinking to 60 % and growing back (a response, then progression late on).
      const f = 1 - 0.4 * Math.sin((Math.PI * i) / (scans - 1));
      const lesions = [
        { id: "L1", diametersMm: [24 * f, 18 * f] as const, angleDeg: 10 },
        { id: "L2", diametersMm: [16 * f, 12 * f] as const, angleDeg: 35 },
      ].map((l, n) => ({ ...l, component: "enhancing" as const, centreMm: lesionCentre(n) }));
      const phantom = phantomTimepoint(lesions, 7000 + i);
      await storeTimepointFile(manager, s.id, tp.id, "image", phantom.image);
      await storeTimepointFile(manager, s.id, tp.id, "mask", phantom.mask);
      const entered = lesions.map((l) => ({
        id: l.id,
        component: l.component,
        ...(i === 0 ? { role: "target" } : {}),
        ...lesionFromMeasurement(phantom.measured.get(l.id)!),
      }));
      await putTimepoint(readerA, read.id, tp.id, {
        data: base.assessments[Math.min(i, 1)]!.data,
        lesions: entered,
      });
      await signTimepoint(readerA, read.id, tp.id, {
        password: DEMO_USERS.find((u) => u.username === "reader.a")!.password,
        meaning: "authored",
      });
    }
    return { id: s.id, readId: read.id, pseudonym: s.pseudonym };
  }

  const demo = await db
    .selectFrom("subjects")
    .select(["id", "pseudonym"])
    .where("pseudonym", "=", "RK-D002")
    .executeTakeFirstOrThrow();
  const subjects = [
    { id: demo.id, readId: undefined as string | undefined, pseudonym: demo.pseudonym },
    await longSubject(12),
    await longSubject(20),
  ];
  if (values.out) mkdirSync(values.out, { recursive: true });
  log(
    `load average ${loadavg()
      .map((x) => x.toFixed(2))
      .join(" ")}; ${RUNS} runs each after a warm-up`,
  );
  for (const s of subjects) {
    const first = await subjectReportPdf(manager, s.id, s.readId);
    if (values.out) writeFileSync(join(values.out, `${s.pseudonym}.pdf`), first.body as Buffer);
    const wall: number[] = [];
    const cpu: number[] = [];
    const plain: number[] = [];
    // Interleaved A/B: with key slices, then the same report without them (today's report).
    for (let r = 0; r < RUNS; r++) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      await subjectReportPdf(manager, s.id, s.readId);
      wall.push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1000);
      const t1 = performance.now();
      await subjectReportPdf(manager, s.id, s.readId, { keySlices: false });
      plain.push(performance.now() - t1);
    }
    const scans = (await listTimepoints(manager, s.id)).items.length;
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    log(
      `${s.pseudonym}: ${scans} time points, ${(first.body as Buffer).length} bytes; wall median ${median(wall).toFixed(0)} ms, max ${Math.max(...wall).toFixed(0)} ms; node CPU median ${median(cpu).toFixed(0)} ms; without key slices wall median ${median(plain).toFixed(0)} ms`,
    );
  }
  log(
    `load average after ${loadavg()
      .map((x) => x.toFixed(2))
      .join(" ")}`,
  );
  await closePdfBrowser();
  await database.close();
}

main()
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => rmSync(dir, { recursive: true, force: true }));
