// One or more tests per RANO 2.0 rule ID; each fails when its rule is removed or changed.
// Values are computed by hand from the rule text (docs/criteria/rano2.md).
import { describe, expect, it } from "vitest";
import type { Rano2Options } from "../../src/engine/criteria/rano2/options.ts";
import { assess } from "../../src/engine/index.ts";
import type { TimepointResult } from "../../src/engine/model/result.ts";
import { type CaseSpec, validCase } from "../support/case-builder.ts";

const run = (spec: CaseSpec, options?: Partial<Rano2Options>) => assess(validCase(spec), "rano2", options);
const at = (r: ReturnType<typeof run>, date: string): TimepointResult => {
  const t = r.timepoints.find((x) => x.date === date && x.kind !== "clinical");
  if (!t) throw new Error(`no time point ${date}`);
  return t;
};
const BL_RECURRENT: CaseSpec["scans"][number] = ["2024-01-25", { L1: [20, 20] }];

describe("RANO2-BASE baseline selection", () => {
  const newlyDiagnosed: CaseSpec = {
    rtEnd: "2024-03-01",
    scans: [
      ["2024-01-10", { L1: [20, 15] }],
      ["2024-03-29", { L1: [30, 20] }],
      ["2024-06-21", { L1: [20, 14] }],
    ],
  };
  it("RANO2-BASE-1: newly diagnosed after RT uses the post-RT scan, not the post-operative one", () => {
    const r = run(newlyDiagnosed);
    expect(r.baselineDate).toBe("2024-03-29");
    expect(at(r, "2024-01-10").kind).toBe("pre_baseline");
    // 280 vs 600 = −53.3% → PR (vs the post-op 300 it would be SD).
    expect(at(r, "2024-06-21").label).toBe("PR");
    expect(at(r, "2024-06-21").changePct).toBe(-53.3);
  });
  it("RANO2-BASE-2: no scan 21–35 days after RT → first post-RT scan with a deviation warning", () => {
    const r = run({
      ...newlyDiagnosed,
      scans: [
        ["2024-01-10", { L1: [20, 15] }],
        ["2024-04-19", { L1: [30, 20] }],
      ],
    });
    expect(r.baselineDate).toBe("2024-04-19");
    expect(r.warnings.map((w) => w.code)).toContain("RANO2-BASE-2");
  });
  it("RANO2-BASE-3: newly diagnosed without RT uses the last scan before treatment", () => {
    const r = run({
      setting: "newly_diagnosed",
      t0: "2024-02-01",
      scans: [
        ["2024-01-05", { L1: [20, 20] }],
        ["2024-01-28", { L1: [22, 20] }],
        ["2024-03-28", { L1: [10, 10] }],
      ],
    });
    expect(r.baselineDate).toBe("2024-01-28");
    expect(r.timepoints.find((t) => t.kind === "baseline")!.rules).toContain("RANO2-BASE-3");
  });
  it("RANO2-BASE-4: recurrent uses the pre-treatment scan and warns when it is > 14 days before", () => {
    const r = run({ t0: "2024-02-20", scans: [BL_RECURRENT, ["2024-03-28", { L1: [20, 20] }]] });
    expect(r.baselineDate).toBe("2024-01-25");
    expect(r.warnings.find((w) => w.code === "RANO2-BASE-4")?.message).toContain("26 days");
  });
});

describe("RANO2-SCOPE tumour components", () => {
  const withNce: CaseSpec = {
    scans: [
      ["2024-01-25", { L1: [20, 20], F1: [40, 30] }],
      ["2024-03-28", { L1: [20, 20], F1: [60, 50] }],
    ],
  };
  it("RANO2-SCOPE-3: IDH-wildtype GBM ignores non-enhancing growth", () => {
    const r = run(withNce);
    expect(at(r, "2024-03-28").label).toBe("SD");
    expect(r.warnings.map((w) => w.code)).toContain("RANO2-SCOPE-3");
  });
  it("RANO2-SCOPE-3: IDH-wildtype GBM on anti-angiogenic therapy assesses non-enhancing disease", () => {
    const r = run({
      ...withNce,
      treatments: [{ type: "antiangiogenic", start: "2024-02-01", agent: "bevacizumab" }],
    });
    expect(at(r, "2024-03-28").label).toBe("PD");
  });
  it("RANO2-SCOPE-4: a mandatory-confirmation protocol makes PD preliminary after 12 weeks too", () => {
    const spec: CaseSpec = { scans: [BL_RECURRENT, ["2024-03-28", { L1: [25, 20] }]] };
    expect(at(run(spec), "2024-03-28").label).toBe("PD");
    const r = run({ ...spec, protocol: { mandatoryConfirmation: true } });
    expect(at(r, "2024-03-28").label).toBe("PD-P");
    expect(at(r, "2024-03-28").rules).toContain("RANO2-SCOPE-4");
  });
});

