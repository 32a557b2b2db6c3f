// Every route × every role, against the same fixture: a study everyone is a member of, a subject with a
// scan, reader A's read in progress. The expected table is written out by hand (not derived from the
// routes), so a route whose roles change, or a new route nobody classified, fails here. "allow" means
// the server did not refuse (no 401/403): validation errors (400) and missing ids (404) count as allowed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "../../src/db/schema.ts";
import { allRoutes } from "../../src/server/routes/index.ts";
import {
  type Agent,
  addUser,
  CLINICAL,
  call,
  DIALECTS,
  type Harness,
  PROTOCOL,
  signIn,
  startHarness,
} from "./harness.ts";

const ROLES: Role[] = ["admin", "study_manager", "reader", "adjudicator", "monitor"];
const ALL = "AMRJO";
// A admin, M study manager, R reader, J adjudicator, O monitor.
const EXPECTED: Record<string, string> = {
  login: ALL,
  me: ALL,
  createToken: ALL,
  revokeToken: ALL,
  listUsers: "A",
  createUser: "A",
  patchUser: "A",
  revokeSessions: "A",
  listStudies: ALL,
  createStudy: "AM",
  getStudy: ALL,
  patchStudy: "AM",
  listProtocols: ALL,
  addProtocol: "AM",
  listMembers: "AMO",
  addMember: "AM",
  listSites: ALL,
  createSite: "AM",
  listSubjects: ALL,
  listSubjectSummaries: ALL,
  createSubject: "AM",
  getSubject: ALL,
  patchSubject: "AM",
  listTimepoints: ALL,
  addTimepoint: "AM",
  // Scans: like the timeline; the adjudicator only through a task (none in this fixture).
  getTimepointImage: "AMRO",
  getTimepointMask: "AMRO",
  putTimepointImage: "AM",
  putTimepointMask: "AM",
  listReads: ALL,
  startRead: "AMR",
  // Blinding: the adjudicator may not open a read that is in no adjudication task.
  timeline: "AMRO",
  getRead: "AMRO",
  readAssessment: "AMRO",
  exportReadSr: "AMRO",
  putReadTimepoint: "AMR",
  putLesion: "AMR",
  signTimepoint: "AMR",
  reRead: "AMR",
  listAdjudications: "AMJO",
  getAdjudication: "AMJO",
  decideAdjudication: "J",
  studyEndpoints: "AMO",
  studyMetrics: "AMO",
  studyDashboard: "AMO",
  studyReportPdf: "AMO",
  // A reader prints only their own read (the timeline's rule).
  subjectReportPdf: "AMRO",
  exportSdtm: "AMO",
  auditFeed: "AMO",
  auditVerify: "AO",
  auditExport: "AO",
  importCases: "AM",
  listJobs: "AMO",
  startJob: "AM",
  getJob: "AMO",
  myWorklist: ALL,
  logout: ALL,
};
const LETTER: Record<Role, string> = {
  admin: "A",
  study_manager: "M",
  reader: "R",
  adjudicator: "J",
  monitor: "O",
};

