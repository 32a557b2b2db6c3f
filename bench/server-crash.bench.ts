// Crash test (issue 13): kill -9 the server in the middle of a 1,000-subject import, restart it, and check
// that no subject is partial (each has all 12 time points, its read and all 60 lesion rows), that the
// audit chain verifies, and that re-running the import is idempotent (imports exactly the rest).
// Usage: npm run bench:crash -- [--db sqlite|postgres] [--subjects 1000] [--kill-after 300]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { openDatabase } from "../src/db/connect.ts";
import { verifyChain } from "../src/server/audit/chain.ts";
import { startServer } from "./server-process.ts";
import { benchCase, seedStudy, TIMEPOINTS } from "./server-seed.ts";

const { values } = parseArgs({
  options: {
    db: { type: "string", default: "sqlite" },
    subjects: { type: "string", default: "1000" },
    "kill-after": { type: "string", default: "300" },
  },
});
const PG_URL = process.env.RANOKIT_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const subjects = Number(values.subjects);
const killAfter = Number(values["kill-after"]);
const log = (s: string) => process.stderr.write(`${s}\n`);
const dir = mkdtempSync(join(tmpdir(), "ranokit-crash-"));
const schema = `crash_${process.pid}`;
const dbOptions = values.db === "postgres" ? { url: PG_URL, schema } : { dataDir: join(dir, "data") };
const env: Record<string, string> =
  values.db === "postgres" ? { RANOKIT_DATABASE_URL: PG_URL, RANOKIT_DATABASE_SCHEMA: schema } : {};

async function counts() {
  const database = await openDatabase({ ...dbOptions, migrate: false });
  const db = database.db;
  const n = async (table: "subjects" | "timepoints" | "reads" | "read_timepoints" | "lesion_measurements") =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const perSubject = await db
    .selectFrom("subjects as s")
    .leftJoin("timepoints as t", "t.subject_id", "s.id")
    .select(["s.id", (eb) => eb.fn.count<number>("t.id").as("tps")])
    .groupBy("s.id")
    .execute();
  const partial = perSubject.filter((s) => Number(s.tps) !== TIMEPOINTS).length;
  const result = {
    subjects: await n("subjects"),
    timepoints: await n("timepoints"),
    reads: await n("reads"),
    readTimepoints: await n("read_timepoints"),
    lesions: await n("lesion_measurements"),
    partialSubjects: partial,
    chain: await verifyChain(db),
  };
  await database.close();
  return result;
}

async function main() {
  const database = await openDatabase(dbOptions);
  const { studyId, managerToken } = await seedStudy(database, 0, log);
  await database.close();
  const ndjson = Array.from({ length: subjects }, (_, i) => JSON.stringify(benchCase(i, 1))).join("\n");
  const body = JSON.stringify({ format: "ndjson", as: "site_read", content: ndjson });
  const headers = { authorization: `Bearer ${managerToken}`, "content-type": "application/json" };
  const importUrl = (url: string) => `${url}/api/v1/studies/${studyId}/imports`;

  let server = await startServer(env, ["--data", join(dir, "data")]);
  const pending = fetch(importUrl(server.url), { method: "POST", headers, body }).catch((e: Error) => e);
  // Kill -9 once the import is under way.
  for (;;) {
    await new Promise((r) => setTimeout(r, 100));
    const res = await fetch(`${server.url}/api/v1/studies/${studyId}/subjects?limit=500`, { headers });
    const page = (await res.json()) as { items: unknown[]; next: string | null };
    if (page.items.length >= Math.min(killAfter, 500) || page.next) break;
  }
  server.child.kill("SIGKILL");
  const outcome = await pending;
  log(
    `killed the server mid-import (${outcome instanceof Error ? outcome.message : `status ${(outcome as Response).status}`})`,
  );
  const afterKill = await counts();

  server = await startServer(env, ["--data", join(dir, "data")]);
  const rerun = (await (
    await fetch(importUrl(server.url), { method: "POST", headers, body })
  ).json()) as Record<string, unknown>;
  const again = (await (
    await fetch(importUrl(server.url), { method: "POST", headers, body })
  ).json()) as Record<string, unknown>;
  server.child.kill("SIGTERM");
  await new Promise((r) => server.child.once("exit", r));
  const final = await counts();
  const report = {
    db: values.db,
    date: new Date().toISOString().slice(0, 10),
    subjects,
    afterKill: {
      ...afterKill,
      chain: {
        ok: afterKill.chain.ok,
        entries: afterKill.chain.entries,
        firstBroken: afterKill.chain.firstBroken,
      },
    },
    rerun: {
      imported: rerun.imported,
      unchanged: rerun.unchanged,
      errors: (rerun.errors as unknown[]).length,
    },
    secondRerun: { imported: again.imported, unchanged: again.unchanged },
    final: { ...final, chain: { ok: final.chain.ok, entries: final.chain.entries } },
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  rmSync(dir, { recursive: true, force: true });
  if (values.db === "postgres") {
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await c.query(`DROP SCHEMA IF EXISTS ${schema}_boss CASCADE`);
    await c.end();
  }
}

await main();