describe("RANO2-MEAS measurability", () => {
  const single = (l: CaseSpec["scans"][number][1], extra?: CaseSpec["scans"][number][2]): CaseSpec => ({
    scans: [
      ["2024-01-25", l, extra],
      ["2024-03-28", { L1: "absent" }],
    ],
  });
  it("RANO2-MEAS-1: 10 × 10 mm is measurable, 10 × 9.9 mm is not", () => {
    expect(run(single({ L1: [10, 10] })).timepoints[1]!.label).toBe("CR");
    const r = run(single({ L1: [10, 9.9] }));
    expect(r.timepoints[1]!.label).toBe("SD");
    expect(r.warnings.map((w) => w.code)).toContain("RANO2-MEAS-6");
  });
  it("RANO2-MEAS-1: a lesion visible on one slice is not measurable", () => {
    const r = run(single({ L1: { d: [20, 20], slices: 1 } }));
    expect(r.timepoints[1]!.label).toBe("SD");
  });
  it("RANO2-MEAS-2: 5 mm slices + 1.5 mm gap need 13 mm in both diameters", () => {
    expect(run(single({ L1: [14, 12] }, { sliceThicknessMm: 5, sliceGapMm: 1.5 })).timepoints[1]!.label).toBe(
      "SD",
    );
    expect(run(single({ L1: [14, 13] }, { sliceThicknessMm: 5, sliceGapMm: 1.5 })).timepoints[1]!.label).toBe(
      "CR",
    );
    expect(run(single({ L1: [14, 12] }, { sliceThicknessMm: 1, sliceGapMm: 0 })).timepoints[1]!.label).toBe(
      "CR",
    );
  });
  it("RANO2-MEAS-3: volumetric measurability needs ≥ 10 mm in all three extents", () => {
    const spec = (extents: [number, number, number]): CaseSpec => ({
      protocol: { primaryMethod: "volumetric" },
      scans: [
        ["2024-01-25", { L1: { d: [20, 20], volumeCm3: 2, extentsMm: extents } }],
        ["2024-03-28", { L1: "absent" }],
      ],
    });
    expect(run(spec([20, 20, 12])).timepoints[1]!.label).toBe("CR");
    expect(run(spec([20, 20, 8])).timepoints[1]!.label).toBe("SD");
  });
  it("RANO2-MEAS-4: a cavity wall is measurable only through a nodule ≥ 10 × 10 mm, measured by the nodule", () => {
    const cavity = (nodule?: [number, number]) => ({
      d: [30, 25] as [number, number],
      cystOrCavity: true,
      ...(nodule ? { noduleDiametersMm: nodule } : {}),
    });
    expect(run(single({ L1: cavity() })).timepoints[1]!.label).toBe("SD");
    const r = run({
      scans: [
        ["2024-01-25", { L1: cavity([12, 10]) }],
        ["2024-03-28", { L1: { ...cavity([8, 7]) } }],
      ],
    });
    // Nodule 120 → 56 mm² = −53.3%: PR on the nodule, whatever the cavity does.
    expect(r.timepoints[1]!.label).toBe("PR");
  });
  it("RANO2-MEAS-5: an ill-defined lesion is not measurable", () => {
    expect(run(single({ L1: { d: [20, 20], wellDefined: false } })).timepoints[1]!.label).toBe("SD");
  });
  it("RANO2-MEAS-6: non-measurable-only disease is capped at SD but can progress", () => {
    const r = run({
      scans: [
        ["2024-01-25", { L1: [9, 8] }],
        ["2024-03-28", { L1: "absent" }],
        ["2024-05-23", { L1: "absent", N1: [15, 14] }],
      ],
    });
    expect(at(r, "2024-03-28").label).toBe("SD");
    expect(at(r, "2024-03-28").rules).toContain("RANO2-MEAS-6");
    expect(at(r, "2024-05-23").label).toBe("PD");
    expect(r.bestOverallResponse.rules).toContain("END-BOR-3");
  });
});

