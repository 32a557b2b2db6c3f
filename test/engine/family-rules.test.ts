// RANO-HGG, mRANO, RANO-LGG, RANO-BM and iRANO: rule tests from the worked scenarios (expected values
// from the scenario text, computed by hand), and the known disagreements between criteria.
import { describe, expect, it } from "vitest";
import { assess, compareCriteria, getCriteria } from "../../src/engine/index.ts";
import type { TimepointResult } from "../../src/engine/model/result.ts";
import { type CaseSpec, validCase } from "../support/case-builder.ts";

const run = (criteria: string, spec: CaseSpec, options?: object) =>
  assess(validCase(spec), criteria, options);
const at = (r: ReturnType<typeof run>, date: string): TimepointResult => {
  const t = r.timepoints.find((x) => x.date === date && x.kind !== "clinical");
  if (!t) throw new Error(`no time point ${date}`);
  return t;
};

describe("RANO-HGG (Wen 2010)", () => {
  const sc24 = (follow: CaseSpec["scans"]): CaseSpec => ({
    rtEnd: "2024-03-01",
    t0: "2024-01-22",
    treatments: [{ type: "surgery", date: "2024-01-08" }],
    scans: [["2024-01-10", { L1: [20, 15] }], ["2024-03-29", { L1: [26, 20] }], ...follow],
  });
  it("HGG-BASE-1: the post-operative scan before RT is the baseline", () => {
    const r = run("hgg", sc24([]));
    expect(r.baselineDate).toBe("2024-01-10");
    expect(r.timepoints[0]!.rules).toContain("HGG-BASE-1");
  });
  it("HGG-PD-3: in-field growth within 12 weeks is IND-12W; PD after the window is back-dated (SC-24b)", () => {
    const r = run(
      "hgg",
      sc24([
        ["2024-04-26", { L1: [26, 20] }],
        ["2024-05-24", { L1: [27, 21] }],
        ["2024-06-21", { L1: [28, 22] }],
      ]),
    );
    expect(at(r, "2024-03-29")).toMatchObject({ label: "IND", finalLabel: "PD" });
    expect(at(r, "2024-05-24").label).toBe("IND");
    expect(at(r, "2024-06-21").label).toBe("PD");
    expect(r.progression.date).toBe("2024-03-29");
    expect(r.progression.rules).toContain("HGG-PD-3");
  });
  it("HGG-PD-3: a new lesion outside the radiation field is PD within 12 weeks (SC-24a)", () => {
    const r = run(
      "hgg",
      sc24([["2024-04-26", { L1: [26, 20], N1: { d: [11, 10], outsideRadiationField: true } }]]),
    );
    expect(r.progression.date).toBe("2024-04-26");
  });
  it("HGG-PD-1(c): any new lesion, even non-measurable, is PD (SC-14)", () => {
    const spec: CaseSpec = {
      scans: [
        ["2024-01-25", { L1: [20, 20] }],
        ["2024-03-28", { L1: [18, 18], N1: [6, 5] }],
      ],
    };
    expect(at(run("hgg", spec), "2024-03-28").label).toBe("PD");
    expect(at(run("rano2", spec), "2024-03-28").label).toBe("SD");
  });
  it("HGG-FLAIR-1: a significant T2/FLAIR increase is PD; explained by another cause it blocks PR", () => {
    const spec = (attributableToOtherCause: boolean): CaseSpec => ({
      scans: [
        ["2024-01-25", { L1: [25, 20] }],
        ["2024-03-28", { L1: [15, 12] }, { t2Flair: { status: "worse", attributableToOtherCause } }],
      ],
    });
    expect(at(run("hgg", spec(false)), "2024-03-28").label).toBe("PD");
    const other = at(run("hgg", spec(true)), "2024-03-28");
    expect(other.label).toBe("SD");
    expect(other.rules).toContain("HGG-FLAIR-1");
  });
  it("HGG-TGT-1: up to 5 targets are summed (SC-26: SD where RANO 2.0 gives PR)", () => {
    const spec: CaseSpec = {
      scans: [
        ["2024-01-25", { A: [30, 25], B: [20, 18], C: [15, 12], D: [12, 10] }],
        ["2024-03-28", { A: [20, 18], B: [14, 12], C: [10, 10], D: [12, 10] }],
      ],
    };
    expect(at(run("hgg", spec), "2024-03-28").label).toBe("SD");
    expect(at(run("hgg", spec), "2024-03-28").changePct).toBe(-47);
    expect(at(run("rano2", spec), "2024-03-28").label).toBe("PR");
  });
  it("HGG-MEAS-1: slices thicker than 5 mm need 2 × thickness (no gap term)", () => {
    const spec = (thickness: number): CaseSpec => ({
      scans: [
        ["2024-01-25", { L1: [13, 13] }, { sliceThicknessMm: thickness, sliceGapMm: 1 }],
        ["2024-03-28", { L1: "absent" }],
      ],
    });
    expect(at(run("hgg", spec(5)), "2024-03-28").label).toBe("CR");
    expect(at(run("hgg", spec(7)), "2024-03-28").label).toBe("SD");
  });
});

