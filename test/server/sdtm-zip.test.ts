// The SDTM/ADaM export as one zip (GET /studies/{id}/exports/sdtm?format=zip): every dataset as
// <study>-<dataset>.csv, byte for byte the CSV of ?dataset=…, and the same bytes for the same data.
import { unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Agent, addUser, CLINICAL, call, type Harness, PROTOCOL, startHarness } from "./harness.ts";

describe("SDTM zip export", () => {
  let h: Harness;
  let manager: Agent;
  let studyId: string;

  const zip = async (agent: Agent | null) => {
    const res = await h.app.inject({
      method: "GET",
      url: `/api/v1/studies/${studyId}/exports/sdtm?format=zip`,
      headers: agent ? { cookie: agent.cookie } : {},
    });
    return res;
  };

  beforeAll(async () => {
    h = await startHarness("sqlite");
    manager = await addUser(h, "manager", "study_manager");
    studyId = (
      await call(h, manager, "POST", "/api/v1/studies", { code: "Z-01", title: "Zip", protocol: PROTOCOL })
    ).body.id;
    const kase = {
      ...CLINICAL,
      patient: { ...CLINICAL.patient, id: "Z01-0001" },
      assessments: [
        {
          date: "2025-01-03",
          lesions: [{ id: "L1", component: "enhancing", role: "target", diametersMm: [30, 30] }],
        },
        {
          date: "2025-03-03",
          lesions: [{ id: "L1", component: "enhancing", role: "target", diametersMm: [12, 10] }],
        },
      ],
    };
    const imp = await call(h, manager, "POST", `/api/v1/studies/${studyId}/imports`, {
      format: "json",
      as: "site_read",
      content: JSON.stringify(kase),
    });
    expect(imp.status).toBe(200);
  });
  afterAll(() => h.close());

  it("holds every dataset as the same CSV the single-dataset export gives", async () => {
    const res = await zip(manager);
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("application/zip");
    expect(res.headers["content-disposition"]).toBe('attachment; filename="Z-01-sdtm.zip"');
    const files = unzipSync(new Uint8Array(res.rawPayload));
    expect(Object.keys(files).sort()).toEqual(
      ["ADRS", "ADTTE", "RS", "TR", "TU"].map((d) => `Z-01-${d}.csv`),
    );
    for (const d of ["TU", "TR", "RS", "ADRS", "ADTTE"]) {
      const csv = await call(h, manager, "GET", `/api/v1/studies/${studyId}/exports/sdtm?dataset=${d}`);
      expect(new TextDecoder().decode(files[`Z-01-${d}.csv`])).toBe(csv.text);
    }
    const rs = new TextDecoder().decode(files["Z-01-RS.csv"]);
    expect(rs).toMatch(/Z01-0001/);
    expect(rs).toMatch(/INVESTIGATOR/);
    // Deterministic: the same data, the same bytes.
    expect(Buffer.compare((await zip(manager)).rawPayload, res.rawPayload)).toBe(0);
  });

  it("refuses format=zip with a dataset, naming the field, and a reader or no session", async () => {
    const both = await call(
      h,
      manager,
      "GET",
      `/api/v1/studies/${studyId}/exports/sdtm?format=zip&dataset=RS`,
    );
    expect(both.status).toBe(400);
    expect(both.body.errors[0].path).toBe("$query.format");
    const reader = await addUser(h, "reader.z", "reader");
    expect((await zip(reader)).statusCode).toBe(403);
    expect((await zip(null)).statusCode).toBe(401);
  });
});