describe("RANO2-TGT targets", () => {
  const four: CaseSpec = {
    scans: [
      ["2024-01-25", { A: [30, 25], B: [20, 18], C: [15, 12], D: [12, 10] }],
      ["2024-03-28", { A: [20, 18], B: [14, 12], C: [10, 10], D: [12, 10] }],
    ],
  };
  it("RANO2-TGT-1: at most 3 targets; the 3 largest are summed (SC-26: PR, not SD)", () => {
    const r = run(four);
    expect(at(r, "2024-03-28").label).toBe("PR");
    expect(at(r, "2024-03-28").changePct).toBe(-51.3);
  });
  it("RANO2-TGT-1: more than 3 marked targets → warning, largest 3 used", () => {
    const spec = structuredClone(four);
    for (const l of Object.values(spec.scans[0]![1]!)) (l as unknown as { role?: string }).role = "target";
    const marked: CaseSpec = {
      scans: [
        [
          "2024-01-25",
          {
            A: { d: [30, 25], role: "target" },
            B: { d: [20, 18], role: "target" },
            C: { d: [15, 12], role: "target" },
            D: { d: [12, 10], role: "target" },
          },
        ],
        four.scans[1]!,
      ],
    };
    const r = run(marked);
    expect(r.warnings.find((w) => w.code === "RANO2-TGT-1")?.message).toContain("4 enhancing targets marked");
    expect(at(r, "2024-03-28").label).toBe("PR");
  });
  it("RANO2-TGT-1: mixed tumours take at most 2 enhancing + 2 non-enhancing targets", () => {
    const r = run({
      tumorType: "astrocytoma_idh_mutant",
      significantNonEnhancing: true,
      scans: [
        ["2024-01-25", { A: [30, 30], B: [20, 20], C: [15, 15], F1: [40, 30], F2: [30, 20], F3: [20, 20] }],
        ["2024-03-28", { A: [30, 30], B: [20, 20], C: [40, 40], F1: [40, 30], F2: [30, 20], F3: [20, 20] }],
      ],
    });
    const base = r.timepoints.find((t) => t.kind === "baseline")!;
    expect(base.explanation).toContain("enhancing A, B; non-enhancing F1, F2");
    // C is a non-target: its growth is not summed (not unequivocal), so no PD.
    expect(at(r, "2024-03-28").label).toBe("SD");
  });
  it("RANO2-TGT-3: a measurable non-target's growth is not summed unless unequivocal", () => {
    const r = run(four);
    expect(at(r, "2024-03-28").components[0]!.sum).toBe(628);
  });
});

describe("RANO2-THR thresholds, exact arithmetic", () => {
  const follow = (d: [number, number], base: [number, number] = [20, 20]) =>
    run({
      scans: [
        ["2024-01-25", { L1: base }],
        ["2024-03-28", { L1: d }],
      ],
    }).timepoints[1]!;
  it("RANO2-THR-1: exactly +25.0% over the nadir is PD; +24.99% is not", () => {
    expect(follow([25, 20]).label).toBe("PD");
    const t = follow([28.9, 17.3]);
    expect(t.label).toBe("SD");
    // Shown with the digits that keep it below the threshold (+24.99%, not +25.0%): MEAS-4, issue 10.
    expect(t.changePct).toBe(24.99);
  });
  it("RANO2-THR-1: exactly −50.0% from baseline is PR; −49.75% is SD", () => {
    expect(follow([20, 10]).label).toBe("PR");
    const t = follow([20.1, 10]);
    expect(t.label).toBe("SD");
    expect(t.changePct).toBe(-49.8);
  });
  it("RANO2-THR-1 volumetric: −65.0% is PR, −64.99% SD; +40.0% PD, +39.99% SD", () => {
    const vol = (v: number, base = 10) =>
      run({
        protocol: { primaryMethod: "volumetric" },
        scans: [
          ["2024-01-25", { L1: { d: [30, 25], volumeCm3: base } }],
          ["2024-03-28", { L1: { d: [30, 25], volumeCm3: v } }],
        ],
      }).timepoints[1]!.label;
    expect(vol(3.5)).toBe("PR");
    expect(vol(3.501)).toBe("SD");
    expect(vol(14)).toBe("PD");
    expect(vol(13.999)).toBe("SD");
  });
  it("RANO2-THR-1(b): a target reappearing after complete disappearance is PD", () => {
    const r = run({
      scans: [
        ["2024-01-25", { L1: [20, 20] }],
        ["2024-03-28", { L1: "absent" }],
        ["2024-04-25", { L1: "absent" }],
        ["2024-06-20", { L1: [11, 10] }],
      ],
    });
    expect(at(r, "2024-03-28").label).toBe("CR");
    expect(at(r, "2024-06-20").label).toBe("PD");
  });
  it("RANO2-THR-1: PD is against the nadir even while far below baseline (GEN-5)", () => {
    const r = run({
      scans: [
        ["2024-01-25", { L1: [20, 20] }],
        ["2024-03-28", { L1: [20, 10] }],
        ["2024-04-25", { L1: [16, 10] }],
        ["2024-06-20", { L1: [20, 10] }],
      ],
    });
    const t = at(r, "2024-06-20");
    expect(t.label).toBe("PD");
    expect(t.reference).toEqual({ kind: "nadir", date: "2024-04-25", value: 160, unit: "mm²" });
    expect(t.components[0]!.changeFromBaselinePct).toBe(-50);
  });
});

