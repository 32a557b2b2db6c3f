// Long work (study-wide recomputation, large imports) runs as jobs with progress. The job's state lives
// in the jobs table on both databases, so any server process can report it; what differs is who runs
// it: an in-process queue on SQLite (single site), pg-boss on PostgreSQL, where `ranokit worker`
// processes on any number of machines take jobs from the one database (FOR UPDATE SKIP LOCKED).
import type { Kysely } from "kysely";
import { newId, nowIso } from "../../db/ids.ts";
import type { DB, JobsTable } from "../../db/schema.ts";

export interface JobContext {
  id: string;
  payload: Record<string, unknown>;
  progress(done: number, total: number): Promise<void>;
}
export type JobHandler = (job: JobContext) => Promise<unknown>;

export interface JobQueue {
  enqueue(
    kind: string,
    payload: Record<string, unknown>,
    by: string,
    studyId: string | null,
  ): Promise<string>;
  /** Start taking jobs (servers on SQLite; `ranokit worker` on PostgreSQL). */
  work(handlers: Record<string, JobHandler>): Promise<void>;
  stop(): Promise<void>;
}

export async function insertJob(
  db: Kysely<DB>,
  kind: string,
  payload: Record<string, unknown>,
  by: string,
  studyId: string | null,
) {
  const now = nowIso();
  const row: JobsTable = {
    id: newId(),
    kind,
    study_id: studyId,
    payload: JSON.stringify(payload),
    state: "queued",
    progress: 0,
    total: 0,
    result: null,
    error: null,
    created_by: by,
    created_at: now,
    updated_at: now,
  };
  await db.insertInto("jobs").values(row).execute();
  return row.id;
}

/** Runs one job, keeping its row's state, progress and result current. */
export async function runJob(
  db: Kysely<DB>,
  id: string,
  handlers: Record<string, JobHandler>,
): Promise<void> {
  const job = await db.selectFrom("jobs").selectAll().where("id", "=", id).executeTakeFirst();
  if (job?.state !== "queued") return;
  const handler = handlers[job.kind];
  await db.updateTable("jobs").set({ state: "running", updated_at: nowIso() }).where("id", "=", id).execute();
  try {
    if (!handler) throw new Error(`no handler for job kind "${job.kind}"`);
    const result = await handler({
      id,
      payload: JSON.parse(job.payload),
      progress: async (done, total) => {
        await db
          .updateTable("jobs")
          .set({ progress: done, total, updated_at: nowIso() })
          .where("id", "=", id)
          .execute();
      },
    });
    await db
      .updateTable("jobs")
      .set({ state: "succeeded", result: JSON.stringify(result ?? null), updated_at: nowIso() })
      .where("id", "=", id)
      .execute();
  } catch (e) {
    await db
      .updateTable("jobs")
      .set({ state: "failed", error: (e as Error).message, updated_at: nowIso() })
      .where("id", "=", id)
      .execute();
  }
}

/** SQLite: jobs run in the server process, one at a time, in the order queued. Jobs left queued or
 * running by a killed process are taken up again at the next start. */
export class InProcessQueue implements JobQueue {
  private handlers: Record<string, JobHandler> | null = null;
  private chain: Promise<void> = Promise.resolve();
  constructor(private readonly db: Kysely<DB>) {}

  async enqueue(kind: string, payload: Record<string, unknown>, by: string, studyId: string | null) {
    const id = await insertJob(this.db, kind, payload, by, studyId);
    this.schedule(id);
    return id;
  }

  private schedule(id: string) {
    this.chain = this.chain.then(() => (this.handlers ? runJob(this.db, id, this.handlers) : undefined));
  }

  async work(handlers: Record<string, JobHandler>) {
    this.handlers = handlers;
    await this.db.updateTable("jobs").set({ state: "queued" }).where("state", "=", "running").execute();
    const left = await this.db
      .selectFrom("jobs")
      .select("id")
      .where("state", "=", "queued")
      .orderBy("id")
      .execute();
    for (const j of left) this.schedule(j.id);
  }

  /** Resolves when every job queued so far has finished (tests, shutdown). */
  idle(): Promise<void> {
    return this.chain;
  }

  async stop() {
    await this.chain;
  }
}
