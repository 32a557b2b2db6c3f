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
