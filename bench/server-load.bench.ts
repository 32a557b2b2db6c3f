// Load benchmark of the server (issue 13): seed N subjects × 12 time points × 2 readers × 5 lesions, start
// `ranokit serve` as its own process, and load it from this process over loopback with autocannon:
//   1. the subject timeline with every protocol criteria set assessed (RANO 2.0, RANO-HGG, mRANO, iRANO)
//      — goal ≥ 1,000 requests/s, p99 ≤ 50 ms;
//   2. saving a lesion measurement with its audit entry — goal ≥ 300 writes/s, p99 ≤ 100 ms;
// then zero errors, zero lost writes (2xx count = audit entries = version increments), chain verified.
// Usage: npm run bench:server -- [--db sqlite|postgres] [--subjects 1000] [--duration 20] [--connections 20]
//   [--cpu-prof DIR]  (the server process writes a V8 CPU profile there when it stops)
// The result carries the machine's load average before and after the load (the cores are shared).
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { sql } from "kysely";
import pg from "pg";
import { openDatabase } from "../src/db/connect.ts";
import { verifyChain } from "../src/server/audit/chain.ts";
import { startServer } from "./server-process.ts";
import { lesionSaveRequest, seedStudy, writeSlots } from "./server-seed.ts";

const { values } = parseArgs({
  options: {
    db: { type: "string", default: "sqlite" },
    subjects: { type: "string", default: "1000" },
    duration: { type: "string", default: "20" },
    connections: { type: "string", default: "20" },
    "write-connections": { type: "string", default: "10" },
    "cpu-prof": { type: "string" },
  },
});
const PG_URL = process.env.RANOKIT_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const subjects = Number(values.subjects);
const duration = Number(values.duration);
const connections = Number(values.connections);
const log = (s: string) => process.stderr.write(`${s}\n`);

const dir = mkdtempSync(join(tmpdir(), "ranokit-bench-"));
const schema = `bench_${process.pid}`;
const dbOptions = values.db === "postgres" ? { url: PG_URL, schema } : { dataDir: join(dir, "data") };
const env: Record<string, string> =
  values.db === "postgres" ? { RANOKIT_DATABASE_URL: PG_URL, RANOKIT_DATABASE_SCHEMA: schema } : {};

async function dropPg() {
  if (values.db !== "postgres") return;
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await c.query(`DROP SCHEMA IF EXISTS ${schema}_boss CASCADE`);
  await c.end();
}

const run = (o: autocannon.Options) =>
  new Promise<autocannon.Result>((resolve, reject) => {
    autocannon(o, (err, result) => (err ? reject(err) : resolve(result)));
  });

const summary = (name: string, r: autocannon.Result) => ({
  name,
  requests: r.requests.total,
  rps: Math.round(r.requests.total / (r.duration || duration)),
  p50: r.latency.p50,
  p99: r.latency.p99,
  errors: r.errors + r.timeouts + r.non2xx,
  non2xx: r.non2xx,
});

