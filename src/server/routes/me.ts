// The signed-in user's worklist: what each role has to do next, across their studies.
import { z } from "zod";
import { route } from "../http/route.ts";
import { Id } from "../schemas/common.ts";
import { AdjudicationOut } from "../schemas/entities.ts";
import { JobOut } from "../services/jobs.ts";
import { worklist } from "../services/worklist.ts";

const Label = z.enum(["CR", "PR", "MR", "SD", "PD", "PD-P", "IND", "NE"]);

export const meRoutes = [
  route({
    method: "GET",
    url: "/api/v1/me/worklist",
    operationId: "myWorklist",
    summary:
      "Your worklist: a reader's reads due (next time point, time-sequential order) and confirmation scans due on their reads; for study managers, admins and monitors the confirmation scans due on every current read, open adjudications and jobs; for adjudicators their open tasks",
    tag: "worklist",
    access: ["admin", "study_manager", "reader", "adjudicator", "monitor"],
    query: z.strictObject({
      studyId: Id.optional().describe("one study only (default: every study you can see)"),
      asOf: z.string().optional().describe("the date the list is for, YYYY-MM-DD (default: today, UTC)"),
    }),
    response: z.object({
      asOf: z.string(),
      sections: z
        .array(z.enum(["reads", "confirmations", "adjudications", "jobs"]))
        .describe("what your role gets"),
      reads: z.array(
        z.object({
          studyId: z.string(),
          studyCode: z.string(),
          subjectId: z.string(),
          pseudonym: z.string(),
          readId: z.string().nullable().describe("null: not started yet (POST /subjects/{id}/reads)"),
          status: z.enum(["not_started", "in_progress"]),
          presentation: z.enum(["time_sequential", "all_at_once"]),
          next: z.object({ timepointId: z.string(), date: z.string() }).nullable(),
          timepointsLeft: z.number().int(),
          timepoints: z.number().int(),
        }),
      ),
      confirmations: z.array(
        z.object({
          studyId: z.string(),
          studyCode: z.string(),
          subjectId: z.string(),
          pseudonym: z.string(),
          readId: z.string(),
          readStatus: z.enum(["in_progress", "locked", "superseded"]),
          reader: z.string().nullable().optional().describe("not shown to readers"),
          criteria: z.string(),
          primary: z.boolean(),
          date: z.string().describe("the open PD-P / IND time point (of a PD-P run: its first)"),
          label: Label,
          dueFrom: z
            .string()
            .nullable()
            .describe("earliest date a scan can confirm it; null for IND (a taper)"),
          due: z.enum(["due", "not_yet_due", "no_date"]),
          daysUntilDue: z.number().int().nullable(),
          rules: z.array(z.string()),
          nextAction: z.string().nullable(),
        }),
      ),
      adjudications: z.array(AdjudicationOut.extend({ studyCode: z.string(), pseudonym: z.string() })),
      jobs: z.array(JobOut),
    }),
    handler: (ctx, { query }) => worklist(ctx, query),
  }),
];
