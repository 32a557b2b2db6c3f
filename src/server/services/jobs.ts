// A job row as the API shows it (jobs routes, the worklist).
import { z } from "zod";
import type { JobsTable } from "../../db/schema.ts";

export const JobOut = z.object({
  id: z.string(),
  kind: z.string(),
  studyId: z.string().nullable(),
  state: z.enum(["queued", "running", "succeeded", "failed"]),
  progress: z.number().int(),
  total: z.number().int(),
  result: z.unknown().nullable(),
  error: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
type JobRow = JobsTable;
export const jobOut = (j: JobRow) => ({
  id: j.id,
  kind: j.kind,
  studyId: j.study_id,
  state: j.state,
  progress: j.progress,
  total: j.total,
  result: j.result === null ? null : JSON.parse(j.result),
  error: j.error,
  createdBy: j.created_by,
  createdAt: j.created_at,
  updatedAt: j.updated_at,
});
