// Adjudication tasks.
import { z } from "zod";
import type { PatientResult } from "../../engine/index.ts";
import { route } from "../http/route.ts";
import { Id, PageQuery, page, StudyParams } from "../schemas/common.ts";
import { AdjudicationOut, Decision } from "../schemas/entities.ts";
import { decide, getAdjudication, listAdjudications } from "../services/adjudication.ts";

const SEE = ["admin", "study_manager", "adjudicator", "monitor"] as const;
const AdjParams = z.strictObject({ adjudicationId: Id });
const AdjudicationDetail = AdjudicationOut.extend({
  reads: z.array(
    z.object({
      readId: z.string(),
      reader: z.string().nullable(),
      timepoints: z.array(z.record(z.string(), z.unknown())),
      assessment: z
        .custom<PatientResult>(() => true)
        .nullable()
        .describe("the read's PatientResult under the primary criteria"),
    }),
  ),
});

export const adjudicationRoutes = [
  route({
    method: "GET",
    url: "/api/v1/studies/:studyId/adjudications",
    operationId: "listAdjudications",
    summary: "Adjudication tasks of a study",
    tag: "adjudication",
    access: SEE,
    params: StudyParams,
    query: PageQuery.extend({ status: z.enum(["open", "decided", "void"]).optional() }),
    response: page(AdjudicationOut),
    handler: (ctx, { params, query }) =>
      listAdjudications(ctx, params.studyId, query.status, query.limit, query.after),
  }),
  route({
    method: "GET",
    url: "/api/v1/adjudications/:adjudicationId",
    operationId: "getAdjudication",
    summary: "A task with the locked reads, their assessments under the primary criteria and the triggers",
    tag: "adjudication",
    access: SEE,
    params: AdjParams,
    response: AdjudicationDetail,
    handler: (ctx, { params }) => getAdjudication(ctx, params.adjudicationId),
  }),
  route({
    method: "POST",
    url: "/api/v1/adjudications/:adjudicationId/decision",
    operationId: "decideAdjudication",
    summary: "Select one read with a reason and sign (password re-entry)",
    tag: "adjudication",
    access: ["adjudicator"],
    params: AdjParams,
    body: Decision,
    response: AdjudicationDetail,
    handler: (ctx, { params, body }) => decide(ctx, params.adjudicationId, body),
  }),
];