async function main() {
  log(`seeding ${subjects} subjects × 12 time points × 2 readers × 5 lesions on ${values.db} …`);
  const database = await openDatabase(dbOptions);
  const t0 = Date.now();
  const { studyId, tokens } = await seedStudy(database, subjects, log);
  const seedSeconds = (Date.now() - t0) / 1000;
  const reads = await database.db
    .selectFrom("reads as r")
    .innerJoin("users as u", "u.id", "r.reader_id")
    .select(["r.id", "r.subject_id"])
    .where("u.username", "=", "reader1")
    .where("r.study_id", "=", studyId)
    .orderBy("r.id")
    .execute();
  const rts = await database.db
    .selectFrom("read_timepoints as rt")
    .innerJoin("reads as r", "r.id", "rt.read_id")
    .innerJoin("users as u", "u.id", "r.reader_id")
    .select(["rt.read_id", "rt.timepoint_id"])
    .where("u.username", "=", "reader1")
    .execute();
  const lesionsBefore = await database.db
    .selectFrom("lesion_measurements")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  if (values.db === "postgres") {
    // Settle the freshly bulk-loaded tables first: otherwise autovacuum's vacuum and analyze of 120,000
    // lesion rows and the audit trail run during the measurement, on the same two cores.
    const t1 = Date.now();
    await sql`VACUUM ANALYZE`.execute(database.db);
    log(`vacuum analyze: ${((Date.now() - t1) / 1000).toFixed(1)} s`);
  }
  await database.close();
  log(
    `seeded in ${seedSeconds.toFixed(1)} s; ${reads.length} reads of reader 1, ${Number(lesionsBefore.n)} lesion rows`,
  );

  const nodeArgs = values["cpu-prof"] ? ["--cpu-prof", `--cpu-prof-dir=${values["cpu-prof"]}`] : [];
  const { url, child } = await startServer(
    env,
    ["--data", join(dir, "data")],
    undefined,
    undefined,
    nodeArgs,
  );
  const loadBefore = loadavg().map((x) => Number(x.toFixed(2)));
  const auth = { authorization: `Bearer ${tokens[0]}` };
  try {
    // Cold pass: every timeline computed once by the engine (nothing cached yet).
    const subjectIds = reads.map((r) => r.subject_id);
    let next = 0;
    const cold = await run({
      url,
      connections,
      amount: subjectIds.length,
      headers: auth,
      requests: [
        {
          method: "GET",
          setupRequest: (req) => ({
            ...req,
            path: `/api/v1/subjects/${subjectIds[next++ % subjectIds.length]}/timeline`,
          }),
        },
      ],
    });
    const timeline = await run({
      url,
      connections,
      duration,
      headers: auth,
      requests: [
        {
          method: "GET",
          setupRequest: (req) => ({
            ...req,
            path: `/api/v1/subjects/${subjectIds[Math.floor(Math.random() * subjectIds.length)]}/timeline`,
          }),
        },
      ],
    });

    // Writes: each connection owns its own lesions (a slot = read × time point × lesion), so a 409 would be
    // a real lost update, not contention the benchmark made up.
    const slots = writeSlots(rts);
    let ok = 0;
    const writes = await run({
      url,
      connections: Number(values["write-connections"]),
      duration,
      headers: { ...auth, "content-type": "application/json" },
      requests: [lesionSaveRequest(slots, () => ok++)],
    });
    const loadAfter = loadavg().map((x) => Number(x.toFixed(2)));
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));

    const check = await openDatabase({ ...dbOptions, migrate: false });
    const saves = await check.db
      .selectFrom("audit_log")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("action", "=", "read.lesion_save")
      .executeTakeFirstOrThrow();
    const bumps = await check.db
      .selectFrom("lesion_measurements")
      .select((eb) => eb.fn.sum<number>(eb("version", "-", 1)).as("n"))
      .executeTakeFirstOrThrow();
    // Per lesion: the committed version must count every acknowledged save, plus at most the one request
    // that was in flight on its connection when the load stopped.
    const rows = await check.db
      .selectFrom("lesion_measurements as l")
      .innerJoin("read_timepoints as rt", "rt.id", "l.read_timepoint_id")
      .select(["rt.read_id", "rt.timepoint_id", "l.lesion_key", "l.version"])
      .where("l.version", ">", 1)
      .execute();
    const committed = new Map(
      rows.map((r) => [`${r.read_id}|${r.timepoint_id}|${r.lesion_key}`, r.version - 1]),
    );
    let lost = 0;
    let inFlight = 0;
    for (const slot of slots) {
      const extra =
        (committed.get(`${slot.read_id}|${slot.timepoint_id}|${slot.lesion}`) ?? 0) - (slot.version - 1);
      if (extra < 0) lost += -extra;
      else inFlight += extra;
    }
    const chain = await verifyChain(check.db);
    await check.close();
    const result = {
      db: values.db,
      date: new Date().toISOString().slice(0, 10),
      loadAverage: { before: loadBefore, after: loadAfter },
      subjects,
      connections,
      durationSeconds: duration,
      seedSeconds,
      coldTimeline: summary("timeline, first computation", cold),
      timeline: summary("timeline (all criteria)", timeline),
      writes: summary("lesion save + audit", writes),
      lostWrites: {
        acknowledged: ok,
        auditEntries: Number(saves.n),
        versionIncrements: Number(bumps.n),
        acknowledgedButMissing: lost,
        committedWhileStopping: inFlight,
      },
      chain: { ok: chain.ok, entries: chain.entries },
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    child.kill("SIGKILL");
    await dropPg();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
