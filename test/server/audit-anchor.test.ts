// Anchoring the audit chain's head: a head saved outside the database finds what the chain alone
// cannot — a rewrite of an entry and of every later one with recomputed hashes. Over the API on both
// databases, and through `ranokit audit verify --json / --anchor FILE` on an embedded data folder.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Dialect } from "../../src/db/connect.ts";
import { openDatabase } from "../../src/db/connect.ts";
import type { DB } from "../../src/db/schema.ts";
import { makeDeps } from "../../src/server/app.ts";
import { entryHash, GENESIS, verifyChain } from "../../src/server/audit/chain.ts";
import { SYSTEM } from "../../src/server/context.ts";
import { ReadProtocolSettings } from "../../src/server/schemas/protocol.ts";
import { createStudy } from "../../src/server/services/studies.ts";
import { type Agent, addUser, call, DIALECTS, type Harness, PROTOCOL, startHarness } from "./harness.ts";

/** What an attacker with owner rights does: drop the guard, change entry `from`, and recompute the hash
 * of it and of every later entry so the chain verifies again. */
async function rewriteTail(db: Kysely<DB>, dialect: Dialect, from: number) {
  if (dialect === "sqlite") await sql`DROP TRIGGER audit_log_no_update`.execute(db);
  else await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change`.execute(db);
  const rows = await db.selectFrom("audit_log").selectAll().where("seq", ">=", from).orderBy("seq").execute();
  let prev =
    (
      await db
        .selectFrom("audit_log")
        .select("hash")
        .where("seq", "=", from - 1)
        .executeTakeFirst()
    )?.hash ?? GENESIS;
  for (const r of rows) {
    const forged = { ...r, prev_hash: prev, actor: r.seq === from ? "mallory" : r.actor };
    const hash = entryHash(forged);
    await db
      .updateTable("audit_log")
      .set({ actor: forged.actor, prev_hash: prev, hash })
      .where("seq", "=", r.seq)
      .execute();
    prev = hash;
  }
}

describe.each(DIALECTS)("audit chain anchor on %s", (dialect) => {
  let h: Harness;
  let admin: Agent;
  let saved: { seq: number; hash: string };
  beforeAll(async () => {
    h = await startHarness(dialect);
    admin = await addUser(h, "admin1", "admin");
    await call(h, admin, "POST", "/api/v1/studies", { code: "A1", title: "One", protocol: PROTOCOL });
  });
  afterAll(() => h.close());

  it("verify returns the head; the chain extends it after more writes", async () => {
    const v = await call(h, admin, "GET", "/api/v1/audit/verify");
    expect(v.body).toMatchObject({ ok: true, entries: 4, anchor: null });
    expect(v.body.head).toEqual({ seq: 4, hash: v.body.lastHash });
    saved = v.body.head;
    await call(h, admin, "POST", "/api/v1/studies", { code: "A2", title: "Two", protocol: PROTOCOL });
    const later = await call(
      h,
      admin,
      "GET",
      `/api/v1/audit/verify?anchorSeq=${saved.seq}&anchorHash=${saved.hash}`,
    );
    expect(later.body).toMatchObject({
      ok: true,
      entries: 6,
      anchor: { ...saved, ok: true, problem: null },
    });
  });

  it("an anchor needs both parameters and a sha256 hash", async () => {
    const half = await call(h, admin, "GET", "/api/v1/audit/verify?anchorSeq=3");
    expect(half.status).toBe(400);
    expect(half.body.errors[0].path).toBe("$query.anchorHash");
    const bad = await call(h, admin, "GET", "/api/v1/audit/verify?anchorSeq=3&anchorHash=abc");
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe("$query.anchorHash");
    const far = await call(h, admin, "GET", `/api/v1/audit/verify?anchorSeq=99&anchorHash=${saved.hash}`);
    expect(far.body).toMatchObject({ ok: false, firstBroken: null });
    expect(far.body.anchor.problem).toMatch(/ends at entry 6, before the anchored entry 99/);
    const monitor = await addUser(h, "mon", "monitor");
    const reader = await addUser(h, "rdr", "reader");
    expect(
      (await call(h, monitor, "GET", `/api/v1/audit/verify?anchorSeq=1&anchorHash=${GENESIS}`)).status,
    ).toBe(200);
    expect((await call(h, reader, "GET", "/api/v1/audit/verify")).status).toBe(403);
  });

  it("a rewrite of the whole tail passes the chain check but not the anchor", async () => {
    await rewriteTail(h.database.db, dialect, 3);
    const plain = await verifyChain(h.database.db);
    // The gap the anchor closes: recomputed hashes verify on their own.
    expect(plain.ok).toBe(true);
    expect(plain.head.hash).not.toBe(saved.hash);
    const v = await call(
      h,
      admin,
      "GET",
      `/api/v1/audit/verify?anchorSeq=${saved.seq}&anchorHash=${saved.hash}`,
    );
    expect(v.status).toBe(200);
    expect(v.body.ok).toBe(false);
    expect(v.body.firstBroken).toBeNull();
    expect(v.body.anchor).toMatchObject({ seq: 4, ok: false });
    expect(v.body.anchor.problem).toMatch(
      /^entry 4 has hash [0-9a-f]{64}, not the anchored [0-9a-f]{64}: the trail up to it was rewritten$/,
    );
  });
});

describe("ranokit audit verify --json / --anchor", () => {
  const BIN = join(process.cwd(), "bin/ranokit.js");
  const dir = mkdtempSync(join(tmpdir(), "ranokit-anchor-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const verify = (...args: string[]) =>
    spawnSync(process.execPath, [BIN, "audit", "verify", "--data", join(dir, "data"), ...args], {
      encoding: "utf8",
    });
  const addStudy = async (code: string) => {
    const database = await openDatabase({ dataDir: join(dir, "data") });
    await createStudy(
      { ...makeDeps(database), actor: SYSTEM },
      { code, title: code, protocol: ReadProtocolSettings.parse(PROTOCOL) },
    );
    await database.close();
  };

  it("prints the head, checks it later, and exits 1 once the tail is rewritten", async () => {
    await addStudy("C1");
    const first = verify("--json");
    expect(first.status).toBe(0);
    const out = JSON.parse(first.stdout);
    expect(out.head).toEqual({ seq: 2, hash: out.lastHash });
    const anchorFile = join(dir, "head.json");
    writeFileSync(anchorFile, first.stdout);
    await addStudy("C2");
    const ok = verify("--anchor", anchorFile);
    expect(ok.stdout).toMatch(/audit chain verified: 4 entries, head seq 4/);
    expect(ok.stdout).toMatch(/anchor verified: entry 2 has the anchored hash/);
    expect(ok.status).toBe(0);

    const database = await openDatabase({ dataDir: join(dir, "data") });
    await rewriteTail(database.db, "sqlite", 1);
    await database.close();
    expect(verify().status).toBe(0);
    const caught = verify("--anchor", anchorFile);
    expect(caught.stdout).toMatch(
      /anchor NOT verified: entry 2 has hash .* the trail up to it was rewritten/,
    );
    expect(caught.status).toBe(1);
  }, 60_000);

  it("a bad anchor file is a usage error naming the field", () => {
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ head: { seq: 2, hash: "xyz" } }));
    const r = verify("--anchor", bad);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--anchor .*bad\.json: \$\.head\.hash must be a sha256 hash/);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
  });
});
