// GET /api/v1/reads/{id}/sr: a read's signed time points as DICOM SR measurement reports (TID 1500),
// with the read's own access rules (blinding), audited as an export; the files pass dciodvfy and
// dsrdump with zero errors when those validators are installed.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "../../src/db/schema.ts";
import { RESPONSE } from "../../src/dicom/codes.ts";
import { multipartParts } from "../../src/dicom/dicomweb.ts";
import { readPart10 } from "../../src/dicom/part10.ts";
import { parseReport } from "../../src/dicom/sr/read-report.ts";
import { reportsToCase } from "../../src/dicom/sr/to-case.ts";
import { dciodvfyErrors, dsrdump, hasTool } from "../support/dicom-tools.ts";
import {
  type Agent,
  addUser,
  CLINICAL,
  call,
  DIALECTS,
  type Harness,
  lesionsAt,
  PROTOCOL,
  startHarness,
} from "./harness.ts";

const DATES = ["2025-01-03", "2025-03-03", "2025-05-03"];
const dir = mkdtempSync(join(tmpdir(), "ranokit-read-sr-"));

async function get(h: Harness, agent: Agent, url: string) {
  const res = await h.app.inject({ method: "GET", url, headers: { cookie: agent.cookie } });
  return {
    status: res.statusCode,
    type: String(res.headers["content-type"] ?? ""),
    disposition: String(res.headers["content-disposition"] ?? ""),
    bytes: new Uint8Array(res.rawPayload),
    json: () => res.json(),
  };
}

