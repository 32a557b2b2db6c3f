// Initial schema. Dialect-neutral DDL through kysely's schema builder; the only dialect-specific part is
// the trigger text that makes the audit log and protocol versions append-only in the database itself.
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>, dialect: "sqlite" | "postgres"): Promise<void> {
  const s = db.schema;
  await s
    .createTable("users")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("username", "text", (c) => c.notNull().unique())
    .addColumn("display_name", "text", (c) => c.notNull())
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("password_hash", "text", (c) => c.notNull())
    .addColumn("failed_logins", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("locked_until", "text")
    .addColumn("active", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await s
    .createTable("sessions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id"))
    .addColumn("csrf_token", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("last_seen_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("revoked_at", "text")
    .execute();
  await s
    .createTable("api_tokens")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("revoked_at", "text")
    .execute();
  await s
    .createTable("studies")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("code", "text", (c) => c.notNull().unique())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("current_protocol_id", "text")
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await s
    .createTable("protocol_versions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("study_id", "text", (c) => c.notNull().references("studies.id"))
    .addColumn("number", "integer", (c) => c.notNull())
    .addColumn("settings", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.notNull())
    .addUniqueConstraint("protocol_versions_study_number", ["study_id", "number"])
    .execute();
  await s
    .createTable("study_members")
    .addColumn("study_id", "text", (c) => c.notNull().references("studies.id"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("study_members_pk", ["study_id", "user_id"])
    .execute();
  await s
    .createTable("sites")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("study_id", "text", (c) => c.notNull().references("studies.id"))
    .addColumn("code", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint("sites_study_code", ["study_id", "code"])
    .execute();
  await s
    .createTable("subjects")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("study_id", "text", (c) => c.notNull().references("studies.id"))
    .addColumn("site_id", "text", (c) => c.references("sites.id"))
    .addColumn("pseudonym", "text", (c) => c.notNull())
    .addColumn("arm", "text")
    .addColumn("clinical", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addUniqueConstraint("subjects_study_pseudonym", ["study_id", "pseudonym"])
    .execute();
  await s
    .createTable("timepoints")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("subject_id", "text", (c) => c.notNull().references("subjects.id"))
    .addColumn("date", "text", (c) => c.notNull())
    .addColumn("image_uri", "text")
    .addColumn("mask_uri", "text")
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint("timepoints_subject_date", ["subject_id", "date"])
    .execute();
  await s
    .createTable("reads")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("study_id", "text", (c) => c.notNull().references("studies.id"))
    .addColumn("subject_id", "text", (c) => c.notNull().references("subjects.id"))
    .addColumn("reader_id", "text", (c) => c.references("users.id"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("protocol_id", "text", (c) => c.notNull().references("protocol_versions.id"))
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("supersedes_id", "text", (c) => c.references("reads.id"))
    .addColumn("reason", "text")
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("locked_at", "text")
    .execute();
  await s.createIndex("reads_subject").on("reads").columns(["subject_id", "status"]).execute();
  await s
    .createTable("read_timepoints")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("read_id", "text", (c) => c.notNull().references("reads.id"))
    .addColumn("timepoint_id", "text", (c) => c.notNull().references("timepoints.id"))
    .addColumn("data", "text", (c) => c.notNull())
    .addColumn("locked_at", "text")
    .addColumn("signed_by", "text")
    .addColumn("signature_meaning", "text")
    .addColumn("session_id", "text")
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint("read_timepoints_read_tp", ["read_id", "timepoint_id"])
    .execute();
  await s
    .createTable("lesion_measurements")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("read_timepoint_id", "text", (c) => c.notNull().references("read_timepoints.id"))
    .addColumn("lesion_key", "text", (c) => c.notNull())
    .addColumn("data", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint("lesion_measurements_tp_key", ["read_timepoint_id", "lesion_key"])
    .execute();
  await s
    .createTable("adjudications")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("study_id", "text", (c) => c.notNull().references("studies.id"))
    .addColumn("subject_id", "text", (c) => c.notNull().references("subjects.id"))
    .addColumn("read_ids", "text", (c) => c.notNull())
    .addColumn("triggers", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("adjudicator_id", "text", (c) => c.references("users.id"))
    .addColumn("selected_read_id", "text", (c) => c.references("reads.id"))
    .addColumn("reason", "text")
    .addColumn("signature_meaning", "text")
    .addColumn("signed_at", "text")
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await s.createIndex("adjudications_study").on("adjudications").columns(["study_id", "status"]).execute();
  await s
    .createTable("jobs")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("study_id", "text")
    .addColumn("payload", "text", (c) => c.notNull())
    .addColumn("state", "text", (c) => c.notNull())
    .addColumn("progress", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("total", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("result", "text")
    .addColumn("error", "text")
    .addColumn("created_by", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await s
    .createTable("audit_log")
    .addColumn("seq", "integer", (c) => c.primaryKey())
    .addColumn("at", "text", (c) => c.notNull())
    .addColumn("actor", "text", (c) => c.notNull())
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("entity", "text", (c) => c.notNull())
    .addColumn("entity_id", "text", (c) => c.notNull())
    .addColumn("before", "text")
    .addColumn("after", "text")
    .addColumn("reason", "text")
    .addColumn("prev_hash", "text", (c) => c.notNull())
    .addColumn("hash", "text", (c) => c.notNull())
    .execute();
  await s.createIndex("audit_entity").on("audit_log").columns(["entity", "entity_id"]).execute();

  // Append-only in the database itself (issue 13: UPDATE and DELETE refused by triggers on both).
  for (const table of ["audit_log", "protocol_versions"]) {
    if (dialect === "sqlite") {
      for (const op of ["UPDATE", "DELETE"]) {
        await sql
          .raw(
            `CREATE TRIGGER ${table}_no_${op.toLowerCase()} BEFORE ${op} ON ${table} ` +
              `BEGIN SELECT RAISE(ABORT, '${table} is append-only: ${op} refused'); END`,
          )
          .execute(db);
      }
    } else {
      await sql
        .raw(
          `CREATE FUNCTION ${table}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ ` +
            `BEGIN RAISE EXCEPTION '${table} is append-only: % refused', TG_OP; END $$`,
        )
        .execute(db);
      await sql
        .raw(
          `CREATE TRIGGER ${table}_no_change BEFORE UPDATE OR DELETE ON ${table} ` +
            `FOR EACH ROW EXECUTE FUNCTION ${table}_append_only()`,
        )
        .execute(db);
      await sql
        .raw(
          `CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} ` +
            `FOR EACH STATEMENT EXECUTE FUNCTION ${table}_append_only()`,
        )
        .execute(db);
    }
  }
}
