// `ranokit worker`: takes jobs from the PostgreSQL queue (pg-boss). Run any number, on any machine that
// reaches the database; each job is claimed by exactly one worker.
import type { Command } from "commander";
import { openDatabase } from "../../db/connect.ts";
import { makeDeps, startWorking } from "../../server/app.ts";
import { UsageError } from "../errors.ts";
import { runUntilSignal } from "./run.ts";

export function register(program: Command): void {
  program
    .command("worker")
    .description("run jobs from the PostgreSQL queue (needs RANOKIT_DATABASE_URL)")
    .action(async () => {
      const url = process.env.RANOKIT_DATABASE_URL;
      if (!url)
        throw new UsageError(
          "ranokit worker needs RANOKIT_DATABASE_URL (on SQLite, jobs run inside `ranokit serve`)",
        );
      const database = await openDatabase({ url, schema: process.env.RANOKIT_DATABASE_SCHEMA });
      const deps = makeDeps(database);
      await startWorking(deps);
      process.stdout.write(`RANOkit worker taking jobs (PostgreSQL schema ${database.postgres?.schema})\n`);
      await runUntilSignal(async () => {
        await deps.jobs.stop();
        await database.close();
      });
    });
}
