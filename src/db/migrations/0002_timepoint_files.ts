// Images and segmentation masks of time points (decision 0021): the NIfTI bytes in the database, so a
// time point's scan travels with its reads on both databases, in backups and under the same
// transactions as the audit entry that records its sha256.
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>, dialect: "sqlite" | "postgres"): Promise<void> {
  await db.schema
    .createTable("timepoint_files")
    .addColumn("timepoint_id", "text", (c) => c.notNull().references("timepoints.id"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("content", dialect === "postgres" ? sql`bytea` : "blob", (c) => c.notNull())
    .addColumn("bytes", "integer", (c) => c.notNull())
    .addColumn("sha256", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("timepoint_files_pk", ["timepoint_id", "kind"])
    .execute();
}
