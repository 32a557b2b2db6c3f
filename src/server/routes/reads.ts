// Reads, their time points and lesions, signatures, re-reads, assessments and the subject timeline.
import { z } from "zod";
import { Raw, route } from "../http/route.ts";
import { Id } from "../schemas/common.ts";
import {
  LesionOut,
  LesionPut,
  ReadOut,
  ReadStart,
  ReadTimepointPut,
  ReRead,
  Sign,
} from "../schemas/entities.ts";
import { assessRead } from "../services/assessment.ts";
import { exportReadSr } from "../services/read-sr.ts";
import {
  getRead,
  listReads,
  putLesion,
  putTimepoint,
  requireRead,
  reRead,
  signTimepoint,
  startRead,
} from "../services/reads.ts";
import { timeline } from "../services/timeline.ts";
import { SubjectParams } from "./subjects.ts";

const ALL = ["admin", "study_manager", "reader", "adjudicator", "monitor"] as const;
const ENTER = ["admin", "study_manager", "reader"] as const;
const ReadParams = z.strictObject({ readId: Id });
const TpParams = z.strictObject({ readId: Id, timepointId: Id });
const LesionParams = z.strictObject({ readId: Id, timepointId: Id, lesionId: z.string().min(1).max(40) });
const AssessmentOut = z.object({
  readId: z.string(),
  criteria: z.array(z.string()),
  comparison: z
    .record(z.string(), z.unknown())
    .nullable()
    .describe(
      "the engine's compareCriteria result: per criteria set the PatientResult, rows with disagreements explained",
    ),
  errors: z.array(z.object({ path: z.string(), message: z.string() })),
});

export const readRoutes = [
  route({
    method: "GET",
    url: "/api/v1/subjects/:subjectId/reads",
    operationId: "listReads",
    summary: "The subject's reads you may see (a reader: only their own)",
    tag: "reads",
    access: ALL,
    params: SubjectParams,
    response: z.object({ items: z.array(ReadOut) }),
    handler: (ctx, { params }) => listReads(ctx, params.subjectId),
  }),
  route({
    method: "POST",
    url: "/api/v1/subjects/:subjectId/reads",
    operationId: "startRead",
    summary: "Start your read of a subject (readers), or the site read (study manager)",
    tag: "reads",
    access: ENTER,
    status: 201,
    params: SubjectParams,
    body: ReadStart,
    response: ReadOut,
    handler: (ctx, { params, body }) => startRead(ctx, params.subjectId, body.kind),
  }),
  route({
    method: "GET",
    url: "/api/v1/subjects/:subjectId/timeline",
    operationId: "timeline",
    summary: "Time points of one read assessed under every criteria set of the protocol, side by side",
    tag: "reads",
    access: ["admin", "study_manager", "reader", "monitor"],
    params: SubjectParams,
    query: z.strictObject({ readId: Id.optional() }),
    response: z.object({
      subjectId: z.string(),
      pseudonym: z.string(),
      selection: z.string().describe("own, requested, adjudicated, majority, agreement or none"),
      read: ReadOut.omit({ timepoints: true }).nullable(),
      assessment: AssessmentOut.nullable(),
    }),
    handler: (ctx, { params, query }) => timeline(ctx, params.subjectId, query.readId),
  }),
  route({
    method: "GET",
    url: "/api/v1/reads/:readId",
    operationId: "getRead",
    summary:
      "A read with its time points and lesions (closed time points show no data under time-sequential presentation)",
    tag: "reads",
    access: ALL,
    params: ReadParams,
    response: ReadOut,
    handler: (ctx, { params }) => getRead(ctx, params.readId),
  }),
  route({
    method: "GET",
    url: "/api/v1/reads/:readId/assessment",
    operationId: "readAssessment",
    summary: "The engine's assessment of a read under the protocol's criteria sets (computed on demand)",
    tag: "reads",
    access: ALL,
    params: ReadParams,
    response: AssessmentOut,
    handler: async (ctx, { params }) => {
      const read = await requireRead(ctx, params.readId);
      return new Raw((await assessRead(ctx.database.db, ctx.cache, read)).bytes);
    },
  }),
  route({
    method: "GET",
    url: "/api/v1/reads/:readId/sr",
    operationId: "exportReadSr",
    summary:
      "DICOM SR measurement reports (TID 1500, Comprehensive 3D SR) of the read's signed time points under the primary criteria: multipart/related, one application/dicom part per time point in date order; ?timepointId= for one report as a file. Audited (read.export_sr)",
    tag: "reads",
    access: ALL,
    params: ReadParams,
    query: z.strictObject({ timepointId: Id.optional() }),
    response: z.unknown(),
    binary: ['multipart/related; type="application/dicom"', "application/dicom"],
    problems: {
      "409": "no signed (and performed) time point, or the requested one is not signed",
      "422": "the signed time points do not form a valid case (errors[] with JSON paths)",
    },
    handler: (ctx, { params, query }) => exportReadSr(ctx, params.readId, query.timepointId),
  }),
  route({
    method: "PUT",
    url: "/api/v1/reads/:readId/timepoints/:timepointId",
    operationId: "putReadTimepoint",
    summary: "Enter or replace a time point of your read (its fields and lesions)",
    tag: "reads",
    access: ENTER,
    params: TpParams,
    body: ReadTimepointPut,
    response: ReadOut,
    handler: (ctx, { params, body }) => putTimepoint(ctx, params.readId, params.timepointId, body),
  }),
  route({
    method: "PUT",
    url: "/api/v1/reads/:readId/timepoints/:timepointId/lesions/:lesionId",
    operationId: "putLesion",
    summary: "Save one lesion measurement (create without version, update with the version you read)",
    tag: "reads",
    access: ENTER,
    params: LesionParams,
    body: LesionPut,
    response: LesionOut,
    handler: (ctx, { params, body }) =>
      putLesion(ctx, params.readId, params.timepointId, params.lesionId, body),
  }),
  route({
    method: "POST",
    url: "/api/v1/reads/:readId/timepoints/:timepointId/sign",
    operationId: "signTimepoint",
    summary: "Lock and e-sign a time point (password re-entry, meaning, time); the last one locks the read",
    tag: "reads",
    access: ENTER,
    params: TpParams,
    body: Sign,
    response: ReadOut,
    handler: (ctx, { params, body }) => signTimepoint(ctx, params.readId, params.timepointId, body),
  }),
  route({
    method: "POST",
    url: "/api/v1/reads/:readId/reread",
    operationId: "reRead",
    summary: "Change a locked read: a new read copying it, superseding it, with the reason audited",
    tag: "reads",
    access: ENTER,
    status: 201,
    params: ReadParams,
    body: ReRead,
    response: ReadOut,
    handler: (ctx, { params, body }) => reRead(ctx, params.readId, body.reason),
  }),
];
