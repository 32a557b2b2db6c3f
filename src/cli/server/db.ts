// `ranokit db backup`: online backup of the embedded SQLite database.
import { existsSync, mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import SQLite from "better-sqlite3";
import type { Command } from "commander";
import { UsageError } from "../errors.ts";

export function register(program: Command): void {
  const db = program.command("db").description("database maintenance");
  db.command("backup")
    .description("online backup of the embedded SQLite database (the server may keep running)")
    .option("--data <dir>", "data folder of the embedded database", "ranokit-data")
    .option("--out <file>", "backup file (default: DATA/backups/ranokit-TIMESTAMP.sqlite)")
    .action(async (o: { data: string; out?: string }) => {
      if (process.env.RANOKIT_DATABASE_URL)
        throw new UsageError(
          "db backup is for the embedded SQLite database; back PostgreSQL up with pg_dump",
        );
      const file = join(resolve(o.data), "ranokit.sqlite");
      if (!existsSync(file)) throw new UsageError(`${o.data}: no RANOkit database here (ranokit.sqlite)`);
      const out = resolve(
        o.out ?? join(o.data, "backups", `ranokit-${new Date().toISOString().replace(/[:.]/g, "-")}.sqlite`),
      );
      if (existsSync(out)) throw new UsageError(`${out}: exists; choose another --out`);
      mkdirSync(dirname(out), { recursive: true });
      const source = new SQLite(file, { readonly: true, fileMustExist: true });
      try {
        const { totalPages } = await source.backup(out);
        process.stdout.write(`backed up ${file} to ${out} (${totalPages} pages)\n`);
      } finally {
        source.close();
      }
    });
}