describe("mRANO (Ellingson 2017)", () => {
  it("MRANO-PD-1/CONF-1: PD is preliminary even after 12 weeks; resolved and re-anchored (SC-27)", () => {
    const r = run("mrano", {
      rtEnd: "2024-03-01",
      scans: [
        ["2024-03-29", { L1: [20, 20] }],
        ["2024-06-21", { L1: [16, 15] }],
        ["2024-08-16", { L1: [20, 16] }],
        ["2024-09-13", { L1: [18, 15] }],
        ["2024-11-08", { L1: [22, 18] }],
        ["2024-12-06", { L1: [26, 20] }],
      ],
    });
    expect(at(r, "2024-08-16")).toMatchObject({ label: "PD-P", finalLabel: "SD" });
    expect(at(r, "2024-09-13").label).toBe("SD");
    expect(at(r, "2024-11-08")).toMatchObject({ label: "PD-P", finalLabel: "PD" });
    expect(r.progression.date).toBe("2024-11-08");
    expect(r.progression.rules).toContain("MRANO-CONF-1");
    expect(r.bestOverallResponse.category).toBe("SD");
  });
  it("MRANO-MEAS-1: T2/FLAIR is not evaluated even on anti-angiogenic therapy", () => {
    const r = run("mrano", {
      treatments: [{ type: "antiangiogenic", start: "2024-02-01" }],
      scans: [
        ["2024-01-25", { L1: [20, 20], F1: [40, 30] }],
        ["2024-03-28", { L1: [20, 20], F1: [60, 50] }],
      ],
    });
    expect(at(r, "2024-03-28").label).toBe("SD");
  });
});

