// The dashboard payload, fetched through the typed client (GET /studies/{id}/dashboard).
import { api, type paths, unwrap } from "../api/client";

type Criteria = NonNullable<
  NonNullable<paths["/api/v1/studies/{studyId}/dashboard"]["get"]["parameters"]["query"]>["criteria"]
>;

export async function fetchDashboard(studyId: string, criteria: string, site: string, arm: string) {
  const query: { criteria?: Criteria; site?: string; arm?: string } = {};
  if (criteria) query.criteria = criteria as Criteria;
  if (site) query.site = site;
  if (arm) query.arm = arm;
  return unwrap(
    await api.GET("/api/v1/studies/{studyId}/dashboard", { params: { path: { studyId }, query } }),
  );
}

export type DashboardData = Awaited<ReturnType<typeof fetchDashboard>>;
