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

/** The dashboard's query (key and fetch), shared by the page and the prefetch that App starts as soon
 * as the user is known, so both use one cache entry. */
export function dashboardQuery(studyId: string, criteria: string, site: string, arm: string) {
  return {
    queryKey: ["dashboard", studyId, criteria, site, arm],
    queryFn: () => fetchDashboard(studyId, criteria, site, arm),
  };
}

/** The filters of a dashboard address (the arm only for the roles that see arms). */
export function dashboardFilters(search: URLSearchParams, seesArm: boolean) {
  return {
    criteria: search.get("criteria") ?? "",
    site: search.get("site") ?? "",
    arm: seesArm ? (search.get("arm") ?? "") : "",
  };
}