describe("RANO-LGG (van den Bent 2011)", () => {
  const lggSpec = (last: CaseSpec["scans"][number][1]): CaseSpec => ({
    tumorType: "astrocytoma_idh_mutant",
    scans: [
      ["2024-01-25", { F1: [40, 30], F2: [20, 20] }],
      ["2024-03-28", { F1: [36, 25], F2: [20, 15] }],
      ["2024-04-25", { F1: [33, 25], F2: [15, 15] }],
      ["2024-06-20", { F1: [28, 25], F2: [10, 10] }],
      ["2024-07-18", { F1: [27, 25], F2: [10, 10] }],
      ["2024-10-10", last],
    ],
  });
  it("LGG-MR-1 / LGG-PR-1 / LGG-PD-1(a): exact −25% MR, exact −50% PR, +26.3% PD (SC-28)", () => {
    const r = run("lgg", lggSpec({ F1: [33, 26], F2: [11, 11] }));
    expect(at(r, "2024-03-28")).toMatchObject({ label: "MR", status: "confirmed" });
    expect(at(r, "2024-03-28").rules).toContain("LGG-MR-1");
    expect(at(r, "2024-06-20")).toMatchObject({ label: "PR", status: "confirmed" });
    expect(at(r, "2024-10-10").label).toBe("PD");
    expect(r.bestOverallResponse).toMatchObject({ category: "PR", confirmed: true });
  });
  it("LGG-PD-1(c): new enhancement, however small, is PD (SC-28b); RANO 2.0 waits", () => {
    const spec = lggSpec({ F1: [27, 25], F2: [10, 10], E1: [8, 6] });
    expect(at(run("lgg", spec), "2024-10-10").label).toBe("PD");
    const rano2 = run("rano2", { ...spec, significantNonEnhancing: true });
    expect(at(rano2, "2024-10-10").label).not.toBe("PD");
  });
  it("LGG-DUR-1: an unconfirmed MR counts only as SD (SC-29)", () => {
    const r = run("lgg", {
      tumorType: "oligodendroglioma",
      scans: [
        ["2024-01-25", { F1: [30, 30] }],
        ["2024-03-28", { F1: [26, 26] }],
        ["2024-05-23", { F1: [27, 25] }],
        ["2024-06-13", { F1: [27, 25] }],
        ["2024-08-08", { F1: [30, 28] }],
        ["2024-10-03", { F1: [30, 30] }],
      ],
    });
    expect(at(r, "2024-03-28").label).toBe("SD");
    expect(at(r, "2024-05-23")).toMatchObject({ label: "MR", status: "unconfirmed" });
    expect(at(r, "2024-10-03").label).toBe("PD");
    expect(r.bestOverallResponse.category).toBe("SD");
  });
});

