// Further rule-ID coverage for RANO-HGG, mRANO, RANO-LGG, RANO-BM and iRANO (hand-computed cases).
import { describe, expect, it } from "vitest";
import { assess, getCriteria } from "../../src/engine/index.ts";
import { type CaseSpec, validCase } from "../support/case-builder.ts";

const run = (criteria: string, spec: CaseSpec, options?: object) =>
  assess(validCase(spec), criteria, options);
const follow = (r: ReturnType<typeof run>, date: string) =>
  r.timepoints.find((t) => t.date === date && t.kind !== "clinical")!;
const BL: CaseSpec["scans"][number] = ["2024-01-25", { L1: [20, 20] }];

describe("RANO-HGG rule IDs", () => {
  it("HGG-CR-1: CR needs steroids off (physiologic allowed) and confirmation; HGG-DUR-1 confirms it", () => {
    const r = run("hgg", {
      scans: [BL, ["2024-03-28", { L1: "absent" }], ["2024-04-25", { L1: "absent" }]],
      steroids: [
        ["2024-01-01", 2],
        ["2024-03-20", 0.5],
      ],
    });
    expect(follow(r, "2024-03-28")).toMatchObject({ label: "CR", status: "confirmed" });
    expect(follow(r, "2024-03-28").rules).toEqual(expect.arrayContaining(["HGG-CR-1", "HGG-DUR-1"]));
    expect(r.bestOverallResponse).toMatchObject({ category: "CR", confirmed: true });
  });
  it("HGG-PR-1 / HGG-SD-1: PR ≥ 50% vs baseline; SD between", () => {
    const r = run("hgg", { scans: [BL, ["2024-03-28", { L1: [20, 10] }], ["2024-04-25", { L1: [20, 12] }]] });
    expect(follow(r, "2024-03-28").rules).toContain("HGG-PR-1");
    expect(follow(r, "2024-04-25").rules).toContain("HGG-SD-1");
  });
  it("HGG-PD-2 / HGG-SD-1: a steroid increase alone is not PD (indeterminate until resolved)", () => {
    const r = run("hgg", {
      scans: [BL, ["2024-03-28", { L1: [21, 20] }], ["2024-05-23", { L1: [21, 20] }]],
      steroids: [
        ["2024-03-10", 6],
        ["2024-05-01", 0],
      ],
    });
    expect(follow(r, "2024-03-28")).toMatchObject({ label: "IND", finalLabel: "SD" });
    expect(r.progression.date).toBeNull();
  });
  it("HGG-CONF-1: outside the 12-week window no confirmation is needed", () => {
    const r = run("hgg", { scans: [BL, ["2024-03-28", { L1: [25, 20] }]] });
    expect(follow(r, "2024-03-28")).toMatchObject({ label: "PD", status: "immediate" });
  });
});

describe("mRANO rule IDs", () => {
  it("MRANO-BASE-1: newly diagnosed uses the post-RT scan", () => {
    const r = run("mrano", {
      rtEnd: "2024-03-01",
      scans: [
        ["2024-01-10", { L1: [30, 30] }],
        ["2024-03-29", { L1: [20, 20] }],
      ],
    });
    expect(r.baselineDate).toBe("2024-03-29");
  });
  it("MRANO-NM-1: non-measurable-only disease is capped at SD", () => {
    const r = run("mrano", {
      scans: [
        ["2024-01-25", { L1: [9, 8] }],
        ["2024-03-28", { L1: "absent" }],
      ],
    });
    expect(follow(r, "2024-03-28").label).toBe("SD");
    expect(follow(r, "2024-03-28").rules).toContain("MRANO-NM-1");
  });
  it("MRANO-STER-1: tumour-related decline is PD without confirmation", () => {
    const r = run("mrano", {
      scans: [BL, ["2024-03-28", { L1: [26, 20] }]],
      clinical: [{ date: "2024-03-28", status: "worse", attributableToTumor: true }],
    });
    expect(follow(r, "2024-03-28").label).toBe("PD");
    expect(follow(r, "2024-03-28").rules).toContain("MRANO-STER-1");
  });
  it("MRANO-DUR-1: an unconfirmed response (pseudoresponse) is SD for best response", () => {
    const r = run("mrano", {
      scans: [
        BL,
        ["2024-03-28", { L1: [20, 10] }],
        ["2024-04-20", { L1: [20, 10] }],
        ["2024-05-23", { L1: [20, 16] }],
      ],
    });
    expect(follow(r, "2024-03-28")).toMatchObject({ label: "PR", status: "unconfirmed" });
    expect(r.bestOverallResponse.category).toBe("SD");
  });
});

