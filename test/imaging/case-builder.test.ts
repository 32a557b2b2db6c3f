import { describe, expect, it } from "vitest";
import { assess, type Case, parseCase } from "../../src/engine/index.ts";
import {
  buildCase,
  chooseTargets,
  type TargetCandidate,
  type TargetRules,
} from "../../src/imaging/case-builder/index.ts";
import { ImagingInputError } from "../../src/imaging/errors.ts";
import { trackSeries } from "../../src/imaging/tracking/index.ts";
import type { MaskMeasurement } from "../../src/imaging/types.ts";
import { cube, lesion, mask } from "./support/synthetic.ts";

const cand = (
  id: string,
  ld: number,
  perp: number,
  extra: Partial<TargetCandidate> = {},
): TargetCandidate => ({
  id,
  component: "enhancing",
  longestMm: ld,
  perpendicularMm: perp,
  sliceCount: 5,
  cystOrCavity: false,
  ...extra,
});

const GBM = { id: "P-TEST", tumorType: "glioblastoma_idh_wildtype" as const, setting: "recurrent" as const };

function parsed(doc: unknown): Case {
  const r = parseCase(doc);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
}

function build(
  series: MaskMeasurement[],
  dates: string[],
  extra: Partial<Parameters<typeof buildCase>[0]> = {},
) {
  return buildCase({ tracking: trackSeries(series), dates, patient: GBM, ...extra });
}

const lesionsAt = (doc: ReturnType<typeof build>["document"], t: number) =>
  Object.fromEntries((doc.assessments[t]!.lesions ?? []).map((l) => [l.id, l]));