describe("RANO-BM (Lin 2015)", () => {
  it("BM-PR-1: exactly −30% of the sum of longest diameters is PR (SC-30)", () => {
    const r = run("bm", {
      scans: [
        ["2024-01-25", { T1: [20, 15], T2: [18, 12], T3: [12, 10] }],
        ["2024-03-28", { T1: [14, 10], T2: [12, 9], T3: [9, 7] }],
        ["2024-04-25", { T1: [13, 10], T2: [12, 9], T3: [8, 7] }],
        ["2024-06-20", { T1: [15, 10], T2: [13, 9], T3: [10, 7] }],
      ],
    });
    expect(at(r, "2024-03-28")).toMatchObject({ label: "PR", changePct: -30 });
    expect(at(r, "2024-03-28").reference?.unit).toBe("mm");
    expect(at(r, "2024-06-20").label).toBe("SD");
    expect(r.bestOverallResponse.category).toBe("PR");
  });
  it("BM-BASE-1: a baseline more than 28 days before treatment is flagged", () => {
    const spec = (date: string): CaseSpec => ({
      scans: [
        [date, { T1: [20, 15] }],
        ["2024-03-28", { T1: [20, 15] }],
      ],
    });
    expect(run("bm", spec("2024-01-04")).warnings.map((w) => w.code)).not.toContain("BM-BASE-1");
    expect(run("bm", spec("2024-01-03")).warnings.map((w) => w.code)).toContain("BM-BASE-1");
  });
  it("BM-PD-2: +20% needs one target growing ≥ 5 mm (SC-31)", () => {
    const r = run("bm", {
      scans: [
        ["2024-01-25", { T1: [12, 8], T2: [10, 8], T3: [10, 8] }],
        ["2024-03-28", { T1: [10, 8], T2: [10, 8], T3: [10, 8] }],
        ["2024-05-23", { T1: [14, 8], T2: [11, 8], T3: [11, 8] }],
        ["2024-07-18", { T1: [16, 8], T2: [11, 8], T3: [11, 8] }],
      ],
    });
    expect(at(r, "2024-05-23").label).toBe("SD");
    expect(at(r, "2024-05-23").rules).toContain("BM-PD-2");
    expect(at(r, "2024-07-18").label).toBe("PD");
  });
  it("BM-MEAS-1 / BM-TGT-1 / BM-PD-1(b): perpendicular ≥ 5 mm, 5 targets, non-target progression (SC-32)", () => {
    const r = run("bm", {
      scans: [
        [
          "2024-01-25",
          {
            L1: [25, 20],
            L2: [18, 12],
            L3: [14, 9],
            L4: [12, 6],
            L5: [11, 5],
            L8: [10, 6],
            L6: [10, 4],
            L7: [9, 8],
          },
          { sliceThicknessMm: 1 },
        ],
        [
          "2024-03-28",
          {
            L1: [20, 15],
            L2: [14, 10],
            L3: [10, 8],
            L4: [8, 5],
            L5: [6, 4],
            L8: [10, 6],
            L6: [10, 4],
            L7: [9, 8],
          },
        ],
        [
          "2024-05-23",
          {
            L1: [18, 15],
            L2: [12, 10],
            L3: [9, 8],
            L4: [7, 5],
            L5: [5, 4],
            L8: { d: [22, 15], status: "unequivocal_progression" },
            L6: [10, 4],
            L7: [9, 8],
          },
        ],
      ],
    });
    expect(r.timepoints[0]!.explanation).toContain("enhancing L1, L2, L3, L4, L5");
    expect(at(r, "2024-03-28")).toMatchObject({ label: "SD", changePct: -27.5 });
    expect(at(r, "2024-05-23").label).toBe("PD");
  });
  it("BM-NEW-1: an equivocal new lesion confirmed later is PD dated at its first appearance (SC-33)", () => {
    const r = run("bm", {
      scans: [
        ["2024-01-25", { T1: [20, 15], T2: [15, 10] }],
        ["2024-03-28", { T1: [16, 12], T2: [12, 9], N1: { d: [3, 3], equivocal: true } }],
        ["2024-05-23", { T1: [15, 12], T2: [12, 9], N1: [6, 5] }],
      ],
    });
    expect(at(r, "2024-03-28").label).toBe("SD");
    expect(r.progression).toMatchObject({ date: "2024-03-28", establishedOn: "2024-05-23" });
  });
  it("BM-CR-1: CR needs no corticosteroids at all (SC-34a); AMB-28 response with more steroids is SD (SC-34b)", () => {
    const a = run("bm", {
      scans: [
        ["2024-01-25", { T1: [15, 10], T2: [12, 9] }],
        ["2024-03-28", { T1: "absent", T2: "absent" }],
        ["2024-04-25", { T1: "absent", T2: "absent" }],
        ["2024-05-23", { T1: "absent", T2: "absent" }],
      ],
      steroids: [
        ["2024-01-01", 4],
        ["2024-03-20", 1],
        ["2024-04-20", 0],
      ],
    });
    expect(at(a, "2024-03-28").label).toBe("PR");
    expect(at(a, "2024-04-25").label).toBe("CR");
    expect(a.bestOverallResponse).toMatchObject({ category: "CR", confirmed: true });
    const b = run("bm", {
      scans: [
        ["2024-01-25", { T1: [25, 15], T2: [15, 10] }],
        ["2024-03-28", { T1: [14, 10], T2: [10, 8] }],
      ],
      steroids: [["2024-03-01", 2]],
    });
    expect(at(b, "2024-03-28").label).toBe("SD");
  });
});