describe("RANO2-TP overall time point", () => {
  const inWindow: CaseSpec = {
    rtEnd: "2024-03-01",
    scans: [
      ["2024-03-29", { L1: [20, 18] }],
      ["2024-05-10", { L1: [26, 22] }],
    ],
  };
  it("RANO2-TP-1: tumour-related decline is PD without confirmation, even inside the window", () => {
    const r = run({
      ...inWindow,
      clinical: [{ date: "2024-05-10", status: "worse", attributableToTumor: true }],
    });
    expect(at(r, "2024-05-10").label).toBe("PD");
    expect(at(r, "2024-05-10").rules).toContain("RANO2-TP-1");
  });
  it("RANO2-TP-1: a decline between scans is PD dated on its own date", () => {
    const r = run({
      scans: [BL_RECURRENT, ["2024-03-28", { L1: [20, 20] }], ["2024-05-23", { L1: [20, 20] }]],
      clinical: [{ date: "2024-04-10", status: "worse", attributableToTumor: true, kps: 50 }],
    });
    expect(r.progression.date).toBe("2024-04-10");
    expect(r.progression.cause).toBe("clinical");
    expect(at(r, "2024-05-23").kind).toBe("after_progression");
  });
  it("RANO2-TP-2: pathology showing tumour confirms a preliminary PD, back-dated", () => {
    const r = run({ ...inWindow, pathology: [{ date: "2024-05-20", result: "tumor" }] });
    expect(r.progression.date).toBe("2024-05-10");
    expect(r.progression.rules).toContain("RANO2-TP-2");
  });
  it("RANO2-TP-3: imaging PD outside the window needs no confirmation", () => {
    const r = run({ scans: [BL_RECURRENT, ["2024-03-28", { L1: [25, 20] }]] });
    expect(at(r, "2024-03-28").status).toBe("immediate");
  });
  it("RANO2-TP-4: CR imaging with steroids above physiologic (but ≤ baseline) is PR", () => {
    const r = run({
      scans: [
        ["2024-01-25", { L1: [15, 12] }],
        ["2024-03-28", { L1: "absent" }],
        ["2024-04-25", { L1: "absent" }],
      ],
      steroids: [
        ["2024-01-01", 4],
        ["2024-03-20", 2],
        ["2024-04-20", 0.5],
      ],
    });
    expect(at(r, "2024-03-28").label).toBe("PR");
    expect(at(r, "2024-03-28").rules).toContain("RANO2-TP-4");
    expect(at(r, "2024-04-25").label).toBe("CR");
    expect(at(r, "2024-04-25").rules).toContain("RANO2-TP-5");
  });
  it("RANO2-TP-5/STER-1: physiologic ceiling is an option (AMB-12)", () => {
    const spec: CaseSpec = {
      scans: [
        ["2024-01-25", { L1: [15, 12] }],
        ["2024-03-28", { L1: "absent" }],
      ],
      steroids: [
        ["2024-01-01", 4],
        ["2024-03-20", 1],
      ],
    };
    expect(at(run(spec), "2024-03-28").label).toBe("PR");
    expect(at(run(spec, { physiologicMaxDexEqMgPerDay: 1 }), "2024-03-28").label).toBe("CR");
  });
  it("RANO2-TP-6: PR / SD follow the imaging category", () => {
    const r = run({
      scans: [BL_RECURRENT, ["2024-03-28", { L1: [20, 10] }], ["2024-04-25", { L1: [20, 12] }]],
    });
    expect(at(r, "2024-03-28").rules).toContain("RANO2-TP-6");
    expect(at(r, "2024-04-25").label).toBe("SD");
  });
  it("RANO2-TP-7: decline from a non-tumour cause does not block a response, it is flagged", () => {
    const r = run({
      scans: [BL_RECURRENT, ["2024-03-28", { L1: [20, 10] }]],
      clinical: [{ date: "2024-03-28", status: "worse", attributableToTumor: false }],
    });
    expect(at(r, "2024-03-28").label).toBe("PR");
    expect(at(r, "2024-03-28").warnings.map((w) => w.code)).toContain("RANO2-TP-7");
  });
  it("RANO2-TP-8: death before a documented progression counts as progression", () => {
    const r = run({
      scans: [BL_RECURRENT, ["2024-03-28", { L1: [20, 20] }]],
      events: [{ type: "death", date: "2024-04-15" }],
    });
    expect(r.progression).toMatchObject({ date: "2024-04-15", cause: "death" });
    expect(r.pfs).toMatchObject({ event: true, date: "2024-04-15" });
  });
});