describe("chooseTargets", () => {
  const rano2: TargetRules = { criteria: "rano2", components: ["enhancing"] };

  it("RANO 2.0: the three largest products among measurable lesions", () => {
    const c = [
      cand("A", 20, 10), // 200
      cand("B", 15, 15), // 225
      cand("C", 30, 9), // not measurable: 9 mm < 10 mm
      cand("D", 12, 11), // 132
      cand("E", 14, 12), // 168
    ];
    const r = chooseTargets(c, rano2);
    expect(r.targets).toEqual(["A", "B", "E"]);
    expect(r.nonTargets).toEqual(["C", "D"]);
    expect(r.measurability.get("C")!.measurable).toBe(false);
    expect(r.notes.join()).toMatch(/1 further measurable/);
  });

  it("RANO 2.0: 2 + 2 when both components are assessed and measurable, 3 otherwise", () => {
    const both = { criteria: "rano2" as const, components: ["enhancing", "non_enhancing"] as const };
    const c = [
      cand("E1", 20, 20),
      cand("E2", 15, 15),
      cand("E3", 12, 12),
      cand("N1", 30, 30, { component: "non_enhancing" }),
      cand("N2", 25, 25, { component: "non_enhancing" }),
      cand("N3", 11, 11, { component: "non_enhancing" }),
    ];
    expect(chooseTargets(c, { ...both, components: [...both.components] }).targets).toEqual([
      "E1",
      "E2",
      "N1",
      "N2",
    ]);
    const noMeasurableN = c.map((x) => (x.component === "non_enhancing" ? { ...x, perpendicularMm: 8 } : x));
    expect(chooseTargets(noMeasurableN, { ...both, components: [...both.components] }).targets).toEqual([
      "E1",
      "E2",
      "E3",
    ]);
  });

  it("measurability: slices, cavities, thick slices; RANO-BM by longest diameter", () => {
    const r = (x: TargetCandidate, rules = rano2) => chooseTargets([x], rules).targets.length === 1;
    expect(r(cand("A", 12, 10))).toBe(true);
    expect(r(cand("A", 12, 10, { sliceCount: 1 }))).toBe(false);
    expect(r(cand("A", 30, 30, { cystOrCavity: true }))).toBe(false);
    // 6 mm slices: 2 × 6 = 12 mm minimum (RANO2-MEAS-2).
    expect(r(cand("A", 14, 11), { ...rano2, sliceSpacingMm: 6 })).toBe(false);
    expect(r(cand("A", 14, 12), { ...rano2, sliceSpacingMm: 6 })).toBe(true);
    const bm: TargetRules = { criteria: "bm", components: ["enhancing"] };
    expect(r(cand("A", 12, 6), bm)).toBe(true); // LD ≥ 10, perpendicular ≥ 5
    expect(r(cand("A", 12, 4), bm)).toBe(false);
    expect(r(cand("A", 9.9, 9), bm)).toBe(false);
  });

  it("RANO-BM ranks by longest diameter, up to 5; RANO 2.0 by product", () => {
    const c = [
      cand("A", 30, 6), // LD 30, product 180
      cand("B", 20, 20), // LD 20, product 400
      cand("C", 19, 19),
      cand("D", 18, 18),
      cand("E", 17, 17),
      cand("F", 16, 16),
    ];
    const bm = chooseTargets(c, { criteria: "bm", components: ["enhancing"] });
    expect(bm.targets).toEqual(["A", "B", "C", "D", "E"]);
    const r2 = chooseTargets(
      c.map((x) => (x.id === "A" ? { ...x, perpendicularMm: 10 } : x)),
      rano2,
    );
    expect(r2.targets).toEqual(["B", "C", "D"]);
  });

  it("applies and checks user overrides", () => {
    const c = [cand("A", 20, 20), cand("B", 15, 15), cand("C", 12, 12), cand("D", 11, 11), cand("S", 8, 8)];
    expect(chooseTargets(c, rano2, { targets: ["D", "C"] }).targets).toEqual(["C", "D"]);
    expect(chooseTargets(c, rano2, { nonTargets: ["A"] }).targets).toEqual(["B", "C", "D"]);
    expect(() => chooseTargets(c, rano2, { targets: ["X"] })).toThrow(
      /X is not a baseline lesion.*A, B, C, D, S/,
    );
    expect(() => chooseTargets(c, rano2, { targets: ["S"] })).toThrow(/S cannot be a target: not measurable/);
    expect(() => chooseTargets(c, rano2, { targets: ["A", "B", "C", "D"] })).toThrow(/4 enhancing targets/);
    expect(() => chooseTargets(c, rano2, { targets: ["A"], nonTargets: ["A"] })).toThrow(ImagingInputError);
  });
});

