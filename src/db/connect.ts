// Opens the database: embedded SQLite (a data folder created on first start, WAL) by default, PostgreSQL
// when a URL is given (RANOKIT_DATABASE_URL). Migrations are applied on open, so a fresh folder or an
// empty database is ready to serve. One kysely code path serves both dialects.
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import SQLite from "better-sqlite3";
import {
  Kysely,
  type Migration,
  type MigrationProvider,
  Migrator,
  PostgresDialect,
  SqliteDialect,
} from "kysely";
import pg from "pg";
import { up as init } from "./migrations/0001_init.ts";
import { up as timepointFiles } from "./migrations/0002_timepoint_files.ts";
import { prepareStatements } from "./prepared.ts";
import type { DB } from "./schema.ts";

export type Dialect = "sqlite" | "postgres";

export interface Database {
  db: Kysely<DB>;
  dialect: Dialect;
  /** The SQLite file (for `db backup`); null on PostgreSQL. */
  file: string | null;
  /** The PostgreSQL URL and schema (for pg-boss); null on SQLite. */
  postgres: { url: string; schema: string } | null;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** PostgreSQL connection URL; without it, the embedded SQLite database under dataDir. */
  url?: string | undefined;
  /** PostgreSQL schema (created if missing): lets test runs share one database without colliding. */
  schema?: string | undefined;
  dataDir?: string | undefined;
  /** ":memory:" for tests. */
  sqliteFile?: string | undefined;
  migrate?: boolean;
  /** PostgreSQL: connections in the pool (default RANOKIT_DATABASE_POOL or 10). */
  poolSize?: number | undefined;
  /** PostgreSQL: execute repeated statements as named prepared statements (default on;
   * RANOKIT_DATABASE_PREPARE=0 turns it off). See prepared.ts. */
  prepare?: boolean | undefined;
}

// pg returns COUNT(*) and other int8 as strings; every int8 here is a count well inside 2^53.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));

function migrations(dialect: Dialect): MigrationProvider {
  const list: Record<string, Migration> = {
    "0001_init": { up: (db) => init(db, dialect) },
    "0002_timepoint_files": { up: (db) => timepointFiles(db, dialect) },
  };
  return { getMigrations: async () => list };
}

export async function migrate(db: Kysely<DB>, dialect: Dialect, schema?: string): Promise<void> {
  // The schema is named explicitly on PostgreSQL: kysely otherwise looks for its migration tables in
  // any schema, so a database with several RANOkit schemas (parallel test suites) could find another
  // schema's lock table, skip creating its own and fail ("kysely_migration_lock does not exist").
  const { error, results } = await new Migrator({
    db,
    provider: migrations(dialect),
    // Not for public: kysely would CREATE SCHEMA IF NOT EXISTS, which needs CREATE on the database.
    ...(schema && schema !== "public" ? { migrationTableSchema: schema } : {}),
  }).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === "Error")?.migrationName ?? "unknown";
    throw new Error(`database migration ${failed} failed: ${(error as Error).message}`);
  }
}

export async function openDatabase(o: OpenOptions = {}): Promise<Database> {
  let database: Database;
  if (o.url) {
    const schema = o.schema ?? "public";
    if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid PostgreSQL schema name "${schema}"`);
    if (schema !== "public") {
      const admin = new pg.Client({ connectionString: o.url });
      await admin.connect();
      await admin.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      await admin.end();
    }
    const pool = new pg.Pool({
      connectionString: o.url,
      max: o.poolSize ?? Number(process.env.RANOKIT_DATABASE_POOL ?? 10),
      options: `-c search_path=${schema}`,
    });
    if (o.prepare ?? process.env.RANOKIT_DATABASE_PREPARE !== "0")
      pool.on("connect", (client) => prepareStatements(client));
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    database = {
      db,
      dialect: "postgres",
      file: null,
      postgres: { url: o.url, schema },
      close: () => db.destroy(),
    };
  } else {
    let file = o.sqliteFile ?? ":memory:";
    if (!o.sqliteFile) {
      const dir = resolve(o.dataDir ?? "ranokit-data");
      mkdirSync(dir, { recursive: true });
      file = join(dir, "ranokit.sqlite");
    }
    const sqlite = new SQLite(file);
    sqlite.pragma("journal_mode = WAL");
    // NORMAL is durable at transaction boundaries in WAL mode except for the last commits on power loss;
    // a killed process (kill -9) loses nothing committed.
    sqlite.pragma("synchronous = NORMAL");
    sqlite.pragma("foreign_keys = ON");
    sqlite.pragma("busy_timeout = 5000");
    const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }) });
    database = {
      db,
      dialect: "sqlite",
      file: file === ":memory:" ? null : file,
      postgres: null,
      close: () => db.destroy(),
    };
  }
  if (o.migrate !== false) await migrate(database.db, database.dialect, database.postgres?.schema);
  return database;
}

/** From the environment: RANOKIT_DATABASE_URL (PostgreSQL) or the SQLite data folder. */
export function databaseOptionsFromEnv(dataDir?: string): OpenOptions {
  const url = process.env.RANOKIT_DATABASE_URL;
  return url ? { url, schema: process.env.RANOKIT_DATABASE_SCHEMA } : { dataDir };
}