describe.each(DIALECTS)("route × role matrix on %s", (dialect) => {
  let h: Harness;
  const agents = {} as Record<Role, Agent>;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    h = await startHarness(dialect);
    for (const role of ROLES) agents[role] = await addUser(h, role.replace("_", "-"), role);
    const m = agents.study_manager;
    ids.studyId = (
      await call(h, m, "POST", "/api/v1/studies", { code: "M1", title: "Matrix", protocol: PROTOCOL })
    ).body.id;
    for (const role of ROLES)
      await call(h, m, "POST", `/api/v1/studies/${ids.studyId}/members`, { userId: agents[role].userId });
    const subject = await call(h, m, "POST", `/api/v1/studies/${ids.studyId}/subjects`, {
      pseudonym: "M-1",
      clinical: CLINICAL,
      timepoints: ["2025-01-03"],
    });
    ids.subjectId = subject.body.id;
    ids.timepointId = (
      await call(h, m, "GET", `/api/v1/subjects/${ids.subjectId}/timepoints`)
    ).body.items[0].id;
    ids.readId = (
      await call(h, agents.reader, "POST", `/api/v1/subjects/${ids.subjectId}/reads`, {})
    ).body.id;
    // revokeSessions really revokes: point user routes at a bystander, not at an agent of the matrix.
    ids.userId = (await addUser(h, "bystander", "reader")).userId;
    ids.tokenId = "nosuchtoken";
    ids.adjudicationId = "nosuchtask";
    ids.jobId = "nosuchjob";
    ids.lesionId = "L1";
  });
  afterAll(() => h.close());

  const urlOf = (url: string) => url.replace(/:(\w+)/g, (_, k: string) => ids[k] ?? `missing-${k}`);
  // Bodies that no role could act on, so the matrix changes nothing: allowed roles get 400.
  const body = (operationId: string) => (operationId === "startRead" ? { kind: "bogus" } : { bogus: true });
  const ordered = [...allRoutes].sort(
    (a, b) => Number(a.operationId === "logout") - Number(b.operationId === "logout"),
  );

  it("classifies every route", () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(allRoutes.map((r) => r.operationId).sort());
  });

  for (const role of ROLES) {
    it(`${role}: allowed and refused exactly as the table says`, async () => {
      const outcome: Record<string, string> = {};
      for (const r of ordered) {
        const res = await call(
          h,
          agents[role],
          r.method,
          urlOf(r.url),
          r.method === "GET" ? undefined : body(r.operationId),
        );
        expect(res.status, `${r.operationId}: ${res.text}`).not.toBe(500);
        outcome[r.operationId] = res.status === 401 || res.status === 403 ? "deny" : "allow";
      }
      const expected = Object.fromEntries(
        Object.entries(EXPECTED).map(([op, roles]) => [op, roles.includes(LETTER[role]) ? "allow" : "deny"]),
      );
      expect(outcome).toEqual(expected);
    });
  }

  it("a role blind to the treatment arm that filters by it gets 403 problem+json naming `arm`", async () => {
    const armRoutes = allRoutes.filter(
      (r) => r.query && Object.hasOwn((r.query as { shape?: object }).shape ?? {}, "arm"),
    );
    expect(armRoutes.map((r) => r.operationId).sort()).toEqual([
      "studyDashboard",
      "studyEndpoints",
      "studyMetrics",
      "studyReportPdf",
    ]);
    // The matrix signed every agent out (logout runs last): sign in again.
    const fresh = {} as Record<Role, Agent>;
    for (const role of ROLES)
      fresh[role] = await signIn(h, role.replace("_", "-"), role, agents[role].userId);
    for (const r of armRoutes) {
      for (const role of ["reader", "adjudicator", "monitor"] as const) {
        // `?arm=` (empty) counts: the parameter is named, whatever its value.
        for (const arm of ["A", ""]) {
          const res = await call(h, fresh[role], "GET", `${urlOf(r.url)}?arm=${arm}`);
          expect(res.status, `${r.operationId} ${role}`).toBe(403);
          expect(res.headers["content-type"]).toMatch(/application\/problem\+json/);
          expect(res.body.detail).toBe(
            `the treatment arm filter \`arm\` is for admin and study manager only; ${role}s are blind to treatment`,
          );
          expect(res.body.errors).toEqual([
            { path: "$query.arm", message: `filtering by arm is not allowed for the ${role} role` },
          ]);
        }
      }
      for (const role of ["admin", "study_manager"] as const) {
        const res = await call(h, fresh[role], "GET", `${urlOf(r.url)}?arm=A`);
        expect(res.status, `${r.operationId} ${role}: ${res.text}`).not.toBe(403);
      }
    }
    // Without `arm`, a role the route refuses still gets the plain role answer.
    const plain = await call(h, fresh.reader, "GET", `/api/v1/studies/${ids.studyId}/endpoints`);
    expect(plain.status).toBe(403);
    expect(plain.body.detail).toMatch(/^this needs the role/);
    expect(plain.body.errors).toBeUndefined();
    // A route without an arm filter answers a stray `arm` by role too, never with the arm message.
    const users = await call(h, fresh.reader, "GET", "/api/v1/users?arm=A");
    expect(users.status).toBe(403);
    expect(users.body.detail).toMatch(/^this needs the role admin/);
  });

  it("without a session every route but login answers 401 problem+json", async () => {
    for (const r of allRoutes.filter((x) => x.access !== "public")) {
      const res = await call(h, null, r.method, urlOf(r.url), r.method === "GET" ? undefined : {});
      expect(res.status, r.operationId).toBe(401);
      expect(res.headers["content-type"]).toMatch(/application\/problem\+json/);
    }
  });

  it("a cookie session without the CSRF token cannot change anything", async () => {
    const admin = await signIn(h, "admin", "admin", agents.admin.userId);
    const res = await h.app.inject({
      method: "POST",
      url: "/api/v1/studies",
      headers: { cookie: admin.cookie },
      payload: { code: "X", title: "x", protocol: PROTOCOL },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().detail).toMatch(/CSRF/);
  });
});
