// The audit trail on both databases: entries written with each change, UPDATE/DELETE refused by the
// database, verification naming the first broken entry after a row is altered behind the server's back.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyChain } from "../../src/server/audit/chain.ts";
import { type Agent, addUser, call, DIALECTS, type Harness, PROTOCOL, startHarness } from "./harness.ts";

describe.each(DIALECTS)("audit chain on %s", (dialect) => {
  let h: Harness;
  let admin: Agent;
  beforeAll(async () => {
    h = await startHarness(dialect);
    admin = await addUser(h, "admin1", "admin");
    for (let i = 0; i < 3; i++) {
      const r = await call(h, admin, "POST", "/api/v1/studies", {
        code: `S${i}`,
        title: `Study ${i}`,
        protocol: PROTOCOL,
      });
      expect(r.status).toBe(201);
    }
  });
  afterAll(() => h.close());

  it("writes one chained entry per change, in the same transaction", async () => {
    const v = await verifyChain(h.database.db);
    expect(v.ok).toBe(true);
    // user.create, session.create, then 3 × (study.create + protocol.create)
    expect(v.entries).toBe(8);
    const feed = await call(h, admin, "GET", "/api/v1/audit?since=2&limit=3");
    expect(feed.status).toBe(200);
    expect(feed.body.entries.map((e: any) => e.action)).toEqual([
      "study.create",
      "protocol.create",
      "study.create",
    ]);
    expect(feed.body.entries[1].prevHash).toBe(feed.body.entries[0].hash);
    expect(feed.body.done).toBe(false);
  });

  it("a failed change leaves no audit entry (rolled back together)", async () => {
    const before = (await verifyChain(h.database.db)).entries;
    const dup = await call(h, admin, "POST", "/api/v1/studies", {
      code: "S1",
      title: "again",
      protocol: PROTOCOL,
    });
    expect(dup.status).toBe(409);
    expect((await verifyChain(h.database.db)).entries).toBe(before);
  });

  it("the database refuses UPDATE and DELETE on the audit log", async () => {
    await expect(
      sql`UPDATE audit_log SET actor = 'mallory' WHERE seq = 3`.execute(h.database.db),
    ).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_log WHERE seq = 3`.execute(h.database.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`UPDATE protocol_versions SET settings = '{}'`.execute(h.database.db)).rejects.toThrow(
      /append-only/,
    );
  });

  it("verification names the first broken entry when a row is altered behind the server's back", async () => {
    // Someone with database owner rights drops the trigger and edits entry 5 directly.
    const db = h.database.db;
    if (dialect === "sqlite") await sql`DROP TRIGGER audit_log_no_update`.execute(db);
    else await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change`.execute(db);
    await sql`UPDATE audit_log SET after = '{"code":"S1","title":"Forged"}' WHERE seq = 5`.execute(db);
    const v = await call(h, admin, "GET", "/api/v1/audit/verify");
    expect(v.status).toBe(200);
    expect(v.body.ok).toBe(false);
    expect(v.body.firstBroken).toEqual({
      seq: 5,
      problem: "content does not match its hash (the entry was altered)",
    });
    expect(v.body.entries).toBe(4);
  });

  it("a deleted entry is named as missing", async () => {
    const db = h.database.db;
    if (dialect === "sqlite") await sql`DROP TRIGGER audit_log_no_delete`.execute(db);
    await sql`DELETE FROM audit_log WHERE seq = 2`.execute(db);
    const v = await verifyChain(db);
    expect(v.firstBroken).toEqual({ seq: 2, problem: "entry 2 is missing (next entry is 3)" });
  });

  it("exports the trail as CSV and JSON", async () => {
    const csv = await call(h, admin, "GET", "/api/v1/audit/export?format=csv");
    expect(csv.headers["content-type"]).toMatch(/text\/csv/);
    expect(csv.text.split("\n")[0]).toBe(
      "seq,at,actor,action,entity,entity_id,before,after,reason,prev_hash,hash",
    );
    const json = await call(h, admin, "GET", "/api/v1/audit/export?format=json");
    expect(json.body[0]).toMatchObject({ seq: 1, action: "user.create", actor: "system" });
  });
});
