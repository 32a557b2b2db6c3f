// CDISC SDTM export: the worked scenario SC-50 (SC-05 under RANO 2.0, investigator read).
import { describe, expect, it } from "vitest";
import { assess } from "../../src/engine/index.ts";
import { datasetCsv, toSdtm } from "../../src/io/sdtm.ts";
import { validCase } from "../support/case-builder.ts";

const c = validCase({
  t0: "2024-02-01",
  scans: [
    ["2024-01-25", { L1: [20, 20] }],
    ["2024-03-28", { L1: [20, 10] }],
    ["2024-04-25", { L1: [16, 10] }],
    ["2024-06-20", { L1: [20, 10] }],
  ],
});
const d = toSdtm(c, assess(c, "rano2"), { studyId: "S1", evaluator: "INVESTIGATOR" });
const pick = (rows: typeof d.TR, keys: string[]) =>
  rows.map((r) => Object.fromEntries(keys.map((k) => [k, r[k]])));

describe("SDTM export (SC-50)", () => {
  it("TU: one target record, TUMIDENT, linked as T01", () => {
    expect(
      pick(d.TU, [
        "USUBJID",
        "TUTESTCD",
        "TUORRES",
        "TULNKID",
        "TULOC",
        "TUMETHOD",
        "TUEVAL",
        "VISIT",
        "TUDTC",
      ]),
    ).toEqual([
      {
        USUBJID: "S1-TEST-1",
        TUTESTCD: "TUMIDENT",
        TUORRES: "TARGET",
        TULNKID: "T01",
        TULOC: "BRAIN",
        TUMETHOD: "MRI",
        TUEVAL: "INVESTIGATOR",
        VISIT: "BASELINE",
        TUDTC: "2024-01-25",
      },
    ]);
  });
  it("TR: diameters, product and sum of products at week 8", () => {
    const week8 = d.TR.filter((r) => r.TRDTC === "2024-03-28");
    expect(pick(week8, ["TRLNKID", "TRTESTCD", "TRORRES", "TRORRESU", "TRGRPID", "VISIT"])).toEqual([
      { TRLNKID: "T01", TRTESTCD: "LDIAM", TRORRES: 20, TRORRESU: "mm", TRGRPID: "TARGET", VISIT: "WEEK 8" },
      { TRLNKID: "T01", TRTESTCD: "LPERP", TRORRES: 10, TRORRESU: "mm", TRGRPID: "TARGET", VISIT: "WEEK 8" },
      { TRLNKID: "T01", TRTESTCD: "AREA", TRORRES: 200, TRORRESU: "mm2", TRGRPID: "TARGET", VISIT: "WEEK 8" },
      {
        TRLNKID: null,
        TRTESTCD: "SPD",
        TRORRES: 200,
        TRORRESU: "mm2",
        TRGRPID: "TARGET CE",
        VISIT: "WEEK 8",
      },
    ]);
  });
  it("RS: target, new-lesion and overall response per visit with RSCAT RANO / RSSCAT 2.0", () => {
    const ovr = d.RS.filter((r) => r.RSTESTCD === "OVRLRESP");
    expect(pick(ovr, ["VISIT", "RSDTC", "RSSTRESC", "RSCAT", "RSSCAT"])).toEqual([
      { VISIT: "WEEK 8", RSDTC: "2024-03-28", RSSTRESC: "PR", RSCAT: "RANO", RSSCAT: "2.0" },
      { VISIT: "WEEK 12", RSDTC: "2024-04-25", RSSTRESC: "PR", RSCAT: "RANO", RSSCAT: "2.0" },
      { VISIT: "WEEK 20", RSDTC: "2024-06-20", RSSTRESC: "PD", RSCAT: "RANO", RSSCAT: "2.0" },
    ]);
    expect(d.RS.find((r) => r.RSTESTCD === "TRGRESP" && r.RSDTC === "2024-06-20")?.RSSTRESC).toBe("PD");
    expect(d.RS.find((r) => r.RSTESTCD === "NEWLIND" && r.RSDTC === "2024-03-28")?.RSSTRESC).toBe("N");
    expect(d.RS.some((r) => r.RSTESTCD === "NTRGRESP")).toBe(false);
  });
  it("ADaM: BOR and CBOR PR; PFS event at 140 days; DOR 84 days from 2024-03-28", () => {
    expect(
      pick(
        d.ADRS.filter((r) => r.PARAMCD !== "OVR"),
        ["PARAMCD", "AVALC"],
      ),
    ).toEqual([
      { PARAMCD: "BOR", AVALC: "PR" },
      { PARAMCD: "CBOR", AVALC: "PR" },
    ]);
    expect(pick(d.ADTTE, ["PARAMCD", "STARTDT", "ADT", "AVAL", "CNSR"])).toEqual([
      { PARAMCD: "PFS", STARTDT: "2024-02-01", ADT: "2024-06-20", AVAL: 140, CNSR: 0 },
      { PARAMCD: "DOR", STARTDT: "2024-03-28", ADT: "2024-06-20", AVAL: 84, CNSR: 0 },
    ]);
  });
  it("a preliminary PD is never stored as PD in RS (CDISC-RS-3)", () => {
    const w = validCase({
      rtEnd: "2024-03-01",
      scans: [
        ["2024-03-29", { L1: [20, 20] }],
        ["2024-05-10", { L1: [30, 22] }],
      ],
    });
    const s = toSdtm(w, assess(w, "rano2"), { studyId: "S1", evaluator: "INVESTIGATOR" });
    const ovr = s.RS.find((r) => r.RSTESTCD === "OVRLRESP")!;
    expect([ovr.RSORRES, ovr.RSSTRESC]).toEqual(["PRELIMINARY PD", "PRELIMINARY PD"]);
  });
  it("writes CSV with the SDTM variable names as header and RFC 4180 quoting", () => {
    const text = datasetCsv(d.ADTTE);
    expect(text.split("\n")[0]).toBe("STUDYID,USUBJID,PARAMCD,PARAM,STARTDT,ADT,AVAL,CNSR,EVNTDESC,CRIT");
    expect(datasetCsv([{ A: "x,y", B: 'say "hi"', C: null }])).toBe('A,B,C\n"x,y","say ""hi""",\n');
  });
});

describe("SDTM export of a RANO-LM case", () => {
  it("NEWLIND follows the scorecard's new sites (LM cases have no lesion list)", async () => {
    const { lmCase } = await import("../engine/rano-lm/lm-builders.ts");
    const lm = lmCase({
      primary: "solid",
      t0: "2024-02-01",
      visits: [
        {
          date: "2024-02-01",
          neuro: { gait: 0 },
          mri: { targets: [{ id: "T1", item: "spine_nodules", diametersMm: [12, 6] }] },
        },
        {
          date: "2024-03-01",
          neuro: { gait: 0 },
          mri: { targets: [{ id: "T1", item: "spine_nodules", diametersMm: [12, 6] }] },
        },
        {
          date: "2024-04-01",
          neuro: { gait: 0 },
          mri: { targets: [{ id: "T1", item: "spine_nodules", diametersMm: [12, 6] }], newSites: 1 },
        },
      ],
    });
    const out = toSdtm(lm, assess(lm, "rano-lm"), { studyId: "S1", evaluator: "INVESTIGATOR" });
    const newlind = out.RS.filter((r) => r.RSTESTCD === "NEWLIND").map((r) => [r.RSDTC, r.RSSTRESC]);
    expect(newlind).toEqual([
      ["2024-03-01", "N"],
      ["2024-04-01", "Y"],
    ]);
  });
});