describe("buildCase", () => {
  const dates3 = ["2024-01-10", "2024-03-05", "2024-05-02"];

  it("checks dates and the baseline date", () => {
    const series = [mask("a.nii.gz", []), mask("b.nii.gz", [])];
    expect(() => build(series, ["2024-01-10"])).toThrow(/1 date\(s\) for 2 mask/);
    expect(() => build(series, ["2024-01-10", "2024-02-30"])).toThrow(/date 2 "2024-02-30" \(b\.nii\.gz\)/);
    expect(() => build(series, ["2024-03-10", "2024-03-10"])).toThrow(/strictly ascending.*b\.nii\.gz/);
    expect(() => build(series, ["2024-03-10", "2024-01-10"])).toThrow(/strictly ascending/);
    expect(() => build(series, ["2024-01-10", "2024-02-10"], { baselineDate: "2024-01-11" })).toThrow(
      /--baseline: 2024-01-11 is not one of the mask dates/,
    );
  });

  it("writes targets, non-targets, disappeared and new lesions, and the engine accepts the case", () => {
    const series = [
      mask("t0", [
        lesion("E1", "enhancing", [cube([5, 5, 2], 20)], { diametersMm: [20, 16] }),
        lesion("E2", "enhancing", [cube([40, 5, 2], 12)], { diametersMm: [12, 11] }),
        lesion("E3", "enhancing", [cube([5, 40, 2], 6)], { diametersMm: [6, 5] }),
      ]),
      mask("t1", [
        lesion("E1", "enhancing", [cube([5, 5, 2], 16)], { diametersMm: [16, 12] }),
        lesion("E2", "enhancing", [cube([5, 40, 2], 6)], { diametersMm: [6, 5] }),
      ]),
      mask("t2", [
        lesion("E1", "enhancing", [cube([5, 5, 2], 16)], { diametersMm: [16, 12] }),
        lesion("E2", "enhancing", [cube([40, 40, 2], 14)], { diametersMm: [14, 12] }),
      ]),
    ];
    const built = build(series, dates3);
    const doc = built.document;
    expect(built.targets).toEqual(["L1", "L2"]);
    expect(built.nonTargets).toEqual(["L3"]);
    expect(built.newLesions).toEqual([{ id: "L4", firstSeen: "2024-05-02" }]);
    // No --baseline: the first scan is the baseline but is not marked as the user's choice.
    expect(doc.assessments[0]!.baseline).toBeUndefined();
    expect(lesionsAt(doc, 0).L1).toMatchObject({ role: "target", status: "present", diametersMm: [20, 16] });
    expect(lesionsAt(doc, 0).L3).toMatchObject({ role: "non_target", diametersMm: [6, 5] });
    // L2 disappeared at t1: target → 0 × 0 mm, 0 mm³.
    expect(lesionsAt(doc, 1).L2).toMatchObject({
      role: "target",
      status: "absent",
      diametersMm: [0, 0],
      volumeMm3: 0,
    });
    expect(lesionsAt(doc, 1).L3).toMatchObject({ role: "non_target", status: "present" });
    expect(lesionsAt(doc, 2).L3).toMatchObject({ role: "non_target", status: "absent" });
    expect(lesionsAt(doc, 2).L3!.diametersMm).toBeUndefined();
    expect(lesionsAt(doc, 1).L4).toBeUndefined();
    expect(lesionsAt(doc, 2).L4).toMatchObject({ role: "new", status: "present", diametersMm: [14, 12] });
    expect(doc.assessments[2]!.note).toMatch(/new: L4/);

    const c = parsed(doc);
    const r = assess(c, "rano2");
    expect(r.baselineDate).toBe("2024-01-10");
    expect(JSON.stringify(r)).not.toMatch(/chosen by the user/);
    // Baseline sum of target products: 20·16 + 12·11 = 452 mm².
    expect(r.timepoints.find((t) => t.kind === "baseline")!.components[0]!.sum).toBe(452);
    // t1: 16·12 + 0 = 192 mm², −57.5 % → partial response; t2: a new measurable lesion → progression.
    expect(r.timepoints[1]!.components[0]!.sum).toBe(192);
    expect(r.timepoints[1]!.label).toBe("PR");
    expect(r.timepoints[2]!.label).toMatch(/^PD/);
    // The engine sees the same roles.
    expect(r.lesions.map((l) => [l.id, l.role])).toEqual([
      ["L1", "target"],
      ["L2", "target"],
      ["L3", "non_target"],
      ["L4", "new"],
    ]);
  });

  it("a shrinking lesion responds and a growing lesion progresses under RANO 2.0", () => {
    const sizes = (ds: [number, number][]) =>
      ds.map(([a, b], t) =>
        mask(`t${t}`, [
          lesion("E1", "enhancing", [cube([20, 20, 2], Math.round(a))], { diametersMm: [a, b] }),
        ]),
      );
    const dates = ["2024-01-10", "2024-03-05", "2024-05-02", "2024-07-01"];
    const shrink = assess(
      parsed(
        build(
          sizes([
            [30, 24],
            [20, 15],
            [14, 10],
            [12, 10],
          ]),
          dates,
        ).document,
      ),
      "rano2",
    );
    expect(shrink.timepoints.map((t) => t.finalLabel)).toEqual([null, "PR", "PR", "PR"]);
    expect(shrink.bestOverallResponse.category).toBe("PR");
    const grow = assess(
      parsed(
        build(
          sizes([
            [20, 16],
            [22, 18],
            [28, 22],
            [32, 26],
          ]),
          dates,
        ).document,
      ),
      "rano2",
    );
    // 396/320 = +23.8 % is stable; 616/320 = +92.5 % is progression.
    expect(grow.timepoints[1]!.label).toBe("SD");
    expect(grow.timepoints[2]!.label).toMatch(/^PD/);
    expect(grow.progression.date).not.toBeNull();
  });

  it("sums a split target's fragments and zeroes a merged-away target", () => {
    const series = [
      mask("t0", [
        lesion(
          "E1",
          "enhancing",
          [
            cube([10, 10, 2], 12),
            [
              [22, 14, 3],
              [30, 18, 5],
            ],
            cube([30, 12, 2], 8),
          ],
          {
            diametersMm: [30, 14],
          },
        ),
        lesion("E2", "enhancing", [cube([45, 45, 2], 12)], { diametersMm: [12, 12] }),
        lesion("E3", "enhancing", [cube([45, 25, 2], 10)], { diametersMm: [11, 10] }),
      ]),
      mask("t1", [
        lesion("E1", "enhancing", [cube([10, 10, 2], 12)], { diametersMm: [12, 11] }),
        lesion("E2", "enhancing", [cube([30, 12, 2], 8)], { diametersMm: [10, 8] }),
        // E2 and E3 of t0 joined by a bridge.
        lesion(
          "E3",
          "enhancing",
          [
            cube([45, 45, 2], 12),
            [
              [48, 35, 3],
              [52, 45, 5],
            ],
            cube([45, 25, 2], 10),
          ],
          {
            diametersMm: [32, 12],
          },
        ),
      ]),
    ];
    const built = build(series, ["2024-01-10", "2024-03-05"]);
    expect(built.targets).toEqual(["L1", "L2", "L3"]);
    const t1 = lesionsAt(built.document, 1);
    // L1 split into L1 (12×11) and L1.b (10×8): product 132 + 80 = 212 mm², written as 212/12 × 12.
    expect(t1.L1!.diametersMm![1]).toBe(12);
    expect(t1.L1!.diametersMm![0] * t1.L1!.diametersMm![1]).toBeCloseTo(212, 1);
    expect(t1["L1.b"]).toBeUndefined();
    // L3 merged into L2 (the larger parent): recorded as 0, L2 carries 32 × 12.
    expect(t1.L2).toMatchObject({ diametersMm: [32, 12] });
    expect(t1.L3).toMatchObject({ status: "present", diametersMm: [0, 0], volumeMm3: 0 });
    expect(built.document.assessments[1]!.note).toMatch(/L1 split into L1, L1\.b/);
    expect(built.document.assessments[1]!.note).toMatch(/L3 merged into L2/);
    const r = assess(parsed(built.document), "rano2");
    // Baseline 30·14 + 12·12 + 11·10 = 674; t1 = 212 + 384 + 0 = 596 mm².
    expect(r.timepoints[0]!.components[0]!.sum).toBe(674);
    expect(r.timepoints[1]!.components[0]!.sum).toBeCloseTo(596, 0);
  });

  it("RANO-BM: sums fragment longest diameters; unidimensional sums in the engine", () => {
    const series = [
      mask("t0", [
        lesion(
          "E1",
          "enhancing",
          [
            cube([10, 10, 2], 12),
            [
              [22, 14, 3],
              [30, 18, 5],
            ],
            cube([30, 12, 2], 8),
          ],
          {
            diametersMm: [30, 14],
          },
        ),
      ]),
      mask("t1", [
        lesion("E1", "enhancing", [cube([10, 10, 2], 12)], { diametersMm: [12, 11] }),
        lesion("E2", "enhancing", [cube([30, 12, 2], 8)], { diametersMm: [10, 8] }),
      ]),
    ];
    const built = buildCase({
      tracking: trackSeries(series),
      dates: ["2024-01-10", "2024-03-05"],
      patient: { id: "P-BM", tumorType: "brain_metastasis", setting: "recurrent" },
    });
    expect(built.criteria).toBe("bm");
    expect(lesionsAt(built.document, 1).L1).toMatchObject({ diametersMm: [22, 11] });
    const r = assess(parsed(built.document), "bm");
    expect(r.timepoints[0]!.components[0]!.sum).toBe(30);
    expect(r.timepoints[1]!.components[0]!.sum).toBe(22);
  });

  it("agrees with the engine's own target choice when the roles are left out", () => {
    const sizes: [number, number][] = [
      [25, 12],
      [18, 18],
      [30, 10],
      [14, 13],
      [9, 9],
    ];
    const series = [
      mask(
        "t0",
        sizes.map(([a, b], i) =>
          lesion(`E${i}`, "enhancing", [cube([(i % 3) * 20 + 2, Math.floor(i / 3) * 20 + 2, 2], 10)], {
            diametersMm: [a, b],
          }),
        ),
      ),
      mask("t1", []),
    ];
    for (const [patient, criteria] of [
      [GBM, "rano2"],
      [{ id: "P-BM", tumorType: "brain_metastasis" as const, setting: "recurrent" as const }, "bm"],
    ] as const) {
      const built = buildCase({
        tracking: trackSeries(series),
        dates: ["2024-01-10", "2024-03-05"],
        patient,
      });
      const doc = structuredClone(built.document);
      for (const a of doc.assessments) for (const l of a.lesions ?? []) delete l.role;
      const engineTargets = assess(parsed(doc), criteria)
        .lesions.filter((l) => l.role === "target")
        .map((l) => l.id)
        .sort();
      expect(engineTargets).toEqual(built.targets);
    }
  });

  it("a later baseline: earlier lesions are recorded, one reappearing after baseline is new", () => {
    const series = [
      mask("t0", [
        lesion("E1", "enhancing", [cube([5, 5, 2], 14)]),
        lesion("E2", "enhancing", [cube([40, 40, 2], 12)]),
      ]),
      mask("t1", [lesion("E1", "enhancing", [cube([5, 5, 2], 14)])]),
      mask("t2", [
        lesion("E1", "enhancing", [cube([5, 5, 2], 14)]),
        lesion("E2", "enhancing", [cube([40, 40, 2], 12)]),
      ]),
    ];
    const built = build(series, dates3, { baselineDate: "2024-03-05" });
    expect(built.baselineIndex).toBe(1);
    expect(built.document.assessments[1]!.baseline).toBe(true);
    expect(built.targets).toEqual(["L1"]);
    expect(built.newLesions).toEqual([{ id: "L2", firstSeen: "2024-05-02" }]);
    expect(lesionsAt(built.document, 0).L2).toBeDefined();
    expect(lesionsAt(built.document, 1).L2).toBeUndefined();
    expect(lesionsAt(built.document, 2).L2).toMatchObject({ role: "new" });
    const r = assess(parsed(built.document), "rano2");
    expect(r.baselineDate).toBe("2024-03-05");
    expect(r.timepoints[2]!.label).toMatch(/^PD/);
  });

  it("leaves out components the criteria do not assess; assesses both when they do", () => {
    const series = [
      mask("t0", [
        lesion("E1", "enhancing", [cube([5, 5, 2], 14)]),
        lesion("N1", "non_enhancing", [cube([40, 40, 2], 16)]),
      ]),
    ];
    const gbm = build(series, ["2024-01-10"]);
    expect(gbm.leftOut).toEqual([{ id: "L2", component: "non_enhancing" }]);
    expect(gbm.document.assessments[0]!.lesions!.map((l) => l.id)).toEqual(["L1"]);
    const idhMut = buildCase({
      tracking: trackSeries(series),
      dates: ["2024-01-10"],
      patient: {
        id: "P2",
        tumorType: "astrocytoma_idh_mutant",
        setting: "recurrent",
        significantNonEnhancing: true,
      },
    });
    expect(idhMut.components).toEqual(["enhancing", "non_enhancing"]);
    expect(idhMut.targets).toEqual(["L1", "L2"]);
    expect(parseCase(idhMut.document).ok).toBe(true);
  });

  it("marks cavity walls as cyst/cavity lesions, never targets", () => {
    const series = [mask("t0", [lesion("E1", "enhancing", [cube([5, 5, 2], 20)], { cavityWall: true })])];
    const built = build(series, ["2024-01-10"]);
    expect(built.targets).toEqual([]);
    expect(lesionsAt(built.document, 0).L1).toMatchObject({ role: "non_target", cystOrCavity: true });
  });
});