describe("iRANO (Okada 2015)", () => {
  const sc36 = (follow: CaseSpec["scans"], extra: Partial<CaseSpec> = {}): CaseSpec => ({
    t0: "2024-01-10",
    treatments: [{ type: "immunotherapy", start: "2024-01-10", agent: "anti-PD-1" }],
    scans: [["2024-01-05", { L1: [20, 20] }], ...follow],
    ...extra,
  });
  it("IRANO-2…7: a new lesion ≤ 6 months is provisional, not confirmed at 3 months → SD (SC-36)", () => {
    const spec = sc36([
      ["2024-03-06", { L1: [21, 20], N1: [12, 10] }],
      ["2024-04-03", { L1: [22, 21], N1: [14, 12] }],
      ["2024-06-06", { L1: [20, 19], N1: [10, 8] }],
      ["2024-09-04", { L1: [17, 16], N1: "absent" }],
    ]);
    const r = run("irano", spec);
    expect(at(r, "2024-03-06")).toMatchObject({ label: "PD-P", finalLabel: "SD" });
    expect(at(r, "2024-03-06").rules).toEqual(expect.arrayContaining(["IRANO-2", "IRANO-4"]));
    expect(at(r, "2024-04-03").label).toBe("PD-P");
    expect(at(r, "2024-06-06").rules).toContain("IRANO-7");
    expect(r.progression.date).toBeNull();
    // The known disagreement: the same new lesion is PD under RANO-HGG and RANO 2.0.
    expect(run("hgg", spec).progression.date).toBe("2024-03-06");
    expect(run("rano2", spec).progression.date).toBe("2024-03-06");
  });
  it("IRANO-5/6: confirmation exactly 3 calendar months later, not a day earlier (SC-37)", () => {
    const a = run(
      "irano",
      sc36([
        ["2024-03-06", { L1: [24, 22] }],
        ["2024-06-06", { L1: [28, 25] }],
      ]),
    );
    expect(a.progression).toMatchObject({ date: "2024-03-06", establishedOn: "2024-06-06" });
    expect(a.progression.rules).toContain("IRANO-6");
    const b = run(
      "irano",
      sc36([
        ["2024-03-06", { L1: [24, 22] }],
        ["2024-06-05", { L1: [28, 25] }],
        ["2024-07-03", { L1: [30, 26] }],
      ]),
    );
    expect(at(b, "2024-06-05").label).toBe("PD-P");
    expect(b.progression).toMatchObject({ date: "2024-03-06", establishedOn: "2024-07-03" });
  });
  it("IRANO-1/10: the 6-month window uses calendar months with month-end clamping (SC-38)", () => {
    const spec = (date: string): CaseSpec => ({
      t0: "2023-08-31",
      treatments: [{ type: "immunotherapy", start: "2023-08-31" }],
      scans: [
        ["2023-08-25", { L1: [20, 20] }],
        [date, { L1: [26, 20] }],
      ],
    });
    expect(at(run("irano", spec("2024-02-29")), "2024-02-29").label).toBe("PD-P");
    const after = at(run("irano", spec("2024-03-01")), "2024-03-01");
    expect(after.label).toBe("PD");
    expect(after.rules).toContain("IRANO-10");
  });
  it("IRANO-8/12: decline or pathology inside the window back-dates PD; gliosis resolves it (SC-39)", () => {
    const base = sc36([["2024-03-06", { L1: [24, 22] }]]);
    const decline = run("irano", {
      ...base,
      clinical: [{ date: "2024-04-17", status: "worse", attributableToTumor: true }],
    });
    expect(decline.progression).toMatchObject({ date: "2024-03-06", cause: "clinical" });
    const other = run("irano", {
      ...base,
      clinical: [{ date: "2024-04-17", status: "worse", attributableToTumor: false }],
    });
    expect(other.progression.date).toBeNull();
    const gliosis = run("irano", {
      ...base,
      pathology: [{ date: "2024-04-10", result: "treatment_effect" }],
    });
    expect(at(gliosis, "2024-03-06").finalLabel).toBe("SD");
    const tumour = run("irano", { ...base, pathology: [{ date: "2024-04-10", result: "tumor" }] });
    expect(tumour.progression.date).toBe("2024-03-06");
    expect(tumour.progression.rules).toContain("IRANO-12");
  });
  it("IRANO-11: steroid increase/decrease within 2 weeks makes the scan NE; later PD after 6 months (SC-40)", () => {
    const r = run(
      "irano",
      sc36(
        [
          ["2024-03-06", { L1: [19, 18] }],
          ["2024-05-01", { L1: [18, 18] }],
          ["2024-06-26", { L1: [24, 22] }],
          ["2024-07-24", { L1: [25, 22] }],
        ],
        {
          steroids: [
            ["2024-04-22", 4],
            ["2024-06-20", 1],
          ],
        },
      ),
    );
    expect(at(r, "2024-05-01")).toMatchObject({ label: "NE" });
    expect(at(r, "2024-05-01").rules).toContain("IRANO-11");
    expect(at(r, "2024-06-26").label).toBe("NE");
    expect(at(r, "2024-07-24").label).toBe("PD");
    expect(at(r, "2024-07-24").reference?.value).toBe(342);
    expect(r.progression.date).toBe("2024-07-24");
  });
  it("IRANO-4/13 on RANO-BM: new lesions join the sum; not confirmed at 3 months → SD, then PR (SC-35)", () => {
    const r = run("irano", {
      tumorType: "brain_metastasis",
      treatments: [{ type: "immunotherapy", start: "2024-02-01", agent: "ipilimumab + nivolumab" }],
      scans: [
        ["2024-01-25", { T1: [20, 15], T2: [15, 10] }],
        ["2024-04-04", { T1: [22, 15], T2: [16, 10], N1: [8, 6] }],
        ["2024-05-30", { T1: [20, 15], T2: [15, 10], N1: [7, 6] }],
        ["2024-07-04", { T1: [14, 10], T2: [10, 8], N1: "absent" }],
        ["2024-08-01", { T1: [13, 10], T2: [10, 8] }],
      ],
    });
    expect(at(r, "2024-04-04")).toMatchObject({ label: "PD-P", finalLabel: "SD" });
    expect(at(r, "2024-04-04").components[0]!.sum).toBe(46);
    expect(at(r, "2024-07-04").label).toBe("PR");
    expect(r.bestOverallResponse).toMatchObject({ category: "PR", confirmed: true });
    expect(r.progression.date).toBeNull();
  });
});

