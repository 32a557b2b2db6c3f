// Subjects and time points.
import { z } from "zod";
import { route } from "../http/route.ts";
import { Id, PageQuery, page, StudyParams } from "../schemas/common.ts";
import {
  SubjectCreate,
  SubjectOut,
  SubjectPatch,
  TimepointCreate,
  TimepointOut,
} from "../schemas/entities.ts";
import { subjectSummaries } from "../services/subject-summaries.ts";
import {
  addTimepoint,
  createSubject,
  getSubject,
  listSubjects,
  listTimepoints,
  patchSubject,
} from "../services/subjects.ts";

const ALL = ["admin", "study_manager", "reader", "adjudicator", "monitor"] as const;
const MANAGE = ["admin", "study_manager"] as const;
export const SubjectParams = z.strictObject({ subjectId: Id });

const Best = z.enum(["CR", "PR", "MR", "SD", "PD", "NE"]);
const SubjectSummary = z.object({
  id: z.string(),
  pseudonym: z.string(),
  site: z.object({ id: z.string(), code: z.string(), name: z.string() }).nullable(),
  arm: z.string().nullable().optional().describe("admin and study manager only"),
  timepoints: z.object({
    count: z.number().int(),
    first: z.string().nullable().describe("first scan date"),
    last: z.string().nullable().describe("last scan date"),
  }),
  reads: z
    .object({
      locked: z.number().int(),
      inProgress: z.number().int(),
      site: z.number().int().describe("of which site reads"),
    })
    .describe(
      "current reads the caller may see: a reader only their own, an adjudicator the reader reads of their tasks",
    ),
  myRead: z
    .object({
      id: z.string(),
      status: z.enum(["in_progress", "locked", "superseded"]),
      lockedTimepoints: z.number().int(),
      timepoints: z.number().int(),
    })
    .nullable()
    .describe("a reader's own current read (null for other roles)"),
  selection: z
    .enum(["own", "adjudicated", "majority", "agreement", "none"])
    .describe("which read `best` is of, as on the timeline"),
  best: z
    .object({ criteria: z.string(), name: z.string(), category: Best, confirmed: z.boolean() })
    .nullable()
    .describe(
      "best overall response under the primary criteria of the read the timeline shows (a reader: their own; an adjudicator: never)",
    ),
});

export const subjectRoutes = [
  route({
    method: "GET",
    url: "/api/v1/studies/:studyId/subjects",
    operationId: "listSubjects",
    summary: "Subjects of a study, a page at a time (arm shown to admin and study manager only)",
    tag: "subjects",
    access: ALL,
    params: StudyParams,
    query: PageQuery,
    response: page(SubjectOut),
    handler: (ctx, { params, query }) => listSubjects(ctx, params.studyId, query.limit, query.after),
  }),
  route({
    method: "GET",
    url: "/api/v1/studies/:studyId/subjects/summary",
    operationId: "listSubjectSummaries",
    summary:
      "Subjects of a study with their site, scan dates, the state of the reads the caller may see and the best response of the read their timeline shows, a page at a time (blinded as the per-subject routes)",
    tag: "subjects",
    access: ALL,
    params: StudyParams,
    query: PageQuery,
    response: page(SubjectSummary),
    handler: (ctx, { params, query }) => subjectSummaries(ctx, params.studyId, query.limit, query.after),
  }),
  route({
    method: "POST",
    url: "/api/v1/studies/:studyId/subjects",
    operationId: "createSubject",
    summary: "Enrol a subject (pseudonym, clinical record, scan dates)",
    tag: "subjects",
    access: MANAGE,
    status: 201,
    params: StudyParams,
    body: SubjectCreate,
    response: SubjectOut,
    handler: (ctx, { params, body }) => createSubject(ctx, params.studyId, body),
  }),
  route({
    method: "GET",
    url: "/api/v1/subjects/:subjectId",
    operationId: "getSubject",
    summary: "One subject",
    tag: "subjects",
    access: ALL,
    params: SubjectParams,
    response: SubjectOut,
    handler: (ctx, { params }) => getSubject(ctx, params.subjectId),
  }),
  route({
    method: "PATCH",
    url: "/api/v1/subjects/:subjectId",
    operationId: "patchSubject",
    summary: "Change a subject's site, arm or clinical record (send the version you read)",
    tag: "subjects",
    access: MANAGE,
    params: SubjectParams,
    body: SubjectPatch,
    response: SubjectOut,
    handler: (ctx, { params, body }) => patchSubject(ctx, params.subjectId, body),
  }),
  route({
    method: "GET",
    url: "/api/v1/subjects/:subjectId/timepoints",
    operationId: "listTimepoints",
    summary: "The subject's time points (scan dates, image and mask references)",
    tag: "subjects",
    access: ALL,
    params: SubjectParams,
    response: z.object({ items: z.array(TimepointOut) }),
    handler: (ctx, { params }) => listTimepoints(ctx, params.subjectId),
  }),
  route({
    method: "POST",
    url: "/api/v1/subjects/:subjectId/timepoints",
    operationId: "addTimepoint",
    summary: "Add a scan date",
    tag: "subjects",
    access: MANAGE,
    status: 201,
    params: SubjectParams,
    body: TimepointCreate,
    response: TimepointOut,
    handler: (ctx, { params, body }) => addTimepoint(ctx, params.subjectId, body),
  }),
];
