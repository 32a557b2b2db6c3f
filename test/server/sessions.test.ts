// Sign-in and sessions on both databases: lockout after repeated failures, idle timeout, revocation,
// API tokens, no password material in responses or the audit trail.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Agent,
  addUser,
  call,
  DIALECTS,
  type Harness,
  PASSWORD,
  signIn,
  startHarness,
} from "./harness.ts";

describe.each(DIALECTS)("sessions on %s", (dialect) => {
  let h: Harness;
  let admin: Agent;
  let reader: Agent;
  beforeAll(async () => {
    h = await startHarness(dialect);
    admin = await addUser(h, "admin", "admin");
    reader = await addUser(h, "reader", "reader");
  });
  afterAll(() => h.close());

  const login = (username: string, password: string) =>
    h.app.inject({ method: "POST", url: "/api/v1/auth/login", payload: { username, password } });

  it("refuses a wrong password and an unknown user with the same answer", async () => {
    const wrong = await login("reader", "wrong password");
    const unknown = await login("nobody", "wrong password");
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().detail).toBe(unknown.json().detail);
  });

  it("locks the account after 5 failures in a row, even for the right password; an admin unlocks it", async () => {
    await addUser(h, "victim", "reader");
    for (let i = 0; i < 5; i++) expect((await login("victim", "guess")).statusCode).toBe(401);
    expect((await login("victim", PASSWORD)).statusCode).toBe(401);
    const users = await call(h, admin, "GET", "/api/v1/users?limit=500");
    const victim = users.body.items.find((u: any) => u.username === "victim");
    expect(victim.locked).toBe(true);
    const unlock = await call(h, admin, "PATCH", `/api/v1/users/${victim.id}`, {
      version: victim.version,
      unlock: true,
    });
    expect(unlock.status).toBe(200);
    expect((await login("victim", PASSWORD)).statusCode).toBe(200);
    const audit = await call(h, admin, "GET", `/api/v1/audit?limit=1000&entityId=${victim.id}`);
    expect(audit.body.entries.map((e: any) => e.action)).toContain("user.locked");
  });

  it("a stale version of a user is refused with 409", async () => {
    const users = await call(h, admin, "GET", "/api/v1/users");
    const r = users.body.items.find((u: any) => u.username === "reader");
    expect(
      (await call(h, admin, "PATCH", `/api/v1/users/${r.id}`, { version: r.version, displayName: "R" }))
        .status,
    ).toBe(200);
    const stale = await call(h, admin, "PATCH", `/api/v1/users/${r.id}`, {
      version: r.version,
      displayName: "R2",
    });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ title: "Stale version", currentVersion: r.version + 1 });
  });

  it("a session ends after the idle timeout", async () => {
    const s = await signIn(h, "reader", "reader", reader.userId);
    expect((await call(h, s, "GET", "/api/v1/auth/me")).status).toBe(200);
    const idle = new Date(Date.now() - 31 * 60_000).toISOString();
    await h.database.db
      .updateTable("sessions")
      .set({ last_seen_at: idle })
      .where("user_id", "=", reader.userId)
      .execute();
    expect((await call(h, s, "GET", "/api/v1/auth/me")).status).toBe(401);
  });

  it("sign-out and an admin's revocation end sessions at once", async () => {
    const s1 = await signIn(h, "reader", "reader", reader.userId);
    const s2 = await signIn(h, "reader", "reader", reader.userId);
    expect((await call(h, s1, "POST", "/api/v1/auth/logout")).status).toBe(200);
    expect((await call(h, s1, "GET", "/api/v1/auth/me")).status).toBe(401);
    expect((await call(h, s2, "GET", "/api/v1/auth/me")).status).toBe(200);
    const revoked = await call(h, admin, "POST", `/api/v1/users/${reader.userId}/revoke-sessions`);
    expect(revoked.body.revoked).toBeGreaterThanOrEqual(1);
    expect((await call(h, s2, "GET", "/api/v1/auth/me")).status).toBe(401);
  });

  it("API tokens authenticate scripts without CSRF and stop working when revoked", async () => {
    const t = await call(h, admin, "POST", "/api/v1/auth/tokens", { name: "etl" });
    expect(t.status).toBe(201);
    expect(t.body.token).toMatch(/^rk_/);
    const headers = { authorization: `Bearer ${t.body.token}` };
    const me = await h.app.inject({ method: "GET", url: "/api/v1/auth/me", headers });
    expect(me.json().user.username).toBe("admin");
    const post = await h.app.inject({
      method: "POST",
      url: "/api/v1/studies/nosuch/sites",
      headers,
      payload: { code: "1", name: "x" },
    });
    expect(post.statusCode).toBe(404);
    await call(h, admin, "DELETE", `/api/v1/auth/tokens/${t.body.id}`);
    expect((await h.app.inject({ method: "GET", url: "/api/v1/auth/me", headers })).statusCode).toBe(401);
  });

  it("never stores or returns a password or token in clear", async () => {
    const all = await call(h, admin, "GET", "/api/v1/audit/export?format=json");
    expect(all.text).not.toContain(PASSWORD);
    expect(all.text).not.toContain("$argon2");
    const rows = await h.database.db.selectFrom("users").select("password_hash").execute();
    expect(rows.every((r) => r.password_hash.startsWith("$argon2id$"))).toBe(true);
  });

  it("validation errors are problem+json with JSON paths", async () => {
    const r = await call(h, admin, "POST", "/api/v1/users", {
      username: "A B",
      displayName: "",
      role: "boss",
      password: "short",
    });
    expect(r.status).toBe(400);
    expect(r.headers["content-type"]).toMatch(/application\/problem\+json/);
    expect(r.body.errors.map((e: any) => e.path).sort()).toEqual([
      "$.displayName",
      "$.password",
      "$.role",
      "$.username",
    ]);
  });
});