describe("compare: every applicable criteria side by side", () => {
  it("marks the immunotherapy new-lesion disagreement and names the rules", () => {
    const c = validCase({
      t0: "2024-01-10",
      treatments: [{ type: "immunotherapy", start: "2024-01-10" }],
      scans: [
        ["2024-01-05", { L1: [20, 20] }],
        ["2024-04-10", { L1: [21, 20], N1: [12, 10] }],
      ],
    });
    const ids = ["rano2", "hgg", "mrano", "irano"];
    const cmp = compareCriteria(c, ids.map(getCriteria));
    const row = cmp.rows.find((r) => r.date === "2024-04-10")!;
    expect(row.disagreement).toBe(true);
    expect(row.cells.hgg?.finalLabel).toBe("PD");
    expect(row.cells.irano?.finalLabel).toBe("PD-P");
    expect(row.why.find((w) => w.startsWith("iRANO"))).toContain("IRANO-2");
    expect(cmp.summary.hgg?.progressionDate).toBe("2024-04-10");
    expect(cmp.summary.irano?.progressionDate).toBeNull();
    expect(cmp.endpointDisagreements.some((d) => d.startsWith("progression date: RANO 2.0 2024-04-10"))).toBe(
      true,
    ); // A set without progression says so and why, never "none []".
    const iranoSide = cmp.endpointDisagreements.find(
      (d) => d.startsWith("progression date: RANO 2.0") && d.includes("iRANO"),
    );
    expect(iranoSide).toMatch(
      /vs iRANO \(on RANO-HGG\) no progression \(preliminary progression 2024-04-10 not confirmed\)$/,
    );
    expect(cmp.endpointDisagreements.join("\n")).not.toContain("[]");
  });
  it("rows agree where every criteria gives the same category", () => {
    const c = validCase({
      scans: [
        ["2024-01-25", { L1: [20, 20] }],
        ["2024-03-28", { L1: [20, 19] }],
      ],
    });
    const cmp = compareCriteria(c, ["rano2", "hgg", "mrano"].map(getCriteria));
    expect(cmp.rows.find((r) => r.date === "2024-03-28")!.disagreement).toBe(false);
  });
});
