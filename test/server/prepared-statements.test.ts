// PostgreSQL: repeated statements run as named prepared statements (src/db/prepared.ts) — prepared on
// the second sight of a text, never for DDL, at most `limit` per connection, same results as unnamed.
import { sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../../src/db/connect.ts";
import { prepareStatements } from "../../src/db/prepared.ts";
import { dropSchema, PG_URL } from "./harness.ts";

const schema = `t_prep_${process.pid}`;

describe("prepared statements on postgres", () => {
  let database: Database;
  beforeAll(async () => {
    // One connection, so pg_prepared_statements shows the statements of the connection that ran them.
    database = await openDatabase({ url: PG_URL, schema, poolSize: 1 });
  });
  afterAll(async () => {
    await database.close();
    await dropSchema(schema);
  });

  const preparedTexts = async () =>
    (
      await sql<{
        name: string;
        statement: string;
      }>`select name, statement from pg_prepared_statements`.execute(database.db)
    ).rows;

  it("prepares a statement seen twice and answers the same rows by name", async () => {
    const lookup = (username: string) =>
      database.db.selectFrom("users").select(["username"]).where("username", "=", username).execute();
    await database.db
      .insertInto("users")
      .values({
        id: "u1",
        username: "alice",
        display_name: "Alice",
        role: "reader",
        password_hash: "x",
        active: 1,
        failed_logins: 0,
        locked_until: null,
        version: 1,
        created_at: "2025-01-01T00:00:00Z",
      })
      .execute();
    const isLookup = (s: { statement: string }) => /from "users" where "username" = \$1/.test(s.statement);
    expect(await lookup("alice")).toEqual([{ username: "alice" }]);
    expect((await preparedTexts()).filter(isLookup)).toHaveLength(0);
    expect(await lookup("nobody")).toEqual([]);
    expect(await lookup("alice")).toEqual([{ username: "alice" }]);
    const prepared = (await preparedTexts()).filter(isLookup);
    expect(prepared).toHaveLength(1);
    expect(prepared[0]!.name).toMatch(/^rk_[0-9a-f]{24}$/);
  });

  it("never prepares DDL or transaction control", async () => {
    for (let i = 0; i < 3; i++) {
      await sql`create table if not exists prep_probe (x int)`.execute(database.db);
      await database.db.transaction().execute(async (trx) => {
        await sql`select 1`.execute(trx);
      });
    }
    const texts = (await preparedTexts()).map((s) => s.statement.toLowerCase());
    expect(texts.some((t) => t.startsWith("create") || t.startsWith("begin") || t.startsWith("commit"))).toBe(
      false,
    );
  });

  it("prepares at most `limit` statements per connection; the rest run unnamed with the same results", async () => {
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    try {
      const stats = prepareStatements(client, 2);
      for (let round = 0; round < 3; round++)
        for (const n of [1, 2, 3, 4]) {
          const r = await client.query(`select $1::int + ${n} as v`, [10]);
          expect(r.rows).toEqual([{ v: 10 + n }]);
        }
      expect(stats.prepared).toBe(2);
      const names = await client.query("select name from pg_prepared_statements");
      expect(names.rows.map((r) => r.name).filter((n: string) => n.startsWith("rk_"))).toHaveLength(2);
    } finally {
      await client.end();
    }
  });
});
