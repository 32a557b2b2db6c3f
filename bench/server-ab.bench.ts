// Interleaved A/B of two server builds on one seeded database (issue 13, decision 0027): a base build
// (another checkout with its dist/ built) and this one take turns, each serving the timeline and then
// lesion writes under autocannon, and the CPU time the server process and all PostgreSQL processes used
// is read from /proc and divided by the requests served — a cost per request that moves far less with
// the shared machine's load than req/s. Linux only (/proc).
// Usage: npm run bench:server-ab -- --base DIR [--db postgres|sqlite] [--subjects 200] [--duration 8] [--rounds 2]
//   DIR: e.g. `git archive <commit> | tar -x -C DIR && ln -s $PWD/node_modules DIR && (cd DIR && node scripts/build.mjs)`
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { sql } from "kysely";
import pg from "pg";
import { openDatabase } from "../src/db/connect.ts";
import { startServer } from "./server-process.ts";
import { lesionSaveRequest, seedStudy, writeSlots } from "./server-seed.ts";

const { values } = parseArgs({
  options: {
    base: { type: "string" },
    db: { type: "string", default: "postgres" },
    subjects: { type: "string", default: "200" },
    duration: { type: "string", default: "8" },
    rounds: { type: "string", default: "2" },
  },
});
if (!values.base) throw new Error("--base DIR: a checkout of the base build with its dist/ built");
const PG_URL = process.env.RANOKIT_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const duration = Number(values.duration);
const schema = `bench_ab_${process.pid}`;
const dir = mkdtempSync(join(tmpdir(), "ranokit-ab-"));
const postgres = values.db === "postgres";
const dbOptions = postgres ? { url: PG_URL, schema } : { dataDir: join(dir, "data") };
const env: Record<string, string> = postgres
  ? { RANOKIT_DATABASE_URL: PG_URL, RANOKIT_DATABASE_SCHEMA: schema }
  : {};

/** CPU time (µs) of one process, or of every PostgreSQL process. */
const cpuOf = (pid: string) => {
  const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(f[11]) + Number(f[12])) * 10_000;
};
const postgresCpu = () => {
  let t = 0;
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (readFileSync(`/proc/${d}/stat`, "utf8").includes("(postgres)")) t += cpuOf(d);
    } catch {}
  }
  return t;
};
const run = (o: autocannon.Options) =>
  new Promise<autocannon.Result>((resolve, reject) => autocannon(o, (e, r) => (e ? reject(e) : resolve(r))));

const database = await openDatabase(dbOptions);
const { studyId, tokens } = await seedStudy(database, Number(values.subjects), () => {});
const subjectIds = (
  await database.db
    .selectFrom("reads as r")
    .innerJoin("users as u", "u.id", "r.reader_id")
    .select("r.subject_id")
    .where("u.username", "=", "reader1")
    .where("r.study_id", "=", studyId)
    .execute()
).map((r) => r.subject_id);
const slots = writeSlots(
  await database.db
    .selectFrom("read_timepoints as rt")
    .innerJoin("reads as r", "r.id", "rt.read_id")
    .innerJoin("users as u", "u.id", "r.reader_id")
    .select(["rt.read_id", "rt.timepoint_id"])
    .where("u.username", "=", "reader1")
    .execute(),
);
// As bench:server does: settle the bulk-loaded tables before measuring (autovacuum would run meanwhile).
if (postgres) await sql`VACUUM ANALYZE`.execute(database.db);
await database.close();

const auth = { authorization: `Bearer ${tokens[0]}` };
const builds: Record<string, string> = { base: values.base, this: process.cwd() };
try {
  for (let round = 0; round < Number(values.rounds); round++) {
    for (const which of round % 2 ? ["this", "base"] : ["base", "this"]) {
      const root = builds[which]!;
      const { url, child } = await startServer(
        env,
        ["--data", join(dir, "data")],
        root,
        join(root, "bin/ranokit.js"),
      );
      const server = String(child.pid);
      const measure = async (o: Omit<autocannon.Options, "url">) => {
        const c0 = cpuOf(server);
        const p0 = postgres ? postgresCpu() : 0;
        const r = await run({ ...o, url, duration });
        const n = r.requests.total;
        return {
          rps: Math.round(n / duration),
          p99: r.latency.p99,
          errors: r.errors + r.timeouts + r.non2xx,
          serverCpuUsPerRequest: Math.round((cpuOf(server) - c0) / n),
          ...(postgres ? { postgresCpuUsPerRequest: Math.round((postgresCpu() - p0) / n) } : {}),
        };
      };
      const timelineRequest = {
        method: "GET" as const,
        setupRequest: (req: autocannon.Request) => ({
          ...req,
          path: `/api/v1/subjects/${subjectIds[Math.floor(Math.random() * subjectIds.length)]}/timeline`,
        }),
      };
      // Warm: every timeline assessed once, so both builds are measured on the cache.
      await run({
        url,
        connections: 20,
        amount: subjectIds.length * 2,
        headers: auth,
        requests: [timelineRequest],
      });
      const load = loadavg()[0]!.toFixed(2);
      const timeline = await measure({ connections: 20, headers: auth, requests: [timelineRequest] });
      const writes = await measure({
        connections: 10,
        headers: { ...auth, "content-type": "application/json" },
        requests: [lesionSaveRequest(slots)],
      });
      process.stdout.write(`${JSON.stringify({ build: which, load, timeline, writes })}\n`);
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    }
  }
} finally {
  if (postgres) {
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await c.query(`DROP SCHEMA IF EXISTS ${schema}_boss CASCADE`);
    await c.end();
  }
  rmSync(dir, { recursive: true, force: true });
}
