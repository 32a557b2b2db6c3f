// `ranokit audit verify`: recompute the server's audit hash chain.
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Command } from "commander";
import { databaseOptionsFromEnv, openDatabase } from "../../db/connect.ts";
import { verifyChain } from "../../server/audit/chain.ts";
import { UsageError } from "../commands/assess.ts";

export function register(program: Command): void {
  const audit = program.command("audit").description("the server's audit trail");
  audit
    .command("verify")
    .description("recompute the audit trail's hash chain; names the first broken entry (exit 1 when broken)")
    .option("--data <dir>", "data folder of the embedded database", "ranokit-data")
    .option("--json", "print the result as JSON")
    .action(async (o: { data: string; json?: boolean }) => {
      const options = databaseOptionsFromEnv(o.data);
      if (!options.url && !existsSync(join(resolve(o.data), "ranokit.sqlite"))) {
        throw new UsageError(
          `${o.data}: no RANOkit database here (ranokit.sqlite); give --data or RANOKIT_DATABASE_URL`,
        );
      }
      const database = await openDatabase({ ...options, migrate: false });
      try {
        const v = await verifyChain(database.db);
        if (o.json) process.stdout.write(`${JSON.stringify(v)}\n`);
        else if (v.ok)
          process.stdout.write(`audit chain verified: ${v.entries} entries, last hash ${v.lastHash}\n`);
        else
          process.stdout.write(
            `audit chain BROKEN at entry ${v.firstBroken!.seq}: ${v.firstBroken!.problem} (${v.entries} entries before it verify)\n`,
          );
        if (!v.ok) process.exitCode = 1;
      } finally {
        await database.close();
      }
    });
}