describe("buildCase with the engine: reappearance versus a new lesion", () => {
  const dates = ["2024-01-10", "2024-03-05", "2024-05-02", "2024-07-01"];
  const run = (at: readonly [number, number, number]) => {
    const series = [
      mask("t0", [lesion("E1", "enhancing", [cube([10, 10, 2], 20)])]),
      mask("t1", []),
      mask("t2", []),
      mask("t3", [lesion("E1", "enhancing", [cube(at, 12)])]),
    ];
    const built = buildCase({ tracking: trackSeries(series), dates, patient: GBM });
    return { built, result: assess(parsed(built.document), "rano2") };
  };

  it("a target recurring where it vanished is that target (complete response, then progression)", () => {
    const { built, result } = run([14, 14, 2]);
    expect(built.newLesions).toEqual([]);
    expect(lesionsAt(built.document, 3).L1).toMatchObject({ role: "target", diametersMm: [12, 12] });
    expect(result.timepoints[1]!.finalLabel).toBe("CR");
    expect(result.timepoints[3]!.label).toBe("PD");
    expect(result.timepoints[3]!.rules).not.toContain("RANO2-NEW-1");
  });

  it("a lesion elsewhere after a complete response is a new lesion", () => {
    const { built, result } = run([40, 40, 2]);
    expect(built.newLesions).toEqual([{ id: "L2", firstSeen: "2024-07-01" }]);
    expect(lesionsAt(built.document, 3).L1).toMatchObject({ status: "absent", diametersMm: [0, 0] });
    expect(result.timepoints[3]!.label).toBe("PD");
    expect(result.timepoints[3]!.rules).toContain("RANO2-NEW-1");
  });
});

describe("buildCase notes", () => {
  it("asks for review when a target merges into a larger non-target", () => {
    // Baseline: a large cavity-wall lesion (non-target) and a measurable target next to it; they merge.
    const series = [
      mask("t0", [
        lesion("E1", "enhancing", [cube([10, 10, 2], 20)], { cavityWall: true }),
        lesion("E2", "enhancing", [cube([32, 10, 2], 12)]),
      ]),
      mask("t1", [
        lesion("E1", "enhancing", [
          cube([10, 10, 2], 20),
          [
            [30, 12, 3],
            [32, 16, 5],
          ],
          cube([32, 10, 2], 12),
        ]),
      ]),
    ];
    const built = buildCase({
      tracking: trackSeries(series),
      dates: ["2024-01-10", "2024-03-05"],
      patient: GBM,
    });
    expect(built.targets).toEqual(["L2"]);
    expect(built.nonTargets).toEqual(["L1"]);
    expect(lesionsAt(built.document, 1).L2).toMatchObject({ role: "target", diametersMm: [0, 0] });
    expect(built.notes.join("\n")).toMatch(/2024-03-05: target L2 merged into non-target lesion L1.*review/);
  });
});
