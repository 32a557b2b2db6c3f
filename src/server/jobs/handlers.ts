// What the jobs do. A job runs as the user who started it (the audit names them), in whichever process
// takes it: the server itself on SQLite, any `ranokit worker` on PostgreSQL.
import { authUser } from "../auth/sessions.ts";
import type { Deps } from "../context.ts";
import { assessRead } from "../services/assessment.ts";
import { type ImportRequest, importCases } from "../services/imports.ts";
import type { JobHandler } from "./queue.ts";

async function actorOf(deps: Deps, username: string) {
  const u = await deps.database.db
    .selectFrom("users")
    .selectAll()
    .where("username", "=", String(username))
    .executeTakeFirstOrThrow();
  return { user: authUser(u), sessionId: null, csrf: null };
}

export function jobHandlers(deps: Deps): Record<string, JobHandler> {
  return {
    /** Study-wide recomputation: every current read assessed again by the engine (after an engine
     * upgrade, say); reports reads that no longer validate. */
    recompute: async (job) => {
      const studyId = String(job.payload.studyId);
      const reads = await deps.database.db
        .selectFrom("reads")
        .selectAll()
        .where("study_id", "=", studyId)
        .where("status", "!=", "superseded")
        .orderBy("id")
        .execute();
      const invalid: Array<{ readId: string; errors: unknown }> = [];
      const bestResponse: Record<string, number> = {};
      for (let i = 0; i < reads.length; i++) {
        const a = (await assessRead(deps.database.db, deps.cache, reads[i]!)).value;
        const primary = a.comparison?.results[a.criteria[0]!];
        if (primary)
          bestResponse[primary.bestOverallResponse.category] =
            (bestResponse[primary.bestOverallResponse.category] ?? 0) + 1;
        else if (a.errors.some((e) => e.message !== "no time point read yet"))
          invalid.push({ readId: a.readId, errors: a.errors });
        if (i % 100 === 99) await job.progress(i + 1, reads.length);
      }
      await job.progress(reads.length, reads.length);
      return { reads: reads.length, bestResponse, invalid };
    },
    import: async (job) => {
      const actor = await actorOf(deps, String(job.payload.by));
      return importCases(
        { ...deps, actor },
        String(job.payload.studyId),
        job.payload.request as ImportRequest,
        job.progress,
      );
    },
  };
}
