// Dashboard benchmark (issue 13 follow-up): GET /studies/{id}/dashboard over N subjects × 12 time points
// × 2 readers × 5 lesions, every read locked, the adjudication check run per subject and half the
// resulting tasks decided — goal: 1,000 subjects well under 1 s server-side with a warm assessment
// cache. The app runs in this process (Fastify inject: routing, authentication, validation, handler and
// JSON serialisation, no socket), so the figure is the server's own time. Also times /endpoints and
// /metrics on the same data.
// The dashboard is timed twice: recomputed (payload cache dropped) and served from the payload cache.
// Usage: npm run bench:dashboard -- [--db sqlite|postgres] [--subjects 1000] [--runs 10]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { openDatabase } from "../src/db/connect.ts";
import { nowIso } from "../src/db/ids.ts";
import { buildApp, makeDeps } from "../src/server/app.ts";
import { SYSTEM, write } from "../src/server/context.ts";
import { onReadLocked } from "../src/server/services/adjudication.ts";
import { studyFingerprint } from "../src/server/services/dashboard.ts";
import { seedStudy } from "./server-seed.ts";

const { values } = parseArgs({
  options: {
    db: { type: "string", default: "sqlite" },
    subjects: { type: "string", default: "1000" },
    runs: { type: "string", default: "10" },
  },
});
const PG_URL = process.env.RANOKIT_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const log = (s: string) => process.stderr.write(`${s}\n`);
const dir = mkdtempSync(join(tmpdir(), "ranokit-dash-"));
const schema = `bench_dash_${process.pid}`;

async function main() {
  const database = await openDatabase(
    values.db === "postgres" ? { url: PG_URL, schema } : { dataDir: join(dir, "data") },
  );
  const n = Number(values.subjects);
  const t0 = Date.now();
  const { studyId, managerToken } = await seedStudy(database, n, log);
  // Lock every read (as the last signature would) and run the adjudication check per subject.
  const now = nowIso();
  await database.db.updateTable("read_timepoints").set({ locked_at: now, signed_by: "bench" }).execute();
  await database.db
    .updateTable("reads")
    .set((eb) => ({ status: "locked", locked_at: now, version: eb("version", "+", 1) }))
    .execute();
  const deps = makeDeps(database);
  const ctx = { ...deps, actor: SYSTEM };
  const subjects = await database.db
    .selectFrom("subjects")
    .select("id")
    .where("study_id", "=", studyId)
    .execute();
  for (const s of subjects) await write(ctx, (trx, audit) => onReadLocked(trx, audit, s.id));
  const open = await database.db
    .selectFrom("adjudications")
    .select(["id", "read_ids"])
    .where("status", "=", "open")
    .orderBy("id")
    .execute();
  for (const [i, a] of open.entries()) {
    if (i % 2 === 1) continue;
    await database.db
      .updateTable("adjudications")
      .set({ status: "decided", selected_read_id: (JSON.parse(a.read_ids) as string[])[0]!, version: 2 })
      .where("id", "=", a.id)
      .execute();
  }
  log(
    `seeded and locked ${n} subjects in ${((Date.now() - t0) / 1000).toFixed(1)} s; ${open.length} adjudications, ${Math.ceil(open.length / 2)} decided`,
  );

  const app = await buildApp(deps);
  const get = async (path: string) => {
    const t = performance.now();
    const res = await app.inject({
      method: "GET",
      url: `/api/v1/studies/${studyId}/${path}`,
      headers: { authorization: `Bearer ${managerToken}` },
    });
    const ms = performance.now() - t;
    if (res.statusCode !== 200) throw new Error(`${path}: ${res.statusCode} ${res.body.slice(0, 300)}`);
    return { ms, bytes: res.body.length, body: res.json() };
  };
  const cold = await get("dashboard");
  log(
    `cold dashboard (every read assessed by the engine): ${cold.ms.toFixed(0)} ms, ${(cold.bytes / 1e6).toFixed(2)} MB, ${cold.body.subjectsWithAcceptedRead} subjects with an accepted read`,
  );
  const runs = Number(values.runs);
  const results: Record<string, { median: number; max: number; bytes: number }> = {};
  // "recomputed": the assessment cache warm but the serialised dashboard dropped before each request (the
  // first view after any change to the study); "dashboard": the serialised payload reused (unchanged
  // study: the fingerprint query, the access checks and the send).
  for (const path of [
    "dashboard (recomputed)",
    "dashboard",
    "dashboard?criteria=hgg",
    "endpoints",
    "metrics",
  ]) {
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < runs; i++) {
      const recompute = path.endsWith(" (recomputed)");
      if (recompute) deps.cache.payloads.clear();
      const r = await get(recompute ? "dashboard" : path);
      times.push(r.ms);
      bytes = r.bytes;
    }
    times.sort((a, b) => a - b);
    results[path] = { median: times[Math.floor(times.length / 2)]!, max: times.at(-1)!, bytes };
  }
  // The cache's own check: the fingerprint query alone.
  const fp: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await studyFingerprint({ ...deps, actor: SYSTEM }, studyId);
    fp.push(performance.now() - t);
  }
  fp.sort((a, b) => a - b);
  log(`fingerprint query: median ${fp[Math.floor(fp.length / 2)]!.toFixed(1)} ms`);
  await app.close();
  await deps.jobs.stop();
  await database.close();
  const out = {
    db: values.db,
    subjects: n,
    coldDashboardMs: Math.round(cold.ms),
    warm: Object.fromEntries(
      Object.entries(results).map(([k, v]) => [
        k,
        { medianMs: Math.round(v.median), maxMs: Math.round(v.max), kb: Math.round(v.bytes / 1024) },
      ]),
    ),
    goalMs: 1000,
    ratio: Number((results.dashboard!.median / 1000).toFixed(3)),
  };
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}

main()
  .catch((e) => {
    process.stderr.write(`${(e as Error).stack}\n`);
    process.exitCode = 1;
  })
  .finally(async () => {
    rmSync(dir, { recursive: true, force: true });
    if (values.db === "postgres") {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    }
  });
