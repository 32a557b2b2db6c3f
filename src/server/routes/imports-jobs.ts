// Imports (synchronous, or as a job with progress) and jobs.
import { z } from "zod";
import { requireRole, requireStudy } from "../auth/access.ts";
import { notFound, unprocessable } from "../http/problem.ts";
import { route } from "../http/route.ts";
import { Id, StudyParams } from "../schemas/common.ts";
import { importCases } from "../services/imports.ts";
import { JobOut, jobOut } from "../services/jobs.ts";

const ImportBody = z.strictObject({
  format: z
    .enum(["json", "ndjson", "csv", "nifti_masks"])
    .describe("nifti_masks: label masks measured and tracked into one reader's proposed read"),
  as: z.enum(["subjects", "site_read", "reader_read"]).default("subjects"),
  reader: z.string().max(40).optional().describe("the reader's username, for as=reader_read"),
  content: z.string().optional().describe("JSON (one case or an array) or NDJSON text"),
  files: z.record(z.string(), z.string()).optional().describe("long CSV layout: file name → text"),
  masks: z
    .array(
      z.strictObject({
        name: z
          .string()
          .min(1)
          .max(500)
          .describe(
            "<pseudonym>_<YYYY-MM-DD>.nii[.gz], or <pseudonym>/<YYYY-MM-DD>.nii[.gz] (a folder per subject)",
          ),
        contentBase64: z.string().min(1).describe("the NIfTI file (.nii or .nii.gz), base64"),
      }),
    )
    .max(10000)
    .optional()
    .describe("format=nifti_masks: the label masks of a dropped folder"),
  manifest: z
    .array(
      z.strictObject({
        file: z.string().min(1).max(500),
        subject: z.string().min(1).max(64),
        date: z.string(),
      }),
    )
    .max(10000)
    .optional()
    .describe("format=nifti_masks: file → subject pseudonym and scan date, where the names do not say"),
  preset: z
    .string()
    .max(200)
    .optional()
    .describe("label preset of the masks (e.g. brats2023); default brats2021"),
  criteria: z
    .enum(["rano2", "bm"])
    .optional()
    .describe(
      "how the masks' lesions are chosen and measured; default RANO-BM for brain metastases, else RANO 2.0",
    ),
  async: z.boolean().default(false).describe("run as a job and answer 202 with its id"),
});
const ImportOut = z.object({
  records: z.number().int(),
  imported: z.number().int(),
  unchanged: z.number().int(),
  errors: z.array(z.object({ source: z.string().optional(), path: z.string(), message: z.string() })),
});
export const importJobRoutes = [
  route({
    method: "POST",
    url: "/api/v1/studies/:studyId/imports",
    operationId: "importCases",
    summary:
      "Import case documents (JSON, NDJSON, long CSV) as subjects, with the site read or a reader's proposed read, or NIfTI mask series measured and tracked into a reader's proposed read; one transaction per subject; bad records come back as problem+json errors with their source",
    tag: "imports",
    access: ["admin", "study_manager"],
    params: StudyParams,
    body: ImportBody,
    response: z.union([ImportOut, z.object({ jobId: z.string() })]),
    handler: async (ctx, { params, body, reply }) => {
      if (body.async) {
        requireRole(ctx, "admin", "study_manager");
        await requireStudy(ctx, params.studyId);
        const jobId = await ctx.jobs.enqueue(
          "import",
          { studyId: params.studyId, by: ctx.actor.user.username, request: body },
          ctx.actor.user.username,
          params.studyId,
        );
        reply.header("location", `/api/v1/jobs/${jobId}`);
        reply.code(202);
        return { jobId };
      }
      const r = await importCases(ctx, params.studyId, body);
      if (r.errors.length > 0) {
        throw unprocessable(
          `${r.errors.length} problem(s) in the import; ${r.imported} subject(s) imported, ${r.unchanged} unchanged`,
          r.errors,
          {
            records: r.records,
            imported: r.imported,
            unchanged: r.unchanged,
          },
        );
      }
      return r;
    },
  }),
  route({
    method: "POST",
    url: "/api/v1/studies/:studyId/jobs",
    operationId: "startJob",
    summary: "Start study-wide work (recompute: every read assessed again by the engine)",
    tag: "jobs",
    access: ["admin", "study_manager"],
    status: 202,
    params: StudyParams,
    body: z.strictObject({ kind: z.enum(["recompute"]) }),
    response: z.object({ jobId: z.string() }),
    handler: async (ctx, { params, body, reply }) => {
      await requireStudy(ctx, params.studyId);
      const jobId = await ctx.jobs.enqueue(
        body.kind,
        { studyId: params.studyId },
        ctx.actor.user.username,
        params.studyId,
      );
      reply.header("location", `/api/v1/jobs/${jobId}`);
      return { jobId };
    },
  }),
  route({
    method: "GET",
    url: "/api/v1/studies/:studyId/jobs",
    operationId: "listJobs",
    summary: "The study's jobs, newest first",
    tag: "jobs",
    access: ["admin", "study_manager", "monitor"],
    params: StudyParams,
    response: z.object({ items: z.array(JobOut) }),
    handler: async (ctx, { params }) => {
      await requireStudy(ctx, params.studyId);
      const rows = await ctx.database.db
        .selectFrom("jobs")
        .selectAll()
        .where("study_id", "=", params.studyId)
        .orderBy("id", "desc")
        .limit(100)
        .execute();
      return { items: rows.map((j) => jobOut(j)) };
    },
  }),
  route({
    method: "GET",
    url: "/api/v1/jobs/:jobId",
    operationId: "getJob",
    summary: "A job's state, progress and result",
    tag: "jobs",
    access: ["admin", "study_manager", "monitor"],
    params: z.strictObject({ jobId: Id }),
    response: JobOut,
    handler: async (ctx, { params }) => {
      const j = await ctx.database.db
        .selectFrom("jobs")
        .selectAll()
        .where("id", "=", params.jobId)
        .executeTakeFirst();
      if (!j) throw notFound(`job ${params.jobId}`);
      if (j.study_id) await requireStudy(ctx, j.study_id);
      return jobOut(j);
    },
  }),
];
