import { describe, expect, it } from "vitest";
import { SdtmCollector } from "../../src/app/sdtm-export.ts";
import { getCriteria } from "../../src/engine/index.ts";
import { validCase } from "../support/case-builder.ts";

const stable = (id: string) => {
  const c = validCase({
    scans: [
      ["2024-02-01", { L1: [30, 30] }],
      ["2024-04-01", { L1: [30, 30] }],
    ],
  });
  return { ...c, patient: { ...c.patient, id } };
};

describe("SdtmCollector", () => {
  it("a stable case: RS carries SD as target and overall response by the independent assessor", () => {
    const sdtm = new SdtmCollector({ studyId: "S1", evaluator: "INDEPENDENT ASSESSOR" });
    sdtm.add(sdtm.records(stable("P1"), getCriteria("rano2")));
    expect(sdtm.counts()).toBe("TU 1, TR 8, RS 3, ADRS 3, ADTTE 1");
    const overall = sdtm.datasets.RS.find((r) => r.RSTESTCD === "OVRLRESP")!;
    expect(overall).toMatchObject({
      STUDYID: "S1",
      USUBJID: "S1-P1",
      RSORRES: "SD",
      RSEVAL: "INDEPENDENT ASSESSOR",
      RSDTC: "2024-04-01",
    });
  });

  it("cases are appended in input order", () => {
    const sdtm = new SdtmCollector({ studyId: "S1", evaluator: "INVESTIGATOR" });
    for (const id of ["P2", "P1"]) sdtm.add(sdtm.records(stable(id), getCriteria("rano2")));
    expect(sdtm.datasets.TU.map((r) => r.USUBJID)).toEqual(["S1-P2", "S1-P1"]);
    expect(sdtm.counts()).toBe("TU 2, TR 16, RS 6, ADRS 6, ADTTE 2");
  });
});
