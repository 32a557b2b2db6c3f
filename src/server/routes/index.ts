// Every route of the API, in the order the OpenAPI document lists them.
import type { AnyRoute } from "../http/route.ts";
import { adjudicationRoutes } from "./adjudications.ts";
import { auditRoutes } from "./audit.ts";
import { authRoutes } from "./auth.ts";
import { imageRoutes } from "./images.ts";
import { importJobRoutes } from "./imports-jobs.ts";
import { meRoutes } from "./me.ts";
import { readRoutes } from "./reads.ts";
import { reportRoutes } from "./reports.ts";
import { studyRoutes } from "./studies.ts";
import { subjectRoutes } from "./subjects.ts";
import { userRoutes } from "./users.ts";

export const allRoutes: AnyRoute[] = [
  ...authRoutes,
  ...userRoutes,
  ...studyRoutes,
  ...subjectRoutes,
  ...imageRoutes,
  ...readRoutes,
  ...adjudicationRoutes,
  ...reportRoutes,
  ...auditRoutes,
  ...importJobRoutes,
  ...meRoutes,
];
