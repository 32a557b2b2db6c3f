// `ranokit audit verify`: recompute the server's audit hash chain; with --anchor, also check that the
// chain still extends a head saved earlier (the `--json` output of a previous run, kept elsewhere).
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Command } from "commander";
import { databaseOptionsFromEnv, openDatabase } from "../../db/connect.ts";
import { type ChainHead, verifyChain } from "../../server/audit/chain.ts";
import { UsageError } from "../errors.ts";

/** The head in an anchor file: a previous `verify --json` output ({head: {seq, hash}}) or {seq, hash}. */
export function readAnchor(path: string): ChainHead {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new UsageError(`--anchor ${path}: cannot read the anchor JSON: ${(e as Error).message}`);
  }
  const o = (value ?? {}) as Record<string, unknown>;
  const head = (typeof o.head === "object" && o.head !== null ? o.head : o) as Record<string, unknown>;
  const where = o.head ? "$.head" : "$";
  if (!Number.isInteger(head.seq) || (head.seq as number) < 0)
    throw new UsageError(`--anchor ${path}: ${where}.seq must be a non-negative integer (the head's entry)`);
  if (typeof head.hash !== "string" || !/^[0-9a-f]{64}$/.test(head.hash))
    throw new UsageError(`--anchor ${path}: ${where}.hash must be a sha256 hash (64 lower-case hex digits)`);
  return { seq: head.seq as number, hash: head.hash };
}

export function register(program: Command): void {
  const audit = program.command("audit").description("the server's audit trail");
  audit
    .command("verify")
    .description(
      "recompute the audit trail's hash chain; names the first broken entry (exit 1 when broken). --json prints the head (seq, hash) to keep outside the database",
    )
    .option("--data <dir>", "data folder of the embedded database", "ranokit-data")
    .option("--json", "print the result as JSON, with the head to save as a later anchor")
    .option(
      "--anchor <file>",
      "a head saved earlier (a previous --json output): the chain must still extend it",
    )
    .action(async (o: { data: string; json?: boolean; anchor?: string }) => {
      const anchor = o.anchor ? readAnchor(o.anchor) : undefined;
      const options = databaseOptionsFromEnv(o.data);
      if (!options.url && !existsSync(join(resolve(o.data), "ranokit.sqlite"))) {
        throw new UsageError(
          `${o.data}: no RANOkit database here (ranokit.sqlite); give --data or RANOKIT_DATABASE_URL`,
        );
      }
      const database = await openDatabase({ ...options, migrate: false });
      try {
        const v = await verifyChain(database.db, anchor);
        if (o.json) process.stdout.write(`${JSON.stringify(v)}\n`);
        else {
          if (v.firstBroken)
            process.stdout.write(
              `audit chain BROKEN at entry ${v.firstBroken.seq}: ${v.firstBroken.problem} (${v.entries} entries before it verify)\n`,
            );
          else
            process.stdout.write(
              `audit chain verified: ${v.entries} entries, head seq ${v.head.seq} hash ${v.head.hash}\n`,
            );
          if (v.anchor?.ok)
            process.stdout.write(`anchor verified: entry ${v.anchor.seq} has the anchored hash\n`);
          else if (v.anchor) process.stdout.write(`anchor NOT verified: ${v.anchor.problem}\n`);
        }
        if (!v.ok) process.exitCode = 1;
      } finally {
        await database.close();
      }
    });
}
