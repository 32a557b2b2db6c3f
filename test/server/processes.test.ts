// Real processes: `ranokit serve` on a fresh data folder (created on first start), `db backup` and
// `audit verify` against it, and two server processes on one PostgreSQL serving the same users — a write
// through one is read back through the other.
import { type ChildProcess, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startServer } from "../../bench/server-process.ts";
import { dropSchema, PG_URL } from "./harness.ts";

const BIN = join(process.cwd(), "bin/ranokit.js");
const children: ChildProcess[] = [];

async function serve(cwd: string, env: Record<string, string> = {}) {
  const started = await startServer(env, [], cwd, BIN);
  children.push(started.child);
  return started;
}

async function login(url: string, username: string, password: string) {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password }),
  });
  const cookie = res.headers.get("set-cookie")!.split(";")[0]!;
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return (method: string, path: string, body?: unknown) =>
    fetch(`${url}${path}`, {
      method,
      headers: { cookie, "x-csrf-token": csrfToken, ...(body ? { "content-type": "application/json" } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
}

afterAll(() => {
  for (const c of children) c.kill("SIGKILL");
});

describe("server processes", () => {
  it("serve creates its data folder and admin on first start; backup and verify work on it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ranokit-serve-"));
    try {
      const { url, child } = await serve(dir);
      const password = readFileSync(join(dir, "ranokit-data", "initial-admin-password"), "utf8").trim();
      const api = await login(url, "admin", password);
      const created = await api("POST", "/api/v1/users", {
        username: "r1",
        displayName: "R1",
        role: "reader",
        password: "a long password 1",
      });
      expect(created.status).toBe(201);
      const backup = spawnSync(process.execPath, [BIN, "db", "backup", "--out", "b.sqlite"], {
        cwd: dir,
        encoding: "utf8",
      });
      expect(backup.status).toBe(0);
      expect(backup.stdout).toMatch(/backed up .* to .*b\.sqlite/);
      const verify = spawnSync(process.execPath, [BIN, "audit", "verify"], { cwd: dir, encoding: "utf8" });
      expect(verify.stdout).toMatch(/audit chain verified: 3 entries/);
      expect(verify.status).toBe(0);
      child.kill("SIGTERM");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it("two server processes on one PostgreSQL serve the same users and data", async () => {
    const schema = `t_procs_${process.pid}`;
    const env = {
      RANOKIT_DATABASE_URL: PG_URL,
      RANOKIT_DATABASE_SCHEMA: schema,
      RANOKIT_ADMIN_PASSWORD: "the admin password",
    };
    try {
      const a = await serve(tmpdir(), env);
      const b = await serve(tmpdir(), env);
      expect(a.url).not.toBe(b.url);
      const viaA = await login(a.url, "admin", env.RANOKIT_ADMIN_PASSWORD);
      const study = await viaA("POST", "/api/v1/studies", {
        code: "TWO",
        title: "Two processes",
        protocol: { primaryCriteria: "rano2" },
      });
      expect(study.status).toBe(201);
      // The session made on A is valid on B: sessions live in the database.
      const res = await fetch(`${b.url}/api/v1/studies`, {
        headers: { cookie: await loginCookie(a.url, env.RANOKIT_ADMIN_PASSWORD) },
      });
      const list = (await res.json()) as { items: Array<{ code: string }> };
      expect(list.items.map((s) => s.code)).toEqual(["TWO"]);
      a.child.kill("SIGTERM");
      b.child.kill("SIGTERM");
    } finally {
      await dropSchema(schema);
      await dropSchema(`${schema}_boss`);
    }
  }, 60_000);
});

async function loginCookie(url: string, password: string) {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "admin", password }),
  });
  return res.headers.get("set-cookie")!.split(";")[0]!;
}
