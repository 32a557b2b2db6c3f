// Study-wide results: endpoints from the accepted reads, BICR metrics, SDTM/ADaM export.
import { z } from "zod";
import { badRequest } from "../http/problem.ts";
import { type Raw, route } from "../http/route.ts";
import { Id, StudyParams } from "../schemas/common.ts";
import { CriteriaId } from "../schemas/protocol.ts";
import { studyDashboardResponse } from "../services/dashboard.ts";
import { studyReportPdf, subjectReportPdf } from "../services/report-pdf.ts";
import { sdtmZip } from "../services/sdtm-zip.ts";
import { sdtmExport, studyEndpoints, studyMetrics } from "../services/study-results.ts";

const Rate = z.object({
  numerator: z.number().int(),
  denominator: z.number().int(),
  rate: z.number().nullable(),
});
const Rows = z.array(z.record(z.string(), z.union([z.string(), z.number(), z.null()])));

const SiteFilter = z
  .string()
  .min(1)
  .max(64)
  .optional()
  .describe("only the subjects of this site (its id or code)");
const ArmFilter = z
  .string()
  .min(1)
  .max(64)
  .optional()
  .describe("only the subjects of this treatment arm (admin and study manager only: 403 for other roles)");
const MetricsOut = z.object({
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
});

const Proportion = z.object({
  count: z.number().int(),
  total: z.number().int(),
  estimate: z.number().nullable(),
  lower: z.number().nullable(),
  upper: z.number().nullable(),
  method: z.enum(["clopper-pearson", "wilson"]),
  level: z.number(),
});
const Label = z.enum(["CR", "PR", "MR", "SD", "PD", "PD-P", "IND", "NE"]);
const Bor = z.enum(["CR", "PR", "MR", "SD", "PD", "NE"]);
const KmPoint = z.object({
  time: z.number().describe("days from T0"),
  survival: z.number(),
  lower: z.number(),
  upper: z.number(),
  atRisk: z.number().int(),
  events: z.number().int(),
  censored: z.number().int(),
});
const DashboardOut = z.object({
  studyId: z.string(),
  criteria: z.string().describe("the criteria set of every figure but bicr"),
  criteriaSets: z.array(z.string()),
  filters: z.object({ site: z.string().nullable(), arm: z.string().nullable() }),
  subjects: z.number().int(),
  subjectsWithAcceptedRead: z.number().int(),
  bestResponse: z.record(Bor, z.number().int()),
  orr: Proportion.nullable(),
  orrWithMr: Proportion.nullable(),
  dcr: Proportion.nullable(),
  pfs: z
    .object({
      n: z.number().int(),
      events: z.number().int(),
      censored: z.number().int(),
      medianDays: z.number().nullable(),
      medianLowerDays: z.number().nullable(),
      medianUpperDays: z.number().nullable(),
      confType: z.enum(["log", "log-log"]),
      level: z.number(),
      curve: z.array(KmPoint).describe("Kaplan–Meier steps from (0, 1) with the pointwise confidence band"),
      atRiskEveryDays: z.number().int(),
      atRisk: z.array(
        z.object({
          time: z.number(),
          atRisk: z.number().int(),
          survival: z.number(),
          lower: z.number(),
          upper: z.number(),
        }),
      ),
    })
    .nullable(),
  perSubject: z.array(
    z.object({
      subjectId: z.string(),
      pseudonym: z.string(),
      siteId: z.string().nullable(),
      siteCode: z.string().nullable(),
      arm: z.string().nullable().optional().describe("admin and study manager only"),
      readId: z.string().describe("the accepted read"),
      selection: z.enum(["adjudicated", "majority", "agreement"]),
      t0: z.string(),
      baselineDate: z.string().nullable(),
      bestOverallResponse: Bor,
      bestByCriteria: z
        .record(z.string(), Bor)
        .describe("the best overall response of the same accepted read under each protocol criteria set"),
      confirmed: z.boolean(),
      bestChangePct: z
        .number()
        .nullable()
        .describe("waterfall: the lowest % change from baseline over the follow-up scans before progression"),
      component: z
        .enum(["enhancing", "non_enhancing"])
        .nullable()
        .describe("the component the % changes are of"),
      pfsDays: z.number(),
      pfsEvent: z.boolean(),
      progressionDate: z.string().nullable(),
      timepoints: z
        .array(
          z.object({
            date: z.string(),
            kind: z.enum([
              "pre_baseline",
              "baseline",
              "follow_up",
              "clinical",
              "missed",
              "after_progression",
            ]),
            daysFromBaseline: z.number().nullable(),
            daysFromT0: z.number(),
            label: Label.nullable(),
            finalLabel: Label.nullable(),
            changeFromBaselinePct: z.number().nullable(),
            sum: z.number().nullable(),
            unit: z.enum(["mm²", "mm³", "mm"]).nullable(),
          }),
        )
        .describe("spider: one point per scan"),
      swimmer: z.object({
        timeOnStudyDays: z.number(),
        ongoing: z.boolean(),
        firstResponseDay: z.number().nullable(),
        responseDays: z.array(z.object({ day: z.number(), label: Label })),
        progressionDay: z.number().nullable(),
        progressionCause: z
          .enum(["imaging", "clinical", "steroid_rule", "pathology", "death", "csf"])
          .nullable(),
      }),
    }),
  ),
  criteriaDisagreement: z.object({
    pairs: z.array(
      z.object({
        a: z.string(),
        b: z.string(),
        n: z.number().int(),
        bestResponseDiffers: Proportion,
        progressionDateDiffers: Proportion,
        subjects: z.array(z.string()).describe("pseudonyms"),
      }),
    ),
    scans: z.object({ compared: z.number().int(), disagreeing: z.number().int() }),
    subjects: z.array(
      z.object({
        subjectId: z.string(),
        pseudonym: z.string(),
        dates: z.array(z.string()).describe("scans whose final labels differ between criteria sets"),
        endpoints: z.array(z.string()).describe("the engine's explained endpoint disagreements"),
      }),
    ),
  }),
  bicr: MetricsOut,
});

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
    query: z.strictObject({ criteria: CriteriaId.optional(), site: SiteFilter, arm: ArmFilter }),
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
      const r = await studyEndpoints(ctx, params.studyId, query.criteria, query);
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
    query: z.strictObject({ site: SiteFilter, arm: ArmFilter }),
    response: MetricsOut,
    handler: (ctx, { params, query }) => studyMetrics(ctx, params.studyId, query),
  }),
  route({
    method: "GET",
    url: "/api/v1/studies/:studyId/dashboard",
    operationId: "studyDashboard",
    summary:
      "Study dashboard from the accepted reads: waterfall, spider and swimmer data per subject, Kaplan–Meier PFS with band and numbers at risk, ORR/DCR with CIs, criteria-set disagreement, BICR metrics",
    tag: "results",
    access: ["admin", "study_manager", "monitor"],
    params: StudyParams,
    query: z.strictObject({
      criteria: CriteriaId.optional(),
      site: SiteFilter,
      arm: ArmFilter,
      atRiskEveryDays: z.coerce
        .number()
        .int()
        .min(1)
        .max(3650)
        .optional()
        .describe("spacing of the numbers-at-risk table, days (default 56)"),
    }),
    response: DashboardOut,
    handler: (ctx, { params, query, req }) =>
      studyDashboardResponse(
        ctx,
        params.studyId,
        query,
        /\bgzip\b/.test(req.headers["accept-encoding"] ?? ""),
      ),
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
  route({
    method: "GET",
    url: "/api/v1/studies/:studyId/report.pdf",
    operationId: "studyReportPdf",
    summary:
      "The study dashboard as a PDF (ORR/DCR with CIs, Kaplan–Meier PFS, waterfall, spider, swimmer, criteria-set and reader disagreement, BICR metrics); audited as an export; 503 when Chromium is not installed",
    tag: "results",
    access: ["admin", "study_manager", "monitor"],
    params: StudyParams,
    query: z.strictObject({ criteria: CriteriaId.optional(), site: SiteFilter, arm: ArmFilter }),
    response: z.string().describe("application/pdf"),
    binary: ["application/pdf"],
    handler: (ctx, { params, query }) => studyReportPdf(ctx, params.studyId, query),
  }),
  route({
    method: "GET",
    url: "/api/v1/subjects/:subjectId/report.pdf",
    operationId: "subjectReportPdf",
    summary:
      "A subject's report as a PDF: timeline table under every criteria set, categories with their rules and explanations, spider plot; the read is the timeline's (a reader: only their own); audited as an export; 503 when Chromium is not installed",
    tag: "results",
    access: ["admin", "study_manager", "reader", "monitor"],
    params: z.strictObject({ subjectId: Id }),
    query: z.strictObject({ readId: Id.optional() }),
    response: z.string().describe("application/pdf"),
    binary: ["application/pdf"],
    handler: (ctx, { params, query }) => subjectReportPdf(ctx, params.subjectId, query.readId),
  }),
];
