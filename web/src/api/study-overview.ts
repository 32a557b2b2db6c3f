// What the subjects list needs about every subject of a study, gathered from the existing routes
// (subjects, sites, time points, reads, timeline) with a small concurrency limit. Each role gets only what the server lets it see: a reader's timeline is their own
// read, other roles see the accepted read, an adjudicator sees no reads outside their tasks.
import { useQuery } from "@tanstack/react-query";
import type { Role } from "../app/session";
import { type Answer, ApiError, api, unwrap } from "./client";

export type Study = Answer<"/api/v1/studies/{studyId}", "get">;
export type Subject = Answer<"/api/v1/studies/{studyId}/subjects", "get">["items"][number];
export type Site = Answer<"/api/v1/studies/{studyId}/sites", "get">["items"][number];
export type Timepoint = Answer<"/api/v1/subjects/{subjectId}/timepoints", "get">["items"][number];
export type ReadSummary = Answer<"/api/v1/subjects/{subjectId}/reads", "get">["items"][number];
export type ReadDetail = Answer<"/api/v1/reads/{readId}", "get">;
export type Timeline = Answer<"/api/v1/subjects/{subjectId}/timeline", "get">;

export interface SubjectOverview {
  subject: Subject;
  site: Site | null;
  timepoints: Timepoint[];
  /** The reads the user may see (a reader: their own). */
  reads: ReadSummary[];
  /** A reader's own current read with its time points (open / locked), when they have one. */
  myRead: ReadDetail | null;
  /** The timeline the user sees by default (reader: own read; others: the accepted read). */
  timeline: Timeline | null;
}

export interface StudyOverview {
  study: Study;
  subjects: SubjectOverview[];
}

/** Runs f over items, at most `limit` at a time, keeping the order. */
export async function mapLimited<T, R>(items: T[], limit: number, f: (x: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await f(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

export async function allSubjects(studyId: string): Promise<Subject[]> {
  const items: Subject[] = [];
  let after: string | undefined;
  for (;;) {
    const page = unwrap(
      await api.GET("/api/v1/studies/{studyId}/subjects", {
        params: { path: { studyId }, query: { limit: 200, ...(after ? { after } : {}) } },
      }),
    );
    items.push(...page.items);
    if (!page.next) return items;
    after = page.next;
  }
}

const current = (r: ReadSummary) => r.status !== "superseded";

async function subjectOverview(s: Subject, sites: Map<string, Site>, role: Role): Promise<SubjectOverview> {
  const path = { subjectId: s.id };
  const [tps, reads] = await Promise.all([
    api.GET("/api/v1/subjects/{subjectId}/timepoints", { params: { path } }).then(unwrap),
    api.GET("/api/v1/subjects/{subjectId}/reads", { params: { path } }).then(unwrap),
  ]);
  const visible = reads.items.filter((r) => r.kind === "reader" || role !== "reader");
  let timeline: Timeline | null = null;
  if (role !== "adjudicator") {
    timeline = unwrap(await api.GET("/api/v1/subjects/{subjectId}/timeline", { params: { path } }));
  }
  let myRead: ReadDetail | null = null;
  if (role === "reader") {
    const mine = visible.find(current);
    if (mine)
      myRead = unwrap(await api.GET("/api/v1/reads/{readId}", { params: { path: { readId: mine.id } } }));
  }
  return {
    subject: s,
    site: s.siteId ? (sites.get(s.siteId) ?? null) : null,
    timepoints: tps.items,
    reads: visible,
    myRead,
    timeline,
  };
}

export async function loadStudyOverview(studyId: string, role: Role): Promise<StudyOverview> {
  const [study, sites, subjects] = await Promise.all([
    api.GET("/api/v1/studies/{studyId}", { params: { path: { studyId } } }).then(unwrap),
    api
      .GET("/api/v1/studies/{studyId}/sites", { params: { path: { studyId } } })
      .then(unwrap)
      .catch((e: unknown) => {
        if (e instanceof ApiError && e.status === 403) return { items: [] as Site[] };
        throw e;
      }),
    allSubjects(studyId),
  ]);
  const bySite = new Map(sites.items.map((x) => [x.id, x]));
  const rows = await mapLimited(subjects, 6, (s) => subjectOverview(s, bySite, role));
  return { study, subjects: rows };
}

export function useStudyOverview(studyId: string, role: Role) {
  return useQuery({
    queryKey: ["study-overview", studyId, role],
    queryFn: () => loadStudyOverview(studyId, role),
  });
}