describe("RANO2-CONF confirmation of progression", () => {
  const window = (follow: CaseSpec["scans"], extra: Partial<CaseSpec> = {}): CaseSpec => ({
    rtEnd: "2024-03-01",
    scans: [["2024-03-29", { L1: [20, 20] }], ...follow],
    ...extra,
  });
  it("RANO2-CONF-1: day 84 after RT is inside the window (PD-P), day 85 is outside (PD)", () => {
    expect(at(run(window([["2024-05-24", { L1: [25, 20] }]])), "2024-05-24").label).toBe("PD-P");
    expect(at(run(window([["2024-05-25", { L1: [25, 20] }]])), "2024-05-25").label).toBe("PD");
    expect(
      at(run(window([["2024-05-24", { L1: [25, 20] }]]), { pseudoprogressionWindowDays: 83 }), "2024-05-24")
        .label,
    ).toBe("PD");
  });
  it("RANO2-CONF-1(d)/AMB-4: new enhancement outside the radiation field is PD at once (option: confirm)", () => {
    const spec = window([["2024-05-17", { L1: [21, 20], N1: { d: [12, 11], outsideRadiationField: true } }]]);
    expect(at(run(spec), "2024-05-17").label).toBe("PD");
    expect(at(run(spec, { outOfFieldInWindow: "needs_confirmation" }), "2024-05-17").label).toBe("PD-P");
  });
  it("RANO2-CONF-2: IDH-mutant preliminary PD in the window cites the IDH-mutant recommendation", () => {
    const r = run({ ...window([["2024-05-10", { L1: [25, 20] }]]), tumorType: "astrocytoma_idh_mutant" });
    expect(at(r, "2024-05-10").rules).toContain("RANO2-CONF-2");
  });
  it("RANO2-CONF-3/5: the anchor sum includes new lesions; +25% over it confirms, back-dated", () => {
    const r = run(
      window([
        ["2024-05-17", { L1: [21, 20], N1: [12, 11] }],
        ["2024-06-14", { L1: [22, 20], N1: [18, 16] }],
      ]),
    );
    expect(at(r, "2024-05-17").label).toBe("PD-P");
    expect(at(r, "2024-05-17").components[0]!.sum).toBe(552);
    expect(at(r, "2024-06-14").label).toBe("PD");
    expect(at(r, "2024-05-17").finalLabel).toBe("PD");
    expect(r.progression).toMatchObject({ date: "2024-05-17", establishedOn: "2024-06-14" });
  });
  it("RANO2-CONF-4: a scan 27 days after the anchor cannot confirm; 28 days can", () => {
    const r27 = run(
      window([
        ["2024-04-26", { L1: [23, 22] }],
        ["2024-05-23", { L1: [28, 24] }],
      ]),
    );
    expect(at(r27, "2024-05-23").label).toBe("PD-P");
    expect(at(r27, "2024-05-23").rules).toContain("RANO2-CONF-4");
    const r28 = run(
      window([
        ["2024-04-26", { L1: [23, 22] }],
        ["2024-05-24", { L1: [28, 24] }],
      ]),
    );
    expect(at(r28, "2024-05-24").label).toBe("PD");
    expect(r28.progression.date).toBe("2024-04-26");
  });
  it("RANO2-CONF-6: back below 125% of the nadir resolves the anchor to SD (pseudoprogression)", () => {
    const r = run(
      window([
        ["2024-05-10", { L1: [30, 22] }],
        ["2024-06-07", { L1: [24, 20] }],
      ]),
    );
    expect(at(r, "2024-05-10")).toMatchObject({ label: "PD-P", finalLabel: "SD", status: "resolved" });
    expect(at(r, "2024-06-07").label).toBe("SD");
    expect(r.progression.date).toBeNull();
  });
  it("RANO2-CONF-6: a new lesion still measurable keeps the anchor unresolved", () => {
    const r = run(
      window([
        ["2024-05-17", { L1: [21, 20], N1: [12, 11] }],
        ["2024-06-14", { L1: [18, 18], N1: [11, 10] }],
      ]),
    );
    expect(at(r, "2024-06-14").label).toBe("PD-P");
    expect(at(r, "2024-06-14").explanation).toContain("N1 still measurable");
  });
  it("RANO2-CONF-7 / AMB-1: persisting PD-P; the persistence policy confirms instead", () => {
    const spec = window([
      ["2024-04-26", { L1: [23, 22] }],
      ["2024-05-24", { L1: [25, 22] }],
    ]);
    expect(at(run(spec), "2024-05-24").label).toBe("PD-P");
    expect(at(run(spec), "2024-05-24").rules).toContain("RANO2-CONF-7");
    const p = run(spec, { confirmPolicy: "persistence" });
    expect(at(p, "2024-05-24").label).toBe("PD");
    expect(p.progression.date).toBe("2024-04-26");
  });
  it("RANO2-CONF-8: death while a PD-P is pending back-dates PD to the anchor", () => {
    const r = run({
      ...window([["2024-05-10", { L1: [30, 22] }]]),
      events: [{ type: "death", date: "2024-05-30" }],
    });
    expect(r.progression).toMatchObject({ date: "2024-05-10" });
    expect(r.progression.rules).toContain("RANO2-CONF-8");
  });
  it("END-PFS-5: an unconfirmed PD-P at the data cut is censored before the anchor (option: event)", () => {
    const spec = window([
      ["2024-04-26", { L1: [20, 20] }],
      ["2024-05-10", { L1: [30, 22] }],
    ]);
    expect(run(spec).pfs).toMatchObject({ event: false, date: "2024-04-26" });
    expect(run(spec, { unconfirmedAtCutoff: "event" }).pfs).toMatchObject({
      event: true,
      date: "2024-05-10",
    });
    expect(at(run(spec), "2024-05-10").nextAction).toContain("confirmation scan due on or after 2024-06-07");
  });
});

