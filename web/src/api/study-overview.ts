// Types of the per-subject answers the timeline pages use, and the Subjects page's study-wide summary:
// GET /studies/{id}/subjects/summary, one request per page of up to 500 subjects (blinded by the server
// as the per-subject routes: a reader's row is of their own read, an adjudicator's has no assessment).
import { useQuery } from "@tanstack/react-query";
import { type Answer, api, unwrap } from "./client";

export type Timepoint = Answer<"/api/v1/subjects/{subjectId}/timepoints", "get">["items"][number];
export type ReadDetail = Answer<"/api/v1/reads/{readId}", "get">;
export type Timeline = Answer<"/api/v1/subjects/{subjectId}/timeline", "get">;
export type SubjectSummary = Answer<"/api/v1/studies/{studyId}/subjects/summary", "get">["items"][number];

/** Every subject's summary, page by page (one request per page). */
export async function loadSubjectSummaries(studyId: string, limit = 500): Promise<SubjectSummary[]> {
  const items: SubjectSummary[] = [];
  let after: string | undefined;
  for (;;) {
    const page = unwrap(
      await api.GET("/api/v1/studies/{studyId}/subjects/summary", {
        params: { path: { studyId }, query: { limit, ...(after ? { after } : {}) } },
      }),
    );
    items.push(...page.items);
    if (!page.next) return items;
    after = page.next;
  }
}

export function useSubjectSummaries(studyId: string) {
  return useQuery({
    queryKey: ["subject-summaries", studyId],
    queryFn: () => loadSubjectSummaries(studyId),
  });
}
