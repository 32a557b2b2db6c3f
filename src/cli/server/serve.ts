// `ranokit serve`: the server on the embedded SQLite database (a data folder created on first start,
// migrations applied, WAL) or on PostgreSQL when RANOKIT_DATABASE_URL is set.
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Command } from "commander";
import { databaseOptionsFromEnv, openDatabase } from "../../db/connect.ts";
import { buildApp, makeDeps, startWorking } from "../../server/app.ts";
import { newSecret } from "../../server/auth/passwords.ts";
import { DEMO_STUDY_CODE, DEMO_USERS, type SeedOutcome, seedDemo } from "../../server/demo/seed.ts";
import { ensureAdmin } from "../../server/services/users.ts";
import { UsageError } from "../errors.ts";
import { runUntilSignal } from "./run.ts";

export function register(program: Command): void {
  program
    .command("serve")
    .description(
      "start the RANOkit server (embedded SQLite by default; PostgreSQL with RANOKIT_DATABASE_URL)",
    )
    .option("--port <n>", "port to listen on (0 = any free port)", process.env.PORT ?? "8080")
    .option("--host <address>", "address to bind", "127.0.0.1")
    .option(
      "--data <dir>",
      "data folder for the embedded database (default ranokit-data; ranokit-demo with --demo)",
    )
    .option("--demo", "seed a new database with the demo study, its images and demo users (npm start)")
    .option("--no-worker", "PostgreSQL: leave jobs to `ranokit worker` processes")
    .option("--log", "log requests as JSON lines (no cookies or tokens)")
    .action(
      async (o: {
        port: string;
        host: string;
        data?: string;
        demo?: boolean;
        worker: boolean;
        log?: boolean;
      }) => {
        const port = Number(o.port);
        if (!Number.isInteger(port) || port < 0 || port > 65535)
          throw new UsageError(`--port: "${o.port}" is not a port number`);
        const database = await openDatabase(
          databaseOptionsFromEnv(o.data ?? (o.demo ? "ranokit-demo" : "ranokit-data")),
        );
        const deps = makeDeps(database);
        let bootstrap = "";
        let demo: SeedOutcome | undefined;
        if (o.demo) {
          demo = await seedDemo(deps, (line) => process.stdout.write(`${line}\n`));
        }
        const given = process.env.RANOKIT_ADMIN_PASSWORD;
        const password = given ?? newSecret("");
        if (await ensureAdmin(deps, password)) {
          if (given) bootstrap = "created user admin with the password from RANOKIT_ADMIN_PASSWORD";
          else {
            // Never printed: written once to a file only the owner can read.
            const file = join(database.file ? join(database.file, "..") : ".", "initial-admin-password");
            writeFileSync(file, `${password}\n`, { mode: 0o600 });
            bootstrap = `created user admin; its password is in ${file} (change it, then delete the file)`;
          }
        }
        if (database.dialect === "sqlite" || o.worker) await startWorking(deps);
        const app = await buildApp(deps, { logger: o.log ?? false });
        let address: string;
        try {
          address = await app.listen({ port, host: o.host });
        } catch (e) {
          await deps.jobs.stop();
          await database.close();
          if ((e as { code?: string }).code === "EADDRINUSE")
            throw new UsageError(
              `port ${port} on ${o.host} is in use: choose another with --port N or PORT=N (--port 0 takes any free port)`,
            );
          throw e;
        }
        const where = database.file
          ? `SQLite ${database.file}`
          : `PostgreSQL (schema ${database.postgres?.schema})`;
        process.stdout.write(
          `RANOkit server listening on ${address} (${where}); API description at ${address}/api/v1/openapi.json\n`,
        );
        if (bootstrap) process.stdout.write(`${bootstrap}\n`);
        if (demo)
          process.stdout.write(demoBanner(address, demo, database.file ? dirname(database.file) : null));
        await runUntilSignal(async () => {
          await app.close();
          await deps.jobs.stop();
          await database.close();
        });
      },
    );
}

function demoBanner(address: string, demo: SeedOutcome, dataDir: string | null): string {
  const lines = [
    "",
    demo.seeded
      ? `Demo study ${DEMO_STUDY_CODE} created: ${demo.subjects} subjects, ${demo.timepoints} time points with synthetic images, ${demo.adjudications} adjudication tasks (${demo.decided} decided).`
      : `Demo: ${demo.reason}.`,
    `Open ${address} and sign in as one of these demo users. These passwords guard synthetic demo data`,
    "only and are printed for that reason; never use them for real data.",
    ...(!demo.seeded && !demo.demoPresent ? [] : DEMO_USERS).map(
      (u) => `  ${u.username.padEnd(12)} ${u.role.padEnd(14)} ${u.password}`,
    ),
    dataDir ? `Start again with a fresh demo: stop the server and delete ${dataDir}.` : "",
    "",
  ];
  return `${lines.join("\n")}\n`;
}