describe("RANO2-NEW new lesions", () => {
  it("RANO2-NEW-1: a new measurable lesion after the window is PD even with targets in PR", () => {
    const r = run({
      rtEnd: "2024-03-01",
      scans: [
        ["2024-03-29", { L1: [20, 20] }],
        ["2024-07-05", { L1: [15, 12] }],
        ["2024-09-27", { L1: [14, 12], N1: [11, 10] }],
      ],
    });
    expect(at(r, "2024-09-27").label).toBe("PD");
    expect(at(r, "2024-09-27").rules).toContain("RANO2-NEW-1");
  });
  it("RANO2-NEW-2: a new non-measurable lesion is not PD, blocks CR, and is PD once measurable (AMB-6)", () => {
    const spec: CaseSpec = {
      scans: [
        BL_RECURRENT,
        ["2024-03-28", { L1: "absent", N1: [6, 5] }],
        ["2024-05-23", { L1: "absent", N1: [12, 11] }],
      ],
    };
    const r = run(spec);
    // Targets gone but a new lesion is present: CR is blocked, the category is PR (not PD).
    expect(at(r, "2024-03-28").label).toBe("PR");
    expect(at(r, "2024-05-23").label).toBe("PD");
    expect(r.progression.date).toBe("2024-05-23");
    expect(run(spec, { newNonMeasurableDate: "first_appearance" }).progression.date).toBe("2024-03-28");
  });
  it("RANO2-NEW-3: new enhancement in a non-enhancing tumour inside the window is preliminary", () => {
    const r = run({
      tumorType: "oligodendroglioma",
      significantNonEnhancing: true,
      rtEnd: "2024-03-01",
      scans: [
        ["2024-03-29", { F1: [40, 30] }],
        ["2024-05-10", { F1: [41, 30], N1: [11, 10] }],
        ["2024-06-07", { F1: [40, 30], N1: [8, 6] }],
      ],
    });
    expect(at(r, "2024-05-10").label).toBe("PD-P");
    expect(at(r, "2024-05-10").finalLabel).toBe("SD");
    expect(at(r, "2024-06-07").label).toBe("SD");
  });
});

