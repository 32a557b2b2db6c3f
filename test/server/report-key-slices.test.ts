// The subject PDF's key slices on the demo study (synthetic images + masks): read back with pdftotext,
// each measured lesion's caption carries the read's slice and diameters, and the products add up to the
// measured sum the assessment reports for that scan. A scan without an image is said in words; a read
// measured by hand (no recorded slice) lists its diameters instead of a slice.
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_STUDY_CODE, seedDemo } from "../../src/server/demo/seed.ts";
import { closePdfBrowser } from "../../src/server/services/pdf.ts";
import { type Agent, call, type Harness, signInDemoUsers, startHarness } from "./harness.ts";

const dir = mkdtempSync(join(tmpdir(), "ranokit-keyslices-"));
let n = 0;

interface ReadLesion {
  id: string;
  lesion: {
    role?: string;
    status?: string;
    component: string;
    diametersMm?: [number, number];
    measurement?: { slice: number };
  };
}
interface ReadTp {
  timepointId: string;
  date: string;
  lesions: ReadLesion[];
}

describe("subject PDF key slices", () => {
  let h: Harness;
  const agents: Record<string, Agent> = {};
  let subjects: Array<{ id: string; pseudonym: string }>;

  async function pdfText(agent: Agent, subjectId: string) {
    const res = await h.app.inject({
      method: "GET",
      url: `/api/v1/subjects/${subjectId}/report.pdf`,
      headers: { cookie: agent.cookie },
    });
    expect(res.statusCode, res.body).toBe(200);
    const file = join(dir, `k${n++}.pdf`);
    writeFileSync(file, res.rawPayload);
    // Reading order (no -layout): each caption stays one block even with figures side by side.
    return execFileSync("pdftotext", [file, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
  }

  beforeAll(async () => {
    h = await startHarness("sqlite");
    await seedDemo(h.deps);
    Object.assign(agents, await signInDemoUsers(h));
    const studies = await call(h, agents.manager!, "GET", "/api/v1/studies");
    const studyId = studies.body.items.find((s: { code: string }) => s.code === DEMO_STUDY_CODE).id;
    subjects = (await call(h, agents.manager!, "GET", `/api/v1/studies/${studyId}/subjects`)).body.items;
  }, 180_000);
  afterAll(async () => {
    await h.close();
    await closePdfBrowser();
  });

  it("captions every measured lesion with the read's slice, diameters and product; the products are the assessed sum", async () => {
    const subject = subjects.find((s) => s.pseudonym === "RK-D002")!;
    const tl = (await call(h, agents.manager!, "GET", `/api/v1/subjects/${subject.id}/timeline`)).body;
    const read = (await call(h, agents.manager!, "GET", `/api/v1/reads/${tl.read.id}`)).body;
    const text = await pdfText(agents.manager!, subject.id);
    expect(text).toContain("Key slices");
    expect(text).not.toContain("this server stores no images");
    const rano2 = tl.assessment.comparison.results.rano2;
    let captions = 0;
    let compared = 0;
    for (const tp of read.timepoints as ReadTp[]) {
      expect(text).toContain(`Scan of ${tp.date}`);
      let sumUm2 = 0;
      for (const l of tp.lesions) {
        if (!l.lesion.measurement || !l.lesion.diametersMm) continue;
        const [a, b] = l.lesion.diametersMm;
        const [ld, pd] = [Math.max(a, b), Math.min(a, b)];
        const um2 = Math.round(ld * 1000) * Math.round(pd * 1000);
        sumUm2 += um2;
        const role = l.lesion.role ? ` (${l.lesion.role.replace("_", "-")})` : "";
        const caption = `${tp.date} · ${l.id}${role} · slice ${l.lesion.measurement.slice} · ${ld} × ${pd} mm, ${Number((um2 / 1e6).toFixed(2))} mm²`;
        expect(text, caption).toContain(caption);
        expect(text).toContain(`LD ${ld.toFixed(1)} mm`);
        expect(text).toContain(`PD ${pd.toFixed(1)} mm`);
        captions++;
      }
      // RK-D002's lesions are all enhancing targets: the captions' products add up to the sum the
      // engine assessed for the scan.
      const assessed = rano2.timepoints.find((x: { date: string; kind: string }) => x.date === tp.date);
      if (!["baseline", "follow_up"].includes(assessed.kind)) continue;
      compared++;
      const enhancing = assessed.components.find((c: { component: string }) => c.component === "enhancing");
      expect(enhancing.unit).toBe("mm²");
      expect(enhancing.sum).toBeCloseTo(sumUm2 / 1e6, 6);
    }
    expect(compared).toBeGreaterThanOrEqual(3);
    expect(captions).toBeGreaterThanOrEqual(2 * (read.timepoints as ReadTp[]).length);
  }, 120_000);

  it("says so where a time point has no image, and lists hand measurements without a slice", async () => {
    const subject = subjects.find((s) => s.pseudonym === "RK-D006")!;
    const tps = (await call(h, agents.manager!, "GET", `/api/v1/subjects/${subject.id}/timepoints`)).body
      .items;
    // No route deletes a scan: remove the second time point's image and mask in the database.
    await h.database.db.deleteFrom("timepoint_files").where("timepoint_id", "=", tps[1].id).execute();
    const text = await pdfText(agents.manager!, subject.id);
    expect(text).toContain(`Scan of ${tps[1].date} No image is stored for this time point.`);
    expect(text).toContain(`Scan of ${tps[0].date}`);
    expect(text).toMatch(new RegExp(`${tps[0].date} · C1( \\(target\\))? · slice \\d+ · `));

    // Reader B measures by hand: no recorded slice, so no key slice, the diameters in words.
    const own = await pdfText(agents["reader.b"]!, subject.id);
    expect(own).toContain("by reader.b");
    expect(own).toContain("Measured without a recorded slice (no key slice): C1 ");
    expect(own).not.toMatch(/ · slice \d+ · /);
  }, 120_000);

  it("a reader's PDF shows their own read: a follow-up they have not entered gets no slice", async () => {
    // RK-D004: both readers leave the last follow-up open.
    const subject = subjects.find((s) => s.pseudonym === "RK-D004")!;
    const tps = (await call(h, agents.manager!, "GET", `/api/v1/subjects/${subject.id}/timepoints`)).body
      .items;
    const last = tps.at(-1);
    const text = await pdfText(agents["reader.a"]!, subject.id);
    expect(text).toContain("by reader.a");
    expect(text).toContain(
      `Scan of ${last.date} This time point is not read yet in this read: no measurement to show.`,
    );
    expect(text).not.toContain(`${last.date} · `);
    expect(text).toMatch(new RegExp(`${tps[0].date} · \\w+( \\(target\\))? · slice \\d+ · `));
  }, 120_000);
});