describe.each(DIALECTS)("SR export of a read on %s", (dialect) => {
  let h: Harness;
  const a = {} as Record<Role | "readerB", Agent>;
  let readId = "";
  let emptyReadId = "";
  let tps: Array<{ id: string; date: string }> = [];

  beforeAll(async () => {
    h = await startHarness(dialect);
    for (const role of ["admin", "study_manager", "reader", "adjudicator", "monitor"] as Role[])
      a[role] = await addUser(h, role.replace("_", "-"), role);
    a.readerB = await addUser(h, "reader-b", "reader");
    const m = a.study_manager;
    const studyId = (
      await call(h, m, "POST", "/api/v1/studies", { code: "SR1", title: "SR export", protocol: PROTOCOL })
    ).body.id;
    for (const agent of Object.values(a))
      await call(h, m, "POST", `/api/v1/studies/${studyId}/members`, { userId: agent.userId });
    const subjectId = (
      await call(h, m, "POST", `/api/v1/studies/${studyId}/subjects`, {
        pseudonym: "GBM-SR-01",
        clinical: CLINICAL,
        timepoints: DATES,
      })
    ).body.id;
    tps = (await call(h, m, "GET", `/api/v1/subjects/${subjectId}/timepoints`)).body.items;
    readId = (await call(h, a.reader, "POST", `/api/v1/subjects/${subjectId}/reads`, {})).body.id;
    // Two signed time points (a partial response on the second); the third is not read yet.
    const diameters: Array<Array<[number, number]>> = [
      [
        [30, 20],
        [12, 11],
      ],
      [
        [15, 10],
        [10, 10],
      ],
    ];
    for (const [i, d] of diameters.entries()) {
      const put = await call(h, a.reader, "PUT", `/api/v1/reads/${readId}/timepoints/${tps[i]!.id}`, {
        data: { performed: true },
        lesions: lesionsAt(d),
      });
      expect(put.status).toBe(200);
      const sign = await call(h, a.reader, "POST", `/api/v1/reads/${readId}/timepoints/${tps[i]!.id}/sign`, {
        password: a.reader.password,
        meaning: "authored",
      });
      expect(sign.status).toBe(200);
    }
    emptyReadId = (await call(h, a.readerB, "POST", `/api/v1/subjects/${subjectId}/reads`, {})).body.id;
  });
  afterAll(() => h.close());

  it("answers one TID 1500 report per signed time point, multipart/related, matching the engine", async () => {
    const r = await get(h, a.reader, `/api/v1/reads/${readId}/sr`);
    expect(r.status).toBe(200);
    expect(r.type).toMatch(/^multipart\/related; type="application\/dicom"; boundary=/);
    const parts = multipartParts(r.bytes, r.type);
    expect(parts).toHaveLength(2);
    const datasets = parts.map((p, i) => readPart10(p, `part ${i + 1}`));
    expect(datasets.map((d) => d.SOPClassUID)).toEqual(Array(2).fill("1.2.840.10008.5.1.4.1.1.88.34"));
    expect(datasets.map((d) => d.StudyDate)).toEqual(DATES.slice(0, 2).map((d) => d.replaceAll("-", "")));
    expect(datasets.every((d) => d.PatientID === "GBM-SR-01")).toBe(true);
    // The engine's response at the second time point under the primary criteria is the one written.
    const assessment = await call(h, a.reader, "GET", `/api/v1/reads/${readId}/assessment`);
    const label = assessment.body.comparison.results.rano2.timepoints[1].label as string;
    const reports = datasets.map((d, i) => parseReport(d, `part ${i + 1}`));
    const qualitative = JSON.stringify(datasets[1]!.ContentSequence);
    expect(qualitative).toContain(`"CodeValue":"${RESPONSE[label]!.value}"`);
    // Read back: the same lesions, the reader as observer.
    const back = reportsToCase(reports, {
      patient: { tumorType: "glioblastoma_idh_wildtype", setting: "recurrent" },
    });
    expect(back.problems).toEqual([]);
    expect(back.document.protocol?.reader).toBe(a.reader.username);
    expect(back.document.assessments!.map((x) => x.lesions!.map((l) => l.diametersMm))).toEqual([
      [
        [30, 20],
        [12, 11],
      ],
      [
        [15, 10],
        [10, 10],
      ],
    ]);
    if (hasTool("dciodvfy") && hasTool("dsrdump")) {
      parts.forEach((p, i) => {
        const file = join(dir, `${dialect}-${i}.dcm`);
        writeFileSync(file, p);
        expect(dciodvfyErrors(file)).toEqual([]);
        expect(dsrdump(file).errors).toEqual([]);
      });
    } else process.stderr.write("SKIPPED validators: dciodvfy/dsrdump not installed\n");
  });

  it("?timepointId= gives one report as application/dicom; an unsigned time point is 409", async () => {
    const one = await get(h, a.monitor, `/api/v1/reads/${readId}/sr?timepointId=${tps[1]!.id}`);
    expect(one.status).toBe(200);
    expect(one.type).toBe("application/dicom");
    expect(one.disposition).toBe(`attachment; filename="GBM-SR-01_${DATES[1]}_${a.reader.username}.dcm"`);
    const all = await get(h, a.monitor, `/api/v1/reads/${readId}/sr`);
    const second = readPart10(multipartParts(all.bytes, all.type)[1]!, "part 2");
    expect(readPart10(one.bytes, "one").SOPInstanceUID).toBe(second.SOPInstanceUID);
    const open = await get(h, a.reader, `/api/v1/reads/${readId}/sr?timepointId=${tps[2]!.id}`);
    expect(open.status).toBe(409);
    expect(open.json().detail).toMatch(/not signed/);
    expect((await get(h, a.reader, `/api/v1/reads/${readId}/sr?timepointId=nosuch`)).status).toBe(404);
  });

  it("has the read's access rules: not another reader, not an adjudicator without a task", async () => {
    expect((await get(h, a.readerB, `/api/v1/reads/${readId}/sr`)).status).toBe(403);
    expect((await get(h, a.adjudicator, `/api/v1/reads/${readId}/sr`)).status).toBe(403);
    for (const role of ["admin", "study_manager", "monitor"] as const)
      expect((await get(h, a[role], `/api/v1/reads/${readId}/sr`)).status, role).toBe(200);
    const empty = await get(h, a.readerB, `/api/v1/reads/${emptyReadId}/sr`);
    expect(empty.status).toBe(409);
    expect(empty.type).toMatch(/application\/problem\+json/);
  });

  it("audits every export with the instances handed out, and only successful ones", async () => {
    const feed = await call(h, a.admin, "GET", `/api/v1/audit?limit=1000&entityId=${readId}`);
    const exports = feed.body.entries.filter((e: { action: string }) => e.action === "read.export_sr");
    // Reader (1), monitor (2), admin, manager, monitor (3): refused and failed requests leave none.
    expect(exports.map((e: { actor: string }) => e.actor)).toEqual([
      a.reader.username,
      a.monitor.username,
      a.monitor.username,
      a.admin.username,
      a.study_manager.username,
      a.monitor.username,
    ]);
    const after = exports[0].after as {
      criteria: string;
      reports: Array<{ date: string; sopInstanceUid: string }>;
    };
    expect(after.criteria).toBe("rano2");
    expect(after.reports.map((x) => x.date)).toEqual(DATES.slice(0, 2));
    expect(after.reports[0]!.sopInstanceUid).toMatch(/^[0-9.]+$/);
  });
});
