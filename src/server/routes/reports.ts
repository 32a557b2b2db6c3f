// Study-wide results: endpoints from the accepted reads, BICR metrics, SDTM/ADaM export.
import { z } from "zod";
import { badRequest } from "../http/problem.ts";
import { type Raw, route } from "../http/route.ts";
import { StudyParams } from "../schemas/common.ts";
import { CriteriaId } from "../schemas/protocol.ts";
import { sdtmZip } from "../services/sdtm-zip.ts";
import { sdtmExport, studyEndpoints, studyMetrics } from "../services/study-results.ts";

const Rate = z.object({
  numerator: z.number().int(),
  denominator: z.number().int(),
  rate: z.number().nullable(),
});
const Rows = z.array(z.record(z.string(), z.union([z.string(), z.number(), z.null()])));

export const reportRoutes = [
  route({
    method: "GET",
    url: "/api/v1/studies/:studyId/endpoints",
    operationId: "studyEndpoints",
    summary:
      "ORR, DCR, PFS and DOR from every subject's accepted read, under one of the protocol's criteria sets",
    tag: "results",
    access: ["admin", "study_manager", "monitor"],
    params: StudyParams,
    query: z.strictObject({ criteria: CriteriaId.optional() }),
    response: z.object({
      criteria: z.string(),
      subjects: z.number().int(),
      subjectsWithAcceptedRead: z.number().int(),
      summary: z
        .record(z.string(), z.unknown())
        .nullable()
        .describe("the cohort summary of src/endpoints/cohort.ts"),
    }),
    handler: async (ctx, { params, query }) => {
      const r = await studyEndpoints(ctx, params.studyId, query.criteria);
      return { ...r, summary: r.summary as unknown as Record<string, unknown> | null };
    },
  }),
  route({
    method: "GET",
    url: "/api/v1/studies/:studyId/metrics",
    operationId: "studyMetrics",
    summary:
      "BICR metrics: adjudication rate (overall, per reader pair, per month), acceptance rate and disagreement index per reader, kappa, progression-date agreement, site early/late discrepancy",
    tag: "results",
    access: ["admin", "study_manager", "monitor"],
    params: StudyParams,
    response: z.object({
      criteria: z.string(),
      definition: z.string(),
      subjects: z.number().int(),
      adjudicationRate: Rate,
      perReaderPair: z.array(
        z.object({
          readers: z.tuple([z.string(), z.string()]),
          adjudicationRate: Rate,
          bestResponseKappa: z.number().nullable(),
          kappaNote: z.string().nullable(),
          progressionDateAgreement: Rate.extend({ withinDays: z.number().int() }),
        }),
      ),
      overTime: z.array(Rate.extend({ month: z.string() })),
      perReader: z.array(
        z.object({
          reader: z.string(),
          cases: z.number().int(),
          acceptanceRate: Rate,
          disagreementIndex: z.number().nullable(),
        }),
      ),
      siteVsBicr: z.object({ earlyDiscrepancyRate: Rate, lateDiscrepancyRate: Rate }),
    }),
    handler: (ctx, { params }) => studyMetrics(ctx, params.studyId),
  }),
  route({
    method: "GET",
    url: "/api/v1/studies/:studyId/exports/sdtm",
    operationId: "exportSdtm",
    summary:
      "SDTM TU/TR/RS of every locked read (RSEVAL, RSEVALID, RSACPTFL) and ADaM ADRS/ADTTE of the accepted reads; ?dataset=RS for one CSV, ?format=zip for every dataset as CSV in one zip",
    tag: "results",
    access: ["admin", "study_manager", "monitor"],
    params: StudyParams,
    query: z.strictObject({
      dataset: z.enum(["TU", "TR", "RS", "ADRS", "ADTTE"]).optional(),
      format: z.enum(["json", "zip"]).default("json").describe("zip: every dataset as <study>-<dataset>.csv"),
    }),
    response: z.object({ TU: Rows, TR: Rows, RS: Rows, ADRS: Rows, ADTTE: Rows }),
    produces: ["text/csv", "application/zip"],
    handler: async (ctx, { params, query }) => {
      if (query.format === "zip") {
        if (query.dataset)
          throw badRequest("give either dataset or format=zip", [
            { path: "$query.format", message: "format=zip exports every dataset; leave out dataset" },
          ]);
        const all = await sdtmExport(ctx, params.studyId, undefined);
        return sdtmZip(ctx, params.studyId, all as Exclude<typeof all, Raw>);
      }
      return sdtmExport(ctx, params.studyId, query.dataset);
    },
  }),
];
