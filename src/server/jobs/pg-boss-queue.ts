// PostgreSQL: jobs go through pg-boss (claims with FOR UPDATE SKIP LOCKED), so `ranokit worker` processes
// on any number of machines share one queue. The job's state and progress stay in our jobs table, which
// every server process reads; pg-boss only carries the job id and does the claiming and retry.

import type { Kysely } from "kysely";
import PgBoss from "pg-boss";
import type { DB } from "../../db/schema.ts";
import { insertJob, type JobHandler, type JobQueue, runJob } from "./queue.ts";

const QUEUE = "ranokit-jobs";

export class PgBossQueue implements JobQueue {
  private readonly boss: PgBoss;
  private started: Promise<unknown> | null = null;

  constructor(
    private readonly db: Kysely<DB>,
    connectionString: string,
    schema: string,
  ) {
    this.boss = new PgBoss({ connectionString, schema: `${schema}_boss`, max: 4 });
    this.boss.on("error", (e) => process.stderr.write(`ranokit: job queue: ${e.message}\n`));
  }

  private start() {
    this.started ??= this.boss.start().then(() => this.boss.createQueue(QUEUE));
    return this.started;
  }

  async enqueue(kind: string, payload: Record<string, unknown>, by: string, studyId: string | null) {
    await this.start();
    const id = await insertJob(this.db, kind, payload, by, studyId);
    await this.boss.send(QUEUE, { id });
    return id;
  }

  async work(handlers: Record<string, JobHandler>) {
    await this.start();
    await this.boss.work<{ id: string }>(QUEUE, { pollingIntervalSeconds: 0.5 }, async ([job]) => {
      if (job) await runJob(this.db, job.data.id, handlers);
    });
  }

  async stop() {
    if (this.started) await this.boss.stop({ graceful: true, wait: true, timeout: 5000 });
  }
}
