// Test harness: a fresh database per suite — SQLite in memory, or a schema of its own on the local
// PostgreSQL (postgres://127.0.0.1:5432/test), so parallel runs never collide — and signed-in agents.
import { randomBytes } from "node:crypto";
import type { FastifyInstance } from "fastify";
import pg from "pg";
import { type Database, type Dialect, openDatabase } from "../../src/db/connect.ts";
import type { Role } from "../../src/db/schema.ts";
import { buildApp, makeDeps, startWorking } from "../../src/server/app.ts";
import { type Deps, SYSTEM } from "../../src/server/context.ts";
import { DEMO_USERS } from "../../src/server/demo/seed.ts";
import { createUser } from "../../src/server/services/users.ts";

export const PG_URL = process.env.RANOKIT_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
export const DIALECTS: Dialect[] = ["sqlite", "postgres"];

export async function openTestDb(
  dialect: Dialect,
  schema = `t_${process.pid}_${randomBytes(4).toString("hex")}`,
) {
  if (dialect === "sqlite") return { database: await openDatabase({ sqliteFile: ":memory:" }), schema: null };
  return { database: await openDatabase({ url: PG_URL, schema }), schema };
}

export async function dropSchema(schema: string | null) {
  if (!schema) return;
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await c.end();
}

export interface Agent {
  username: string;
  password: string;
  userId: string;
  role: Role;
  cookie: string;
  csrf: string;
}

export interface Harness {
  app: FastifyInstance;
  deps: Deps;
  database: Database;
  schema: string | null;
  close(): Promise<void>;
}

export async function startHarness(dialect: Dialect, o: { jobs?: boolean } = {}): Promise<Harness> {
  const { database, schema } = await openTestDb(dialect);
  const deps = makeDeps(database);
  // pg-boss costs a schema and a poller: started only by the suites that run jobs.
  if (dialect === "sqlite" || o.jobs) await startWorking(deps);
  const app = await buildApp(deps, { validateResponses: true });
  return {
    app,
    deps,
    database,
    schema,
    close: async () => {
      await app.close();
      await deps.jobs.stop();
      await database.close();
      await dropSchema(schema);
    },
  };
}

export const PASSWORD = "correct horse battery";

export async function addUser(h: Harness, username: string, role: Role): Promise<Agent> {
  const u = await createUser(
    { ...h.deps, actor: SYSTEM },
    { username, displayName: username, role, password: PASSWORD },
  );
  return signIn(h, username, role, u.id);
}

/** Signs in each demo user (after seedDemo) with the password the demo prints, by username. */
export async function signInDemoUsers(h: Harness): Promise<Record<string, Agent>> {
  const agents: Record<string, Agent> = {};
  for (const u of DEMO_USERS) {
    const row = await h.database.db
      .selectFrom("users")
      .select("id")
      .where("username", "=", u.username)
      .executeTakeFirstOrThrow();
    agents[u.username] = await signIn(h, u.username, u.role, row.id, u.password);
  }
  return agents;
}

export async function signIn(
  h: Harness,
  username: string,
  role: Role,
  userId: string,
  password = PASSWORD,
): Promise<Agent> {
  const res = await h.app.inject({
    method: "POST",
    url: "/api/v1/auth/login",
    payload: { username, password },
  });
  if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === "ranokit_session")!;
  return {
    username,
    password,
    userId,
    role,
    cookie: `ranokit_session=${cookie.value}`,
    csrf: res.json().csrfToken,
  };
}

export async function call(
  h: Harness,
  agent: Agent | null,
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
  url: string,
  payload?: unknown,
) {
  const headers: Record<string, string> = {};
  if (agent) {
    headers.cookie = agent.cookie;
    if (method !== "GET") headers["x-csrf-token"] = agent.csrf;
  }
  const res = await h.app.inject({
    method,
    url,
    headers,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  let body: any = null;
  try {
    body = res.json();
  } catch {
    body = res.body;
  }
  return { status: res.statusCode, body, headers: res.headers, text: res.body };
}

/** A protocol used across tests: RANO 2.0 primary, RANO-HGG and mRANO exploratory, time-sequential. */
export const PROTOCOL = {
  primaryCriteria: "rano2",
  exploratoryCriteria: ["hgg", "mrano"],
  paradigm: "two_readers_adjudicator",
  presentation: "time_sequential",
  triggers: { bestResponse: true, progressionDateDays: 0, responseDateDays: null },
};

export const CLINICAL = {
  patient: { tumorType: "glioblastoma_idh_wildtype", setting: "recurrent" },
  protocol: { t0: "2025-01-06" },
  treatments: [{ type: "chemotherapy", start: "2025-01-06", agent: "lomustine" }],
  steroids: [{ date: "2025-01-01", doseMgPerDay: 0 }],
  clinical: [{ date: "2025-01-06", status: "stable" }],
};

/** Enhancing target diameters per time point for a reader. */
export const lesionsAt = (d: Array<[number, number]>) =>
  d.map((diametersMm, i) => ({ id: `L${i + 1}`, component: "enhancing", role: "target", diametersMm }));