describe("RANO2-NT non-target disease", () => {
  const spec: CaseSpec = {
    scans: [
      ["2024-01-25", { T1: [25, 20], T2: [20, 15], NT1: { d: [8, 6] } }],
      ["2024-03-28", { T1: [17, 14], T2: [13, 11], NT1: { d: [8, 6] } }],
      ["2024-04-25", { T1: [16, 14], T2: [13, 10], NT1: { d: [8, 6] } }],
      ["2024-06-20", { T1: [16, 14], T2: [13, 10], NT1: { d: [12, 10] } }],
      ["2024-07-18", { T1: [16, 14], T2: [13, 10], NT1: { d: [16, 14] } }],
    ],
  };
  it("RANO2-NT-1 + NT-2: a non-target grown to measurable joins the sum with its retrospective reference", () => {
    const r = run(spec);
    expect(at(r, "2024-06-20").label).toBe("SD");
    expect(at(r, "2024-06-20").rules).toContain("RANO2-NT-1");
    expect(at(r, "2024-06-20").changePct).toBe(17.9); // 474 vs 402
    expect(at(r, "2024-07-18").label).toBe("PD");
  });
  it("RANO2-NT-2: targets in PR but a non-target grew → SD", () => {
    const r = run({
      scans: [
        ["2024-01-25", { T1: [40, 40], NT1: { d: [8, 6] } }],
        ["2024-03-28", { T1: [20, 20], NT1: { d: [12, 10] } }],
      ],
    });
    // 400 + 120 = 520 vs 1600 + 48 = 1648: −68.4% would be PR; the grown non-target makes it SD.
    expect(at(r, "2024-03-28").label).toBe("SD");
    expect(at(r, "2024-03-28").rules).toContain("RANO2-NT-2");
  });
  it("AMB-7: with a zero reference the same growth is PD at once", () => {
    expect(at(run(spec, { nonTargetReference: "zero" }), "2024-06-20").label).toBe("PD");
  });
  it("RANO2-NT-1: unequivocal progression of an unmeasured non-target is PD", () => {
    const r = run({
      scans: [
        ["2024-01-25", { T1: [25, 20], NT1: { status: "present" } }],
        ["2024-03-28", { T1: [25, 20], NT1: { status: "unequivocal_progression" } }],
      ],
    });
    expect(at(r, "2024-03-28").label).toBe("PD");
  });
});

describe("RANO2-STER steroids", () => {
  it("RANO2-STER-2/3: dose above baseline with stable imaging is IND; tapered back → SD", () => {
    const r = run({
      scans: [BL_RECURRENT, ["2024-03-28", { L1: [21, 20] }], ["2024-05-23", { L1: [21, 20] }]],
      steroids: [
        ["2024-01-01", 2],
        ["2024-03-10", 6],
        ["2024-05-01", 2],
      ],
    });
    expect(at(r, "2024-03-28")).toMatchObject({ label: "IND", finalLabel: "SD", status: "resolved" });
    expect(at(r, "2024-05-23").label).toBe("SD");
  });
  it("RANO2-STER-3 / AMB-8: later tumour decline → PD at the first IND assessment (option: increase start)", () => {
    const spec: CaseSpec = {
      scans: [BL_RECURRENT, ["2024-03-28", { L1: [22, 20] }], ["2024-05-23", { L1: [23, 20] }]],
      steroids: [
        ["2024-03-20", 4],
        ["2024-05-01", 8],
      ],
      clinical: [{ date: "2024-05-23", status: "worse", attributableToTumor: true }],
    };
    expect(run(spec).progression.date).toBe("2024-03-28");
    expect(run(spec, { steroidPdDate: "steroid_increase_start" }).progression.date).toBe("2024-03-20");
  });
  it("STER-6 / AMB-13: growth during a taper is IND, PD back-dated if still met", () => {
    const spec = (last: [number, number]): CaseSpec => ({
      scans: [
        BL_RECURRENT,
        ["2024-03-28", { L1: [18, 18] }],
        ["2024-05-23", { L1: [21, 20] }],
        ["2024-06-20", { L1: last }],
      ],
      steroids: [
        ["2024-01-01", 8],
        ["2024-05-01", 2],
      ],
    });
    const a = run(spec([23, 21]));
    expect(at(a, "2024-05-23").label).toBe("IND");
    expect(a.progression.date).toBe("2024-05-23");
    const b = run(spec([19, 18]));
    expect(at(b, "2024-05-23").finalLabel).toBe("SD");
    expect(run(spec([19, 18]), { growthDuringTaper: "progression" }).progression.date).toBe("2024-05-23");
  });
  it("STER-1: other glucocorticoids are converted to dexamethasone equivalents", () => {
    const r = assess(validCase({ scans: [BL_RECURRENT, ["2024-03-28", { L1: [20, 20] }]] }), "rano2");
    expect(r.timepoints[1]!.steroidDexEqMgPerDay).toBe(0);
    const c = validCase({ scans: [BL_RECURRENT, ["2024-03-28", { L1: [20, 20] }]] });
    c.steroids = [{ date: "2024-03-01", agent: "prednisone", doseMgPerDay: 10 }];
    expect(assess(c, "rano2").timepoints[1]!.steroidDexEqMgPerDay).toBe(1.5);
  });
});