describe("RANO-LGG rule IDs", () => {
  const lgg = (second: CaseSpec["scans"][number][1], extra: Partial<CaseSpec> = {}): CaseSpec => ({
    tumorType: "oligodendroglioma",
    scans: [
      ["2024-01-25", { F1: [30, 30], E1: [6, 5] }],
      ["2024-03-28", second],
    ],
    ...extra,
  });
  it("LGG-TGT-1 / LGG-MEAS-1: only T2/FLAIR lesions are targets; enhancement is watched", () => {
    const r = run("lgg", lgg({ F1: [30, 30], E1: { d: [6, 5], status: "unequivocal_progression" } }));
    expect(r.timepoints[0]!.explanation).toContain("non-enhancing F1");
    expect(follow(r, "2024-03-28").label).toBe("PD");
  });
  it("LGG-CR-1 / LGG-SD-1: CR needs the T2/FLAIR lesion and the enhancement gone", () => {
    expect(follow(run("lgg", lgg({ F1: "absent", E1: "absent" })), "2024-03-28").label).toBe("CR");
    expect(follow(run("lgg", lgg({ F1: [29, 29], E1: [6, 5] })), "2024-03-28").rules).toContain("LGG-SD-1");
  });
  it("LGG-ORR-1: best response includes MR for low-grade glioma", () => {
    const r = run("lgg", {
      tumorType: "oligodendroglioma",
      scans: [
        ["2024-01-25", { F1: [40, 40] }],
        ["2024-03-28", { F1: [34, 34] }],
        ["2024-04-25", { F1: [34, 34] }],
      ],
    });
    expect(r.bestOverallResponse).toMatchObject({ category: "MR", confirmed: true });
    expect(getCriteria("lgg").appliesTo!(validCase({ tumorType: "oligodendroglioma", scans: [BL] }))).toBe(
      false,
    );
  });
});

describe("RANO-BM rule IDs", () => {
  it("BM-MEAS-2: a lesion with LD < 10 mm is not measurable; non-measurable-only disease is capped at SD", () => {
    const r = run("bm", {
      tumorType: "brain_metastasis",
      scans: [
        ["2024-01-25", { T1: [9, 8] }],
        ["2024-03-28", { T1: "absent" }],
      ],
    });
    expect(follow(r, "2024-03-28").label).toBe("SD");
  });
  it("BM-STER-1: a steroid increase alone is not PD", () => {
    const r = run("bm", {
      tumorType: "brain_metastasis",
      scans: [
        ["2024-01-25", { T1: [20, 15] }],
        ["2024-03-28", { T1: [20, 15] }],
      ],
      steroids: [["2024-03-01", 4]],
    });
    expect(follow(r, "2024-03-28").label).toBe("SD");
    expect(r.progression.date).toBeNull();
  });
  it("BM-PD-1(d): worse clinical status is PD", () => {
    const r = run("bm", {
      tumorType: "brain_metastasis",
      scans: [
        ["2024-01-25", { T1: [20, 15] }],
        ["2024-03-28", { T1: [18, 15] }],
      ],
      clinical: [{ date: "2024-03-28", status: "worse", attributableToTumor: true }],
    });
    expect(follow(r, "2024-03-28").label).toBe("PD");
    expect(follow(r, "2024-03-28").rules).toContain("BM-PD-1");
  });
});

describe("iRANO rule IDs", () => {
  const it0 = { treatments: [{ type: "immunotherapy" as const, start: "2024-01-10" }], t0: "2024-01-10" };
  it("IRANO-9: tumour-related decline without a pending PD-P is PD on its date", () => {
    const r = run("irano", {
      ...it0,
      scans: [
        ["2024-01-05", { L1: [20, 20] }],
        ["2024-03-06", { L1: [20, 20] }],
      ],
      clinical: [{ date: "2024-04-01", status: "worse", attributableToTumor: true }],
    });
    expect(r.progression).toMatchObject({ date: "2024-04-01", cause: "clinical" });
  });
  it("IRANO-14: the base criteria's baseline applies (RANO-HGG: post-operative for newly diagnosed)", () => {
    const r = run("irano", {
      ...it0,
      rtEnd: "2024-03-01",
      scans: [
        ["2024-01-05", { L1: [20, 20] }],
        ["2024-03-29", { L1: [20, 20] }],
      ],
    });
    expect(r.baselineDate).toBe("2024-01-05");
    expect(r.criteria).toBe("iRANO (on RANO-HGG)");
  });
  it("applies only when immunotherapy is given", () => {
    expect(getCriteria("irano").appliesTo!(validCase({ scans: [BL] }))).toBe(false);
    expect(getCriteria("irano").appliesTo!(validCase({ ...it0, scans: [BL] }))).toBe(true);
  });
});
