// The PDF reports, read back with pdftotext: the subject's pseudonym, categories, explanation text and
// numbers; the study dashboard's rates. A reader gets only their own read; the arm filter is for admins
// and study managers; each PDF is an audited export; without Chromium the answer is a clear 503.
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closePdfBrowser } from "../../src/server/services/pdf.ts";
import { type Agent, addUser, call, type Harness, PROTOCOL, startHarness } from "./harness.ts";
import { buildStudy, PROGRESSION, RESPONSE, STABLE } from "./study-fixture.ts";

const dir = mkdtempSync(join(tmpdir(), "ranokit-pdf-"));
let n = 0;

async function pdf(h: Harness, agent: Agent, url: string) {
  const res = await h.app.inject({ method: "GET", url, headers: { cookie: agent.cookie } });
  if (res.statusCode !== 200)
    return { status: res.statusCode, text: res.body, type: res.headers["content-type"] };
  const file = join(dir, `r${n++}.pdf`);
  writeFileSync(file, res.rawPayload);
  const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
  return {
    status: 200,
    text,
    type: res.headers["content-type"],
    disposition: res.headers["content-disposition"],
  };
}

describe("PDF reports", () => {
  let h: Harness;
  const a = {} as Record<"manager" | "r1" | "r2" | "monitor", Agent>;
  let studyId: string;
  let subjectIds: Record<string, string>;

  beforeAll(async () => {
    h = await startHarness("sqlite");
    a.manager = await addUser(h, "manager", "study_manager");
    a.r1 = await addUser(h, "reader1", "reader");
    a.r2 = await addUser(h, "reader2", "reader");
    a.monitor = await addUser(h, "monitor", "monitor");
    ({ studyId, subjectIds } = await buildStudy(
      h,
      a.manager,
      [a.r1, a.r2, a.monitor],
      [a.r1, a.r2],
      [
        { pseudonym: "PDF-01", site: "001", arm: "A", courses: [RESPONSE, RESPONSE] },
        { pseudonym: "PDF-02", site: "001", arm: "B", courses: [PROGRESSION, PROGRESSION] },
        { pseudonym: "PDF-03", site: "002", arm: "B", courses: [STABLE, STABLE] },
      ],
      PROTOCOL,
    ));
  }, 120_000);
  afterAll(async () => {
    await h.close();
    await closePdfBrowser();
  });

  it("answers 503 naming the missing Chromium", async () => {
    const before = process.env.RANOKIT_CHROMIUM;
    process.env.RANOKIT_CHROMIUM = "/nonexistent/chromium";
    try {
      const r = await pdf(h, a.manager, `/api/v1/studies/${studyId}/report.pdf`);
      expect(r.status).toBe(503);
      expect(r.type).toContain("application/problem+json");
      expect(JSON.parse(r.text).detail).toContain("Chromium is not installed at /nonexistent/chromium");
    } finally {
      if (before === undefined) delete process.env.RANOKIT_CHROMIUM;
      else process.env.RANOKIT_CHROMIUM = before;
    }
  });

  it("prints a subject's timeline, categories with explanations and the spider plot", async () => {
    const r = await pdf(h, a.manager, `/api/v1/subjects/${subjectIds["PDF-01"]}/report.pdf`);
    expect(r.status, r.text).toBe(200);
    expect(r.type).toBe("application/pdf");
    expect(r.disposition).toContain("PDF-01-report.pdf");
    const t = r.text.replace(/\s+/g, " ");
    expect(t).toContain("Subject PDF-01 — response assessment");
    // RESPONSE: 30×30 → 15×15 = −75 %, sustained: PR under every set, with its rule and explanation.
    expect(t).toMatch(/rano2 PR \(confirmed\)/);
    expect(t).toContain("−75.0 %");
    expect(t).toContain("Categories and explanations — rano2");
    expect(t).toMatch(/≥ ?50% decrease/);
    expect(t).toMatch(/RANO2-/);
    expect(t).toContain("sum 900 mm²");
    expect(t).toContain("Change from baseline over time (rano2)");
    expect(t).toContain("−50 % PR");
    // No image stored for this subject: today's report, saying why there are no key slices.
    expect(t).toContain(
      "Key slices with the measurement lines are not included: this server stores no images",
    );
    expect(t).not.toContain("Scan of");
  }, 60_000);

  it("a reader gets only their own read", async () => {
    const own = await pdf(h, a.r2, `/api/v1/subjects/${subjectIds["PDF-02"]}/report.pdf`);
    expect(own.status, own.text).toBe(200);
    expect(own.text).toContain("by reader2");
    const reads = await call(h, a.manager, "GET", `/api/v1/subjects/${subjectIds["PDF-02"]}/reads`);
    const other = reads.body.items.find(
      (x: { readerId?: string; reader?: string }) =>
        [x.readerId, x.reader].includes(a.r1.userId) || x.reader === "reader1",
    );
    expect(other, JSON.stringify(reads.body)).toBeDefined();
    const refused = await pdf(
      h,
      a.r2,
      `/api/v1/subjects/${subjectIds["PDF-02"]}/report.pdf?readId=${other.id}`,
    );
    expect(refused.status).toBe(403);
  }, 60_000);

  it("prints the study dashboard with its numbers; the arm filter is refused to a monitor", async () => {
    const r = await pdf(h, a.manager, `/api/v1/studies/${studyId}/report.pdf`);
    expect(r.status, r.text).toBe(200);
    const t = r.text.replace(/\s+/g, " ");
    expect(t).toContain("dashboard (rano2)");
    expect(t).toContain("3 of 3 subjects with an accepted read");
    expect(t).toMatch(/ORR 33\.3 % \(1\/3; 95 % CI/);
    expect(t).toContain("Progression-free survival (rano2)");
    expect(t).toContain("Number at risk");
    expect(t).toContain("Best change from baseline (rano2)");
    expect(t).toContain("Time on study (rano2)");
    expect(t).toContain("Adjudication rate");
    const armed = await pdf(h, a.manager, `/api/v1/studies/${studyId}/report.pdf?arm=B`);
    expect(armed.text.replace(/\s+/g, " ")).toContain(
      "2 of 2 subjects with an accepted read; filtered to arm B",
    );
    const monitor = await pdf(h, a.monitor, `/api/v1/studies/${studyId}/report.pdf?arm=B`);
    expect(monitor.status).toBe(403);
    const reader = await pdf(h, a.r1, `/api/v1/studies/${studyId}/report.pdf`);
    expect(reader.status).toBe(403);
  }, 60_000);

  it("audits every PDF as an export", async () => {
    const feed = await call(h, a.manager, "GET", "/api/v1/audit?limit=1000");
    const exports = (feed.body.entries as Array<{ action: string; entity: string; actor: string }>).filter(
      (e) => e.action === "export.pdf",
    );
    expect(exports.map((e) => e.entity).sort()).toEqual(["study", "study", "subject", "subject"]);
    expect(exports.every((e) => ["manager", "reader2"].includes(e.actor))).toBe(true);
  });
});