describe("RANO2-MIX and RANO2-DUR", () => {
  const mixed = (nce2: [number, number]): CaseSpec => ({
    tumorType: "astrocytoma_idh_mutant",
    significantNonEnhancing: true,
    scans: [
      ["2024-01-25", { C1: [12, 10], F1: [40, 30], F2: [20, 15] }],
      ["2024-03-28", { C1: [8, 7], F1: [33, 25], F2: nce2 }],
    ],
  });
  it("RANO2-MIX-2 / AMB-9: enhancing PR + non-enhancing MR = MR by default, PR as an option", () => {
    expect(at(run(mixed([20, 15])), "2024-03-28").label).toBe("MR");
    expect(at(run(mixed([20, 15]), { mixedPrWithMr: "PR" }), "2024-03-28").label).toBe("PR");
    expect(at(run(mixed([19, 14])), "2024-03-28").label).toBe("MR");
  });
  it("RANO2-MIX-1/3: non-enhancing PD in the window is immediate, enhancing PD preliminary", () => {
    const base = {
      tumorType: "astrocytoma_idh_mutant" as const,
      significantNonEnhancing: true,
      rtEnd: "2024-03-01",
    };
    const nce = run({
      ...base,
      scans: [
        ["2024-03-29", { C1: [12, 10], F1: [40, 30] }],
        ["2024-05-10", { C1: [12, 10], F1: [46, 33] }],
      ],
    });
    expect(at(nce, "2024-05-10").label).toBe("PD");
    expect(at(nce, "2024-05-10").rules).toEqual(expect.arrayContaining(["RANO2-MIX-1", "RANO2-MIX-3"]));
    const ce = run({
      ...base,
      scans: [
        ["2024-03-29", { C1: [12, 10], F1: [40, 30] }],
        ["2024-05-10", { C1: [15, 12], F1: [40, 30] }],
      ],
    });
    expect(at(ce, "2024-05-10").label).toBe("PD-P");
  });
  it("RANO2-DUR-1: a PR is confirmed only by a PR/CR ≥ 28 days later", () => {
    const r = run({
      scans: [
        ["2024-01-25", { L1: [30, 20] }],
        ["2024-03-28", { L1: [20, 15] }],
        ["2024-04-24", { L1: [20, 14] }],
        ["2024-05-22", { L1: [19, 14] }],
      ],
    });
    expect(at(r, "2024-03-28").status).toBe("confirmed");
    expect(at(r, "2024-03-28").explanation).toContain("confirmed by 2024-05-22");
    expect(r.bestOverallResponse).toMatchObject({ category: "PR", confirmed: true, date: "2024-03-28" });
  });
  it("RANO2-DUR-2: an unconfirmed PR counts as SD for best response when ≥ 56 days after T0", () => {
    const r = run({
      scans: [
        ["2024-01-25", { L1: [30, 20] }],
        ["2024-03-28", { L1: [20, 15] }],
        ["2024-04-25", { L1: [24, 18] }],
        ["2024-06-19", { L1: [24, 18] }],
      ],
    });
    expect(at(r, "2024-03-28").label).toBe("PR");
    expect(at(r, "2024-03-28").status).toBe("unconfirmed");
    expect(r.bestOverallResponse.category).toBe("SD");
  });
});

describe("GEN-6 not evaluable", () => {
  it("a missing target makes the time point NE, skipped for the nadir, without breaking confirmation", () => {
    const r = run({
      scans: [
        BL_RECURRENT,
        ["2024-03-28", { L1: [14, 14] }],
        ["2024-04-25", { L1: { status: "not_evaluable" } }],
        ["2024-05-23", { L1: [14, 13] }],
        ["2024-07-18", { L1: [17, 14] }],
      ],
    });
    expect(at(r, "2024-04-25").label).toBe("NE");
    expect(at(r, "2024-03-28").status).toBe("confirmed");
    expect(at(r, "2024-07-18").label).toBe("PD");
    expect(at(r, "2024-07-18").reference?.value).toBe(182);
  });
  it("a new measurable lesion still proves PD when a target is unmeasured", () => {
    const r = run({
      scans: [BL_RECURRENT, ["2024-03-28", { L1: { status: "not_evaluable" }, N1: [15, 12] }]],
    });
    expect(at(r, "2024-03-28").label).toBe("PD");
  });
});
