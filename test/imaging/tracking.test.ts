import { describe, expect, it } from "vitest";
import { ImagingInputError } from "../../src/imaging/errors.ts";
import {
  intersectionSize,
  overlapEdges,
  overlapScore,
  type TrackingResult,
  trackSeries,
} from "../../src/imaging/tracking/index.ts";
import { cube, lesion, mask } from "./support/synthetic.ts";

const idsAt = (r: TrackingResult, t: number) => r.timePoints[t]!.lesions.map((l) => l.id).sort();
const idOf = (r: TrackingResult, t: number, localId: string) =>
  r.timePoints[t]!.lesions.find((l) => l.lesion.id === localId)?.id;

describe("voxel overlap", () => {
  it("counts common voxels with both the merge walk and the binary search", () => {
    const a = Uint32Array.from([1, 3, 5, 7, 9, 11, 13]);
    const b = Uint32Array.from([0, 3, 4, 9, 13, 20]);
    expect(intersectionSize(a, b)).toBe(3);
    const big = Uint32Array.from({ length: 10_000 }, (_, i) => 2 * i);
    const small = Uint32Array.from([0, 1, 2, 19_998, 19_999, 30_000]);
    // Hand count: 0, 2 and 19998 are even and below 20000.
    expect(intersectionSize(small, big)).toBe(3);
    expect(intersectionSize(big, small)).toBe(3);
    expect(intersectionSize(new Uint32Array(0), big)).toBe(0);
  });

  it("scores overlap as overlap/min(size) or Dice", () => {
    // Two 10×10×4 boxes shifted by 5 voxels: 5×10×4 = 200 common voxels out of 400 each.
    const a = lesion("E1", "enhancing", [cube([10, 10, 2], 10)]);
    const b = lesion("E1", "enhancing", [cube([15, 10, 2], 10)]);
    const n = intersectionSize(a.voxels, b.voxels);
    expect(n).toBe(200);
    expect(overlapScore(n, 400, 400, "min")).toBe(0.5);
    expect(overlapScore(n, 400, 400, "dice")).toBe(0.5);
    // A 10-cube inside a 20-cube (same depth): min = 1; Dice = 2·400 / (400 + 1600) = 0.4.
    expect(overlapScore(400, 400, 1600, "min")).toBe(1);
    expect(overlapScore(400, 400, 1600, "dice")).toBe(0.4);
  });

  it("gates on centroid distance", () => {
    // A long bar and a small box at its far end: they overlap, but the centroids are ~25 mm apart.
    const bar = lesion("E1", "enhancing", [
      [
        [0, 0, 0],
        [60, 4, 4],
      ],
    ]);
    const end = lesion("E1", "enhancing", [
      [
        [52, 0, 0],
        [60, 4, 4],
      ],
    ]);
    const opts = { overlapMeasure: "min" as const, minOverlap: 0.1 };
    expect(overlapEdges([bar], [end], { ...opts, maxCentroidDistanceMm: 30 })).toHaveLength(1);
    expect(overlapEdges([bar], [end], { ...opts, maxCentroidDistanceMm: 20 })).toHaveLength(0);
  });
});

describe("trackSeries", () => {
  it("keeps the id of a stable, shrinking and growing lesion", () => {
    const r = trackSeries([
      mask("t0", [lesion("E1", "enhancing", [cube([20, 20, 4], 12)])]),
      mask("t1", [lesion("E1", "enhancing", [cube([20, 20, 4], 12)])]),
      mask("t2", [lesion("E1", "enhancing", [cube([23, 23, 5], 6, 2)])]),
      mask("t3", [lesion("E1", "enhancing", [cube([16, 16, 2], 22, 8)])]),
    ]);
    expect(r.timePoints.map((tp) => tp.lesions.map((l) => l.id))).toEqual([["L1"], ["L1"], ["L1"], ["L1"]]);
    expect(r.timePoints[0]!.newIds).toEqual(["L1"]);
    for (const tp of r.timePoints.slice(1)) {
      expect(tp.newIds).toEqual([]);
      expect(tp.disappearedIds).toEqual([]);
    }
    expect(r.tracks).toHaveLength(1);
    expect(r.tracks[0]!.presence).toEqual([true, true, true, true]);
  });

  it("numbers new lesions largest first and matches each to its own successor", () => {
    const r = trackSeries([
      mask("t0", [
        lesion("E1", "enhancing", [cube([2, 2, 2], 6)]),
        lesion("E2", "enhancing", [cube([40, 40, 2], 14)]),
      ]),
      mask("t1", [
        lesion("E1", "enhancing", [cube([42, 42, 2], 10)]),
        lesion("E2", "enhancing", [cube([2, 2, 2], 7)]),
      ]),
    ]);
    expect(idOf(r, 0, "E2")).toBe("L1");
    expect(idOf(r, 0, "E1")).toBe("L2");
    expect(idOf(r, 1, "E1")).toBe("L1");
    expect(idOf(r, 1, "E2")).toBe("L2");
  });

  it("splits: the largest fragment keeps the id, the others inherit the lineage", () => {
    // A dumbbell (two cubes joined by a bridge) breaks into its two ends.
    const dumbbell = lesion("E1", "enhancing", [
      cube([10, 10, 4], 12),
      [
        [22, 14, 5],
        [30, 18, 7],
      ],
      cube([30, 12, 4], 8),
    ]);
    const r = trackSeries([
      mask("t0", [dumbbell]),
      mask("t1", [
        lesion("E1", "enhancing", [cube([30, 12, 4], 8)]),
        lesion("E2", "enhancing", [cube([10, 10, 4], 12)]),
      ]),
      mask("t2", [
        lesion("E1", "enhancing", [cube([30, 12, 4], 7)]),
        lesion("E2", "enhancing", [cube([10, 10, 4], 11)]),
      ]),
    ]);
    expect(idOf(r, 1, "E2")).toBe("L1"); // the larger end
    expect(idOf(r, 1, "E1")).toBe("L1.b");
    expect(r.timePoints[1]!.lesions.every((l) => l.lineage === "L1")).toBe(true);
    expect(r.timePoints[1]!.splits).toEqual([{ from: "L1", into: ["L1", "L1.b"] }]);
    expect(r.timePoints[1]!.newIds).toEqual([]);
    expect(idsAt(r, 2)).toEqual(["L1", "L1.b"]);
    expect(r.tracks.find((t) => t.id === "L1.b")!.splitFrom).toEqual({ id: "L1", index: 1 });
  });

  it("merges: the merged lesion keeps the id of the largest parent", () => {
    const r = trackSeries([
      mask("t0", [
        lesion("E1", "enhancing", [cube([30, 12, 4], 8)]),
        lesion("E2", "enhancing", [cube([10, 10, 4], 12)]),
      ]),
      mask("t1", [
        lesion("E1", "enhancing", [
          cube([10, 10, 4], 12),
          [
            [22, 14, 5],
            [30, 18, 7],
          ],
          cube([30, 12, 4], 8),
        ]),
      ]),
      mask("t2", [lesion("E1", "enhancing", [cube([10, 10, 4], 13)])]),
    ]);
    expect(idOf(r, 0, "E2")).toBe("L1");
    expect(idOf(r, 0, "E1")).toBe("L2");
    expect(idsAt(r, 1)).toEqual(["L1"]);
    expect(r.timePoints[1]!.merges).toEqual([{ into: "L1", from: ["L2"] }]);
    expect(r.timePoints[1]!.disappearedIds).toEqual([]);
    expect(r.tracks.find((t) => t.id === "L2")!.mergedInto).toEqual({ id: "L1", index: 1 });
    // A merged id is retired: it never comes back, even where the lesion used to be.
    expect(idsAt(r, 2)).toEqual(["L1"]);
  });

  it("a disappeared lesion is never matched to an unrelated new lesion elsewhere", () => {
    const r = trackSeries([
      mask("t0", [
        lesion("E1", "enhancing", [cube([5, 5, 4], 12)]),
        lesion("E2", "enhancing", [cube([40, 40, 4], 10)]),
      ]),
      mask("t1", [lesion("E1", "enhancing", [cube([40, 40, 4], 10)])]),
      // New lesion far from L1's last position, and one adjacent to it but without overlap.
      mask("t2", [
        lesion("E1", "enhancing", [cube([40, 40, 4], 10)]),
        lesion("E2", "enhancing", [cube([5, 40, 4], 12)]),
        lesion("E3", "enhancing", [cube([18, 5, 4], 6)]),
      ]),
    ]);
    expect(idOf(r, 0, "E1")).toBe("L1");
    expect(r.timePoints[1]!.disappearedIds).toEqual(["L1"]);
    expect(idOf(r, 1, "E1")).toBe("L2");
    expect(idOf(r, 2, "E2")).toBe("L3");
    expect(idOf(r, 2, "E3")).toBe("L4");
    expect(r.timePoints[2]!.newIds).toEqual(["L3", "L4"]);
    expect(r.timePoints[2]!.reappearedIds).toEqual([]);
  });

  it("a lesion reappearing where it disappeared gets its id back", () => {
    const r = trackSeries([
      mask("t0", [lesion("E1", "enhancing", [cube([10, 10, 4], 12)])]),
      mask("t1", []),
      mask("t2", []),
      mask("t3", [lesion("E1", "enhancing", [cube([14, 14, 5], 5, 2)])]),
    ]);
    expect(r.timePoints[1]!.disappearedIds).toEqual(["L1"]);
    expect(r.timePoints[2]!.disappearedIds).toEqual([]);
    expect(idsAt(r, 3)).toEqual(["L1"]);
    expect(r.timePoints[3]!.reappearedIds).toEqual(["L1"]);
    expect(r.timePoints[3]!.newIds).toEqual([]);
    expect(r.tracks[0]!.presence).toEqual([true, false, false, true]);
  });

  it("keeps ids over six time points with lesions shrinking, growing, vanishing and arriving", () => {
    const a = (s: number) => lesion("A", "enhancing", [cube([8, 8, 4], s)]);
    const b = (s: number) => lesion("B", "enhancing", [cube([40, 8, 4], s)]);
    const c = (s: number) => lesion("C", "non_enhancing", [cube([8, 40, 4], s)]);
    const d = lesion("D", "enhancing", [cube([40, 40, 4], 9)]);
    const r = trackSeries([
      mask("t0", [a(14), b(10), c(12)]),
      mask("t1", [a(12), b(11), c(12)]),
      mask("t2", [a(9), b(13), c(10)]),
      mask("t3", [a(6), b(15), c(8), d]),
      mask("t4", [b(16), c(7), d]),
      mask("t5", [a(4), b(18), c(7), d]),
    ]);
    const byLocal = (t: number) =>
      Object.fromEntries(r.timePoints[t]!.lesions.map((l) => [l.lesion.id, l.id]));
    expect(byLocal(0)).toEqual({ A: "L1", B: "L2", C: "L3" });
    for (const t of [1, 2]) expect(byLocal(t)).toEqual({ A: "L1", B: "L2", C: "L3" });
    expect(byLocal(3)).toEqual({ A: "L1", B: "L2", C: "L3", D: "L4" });
    expect(byLocal(4)).toEqual({ B: "L2", C: "L3", D: "L4" });
    expect(byLocal(5)).toEqual({ A: "L1", B: "L2", C: "L3", D: "L4" });
    expect(r.timePoints[4]!.disappearedIds).toEqual(["L1"]);
    expect(r.timePoints[5]!.reappearedIds).toEqual(["L1"]);
  });

  it("matches within a component only and does not track cavities", () => {
    const r = trackSeries([
      mask("t0", [
        lesion("E1", "enhancing", [cube([10, 10, 4], 10)]),
        lesion("C1", "cavity", [cube([30, 30, 4], 10)]),
      ]),
      mask("t1", [
        lesion("N1", "non_enhancing", [cube([10, 10, 4], 10)]),
        lesion("C1", "cavity", [cube([30, 30, 4], 10)]),
      ]),
    ]);
    expect(r.timePoints[0]!.lesions.map((l) => l.id)).toEqual(["L1"]);
    expect(r.timePoints[1]!.lesions.map((l) => [l.id, l.component])).toEqual([["L2", "non_enhancing"]]);
    expect(r.timePoints[1]!.disappearedIds).toEqual(["L1"]);
  });

  it("uses the chosen overlap measure and threshold", () => {
    const series = [
      mask("t0", [lesion("E1", "enhancing", [cube([10, 10, 4], 10)])]),
      mask("t1", [lesion("E1", "enhancing", [cube([5, 5, 4], 20)])]),
    ];
    // 10-cube inside a 20-cube: overlap/min = 1, Dice = 0.4.
    expect(idsAt(trackSeries(series, { overlapMeasure: "min", minOverlap: 0.5 }), 1)).toEqual(["L1"]);
    expect(idsAt(trackSeries(series, { overlapMeasure: "dice", minOverlap: 0.4 }), 1)).toEqual(["L1"]);
    expect(idsAt(trackSeries(series, { overlapMeasure: "dice", minOverlap: 0.5 }), 1)).toEqual(["L2"]);
  });

  it("rejects masks on different grids, naming both, and bad options", () => {
    const a = mask("a.nii.gz", []);
    const b = mask("b.nii.gz", [], [64, 64, 25]);
    expect(() => trackSeries([a, b])).toThrow(ImagingInputError);
    expect(() => trackSeries([a, b])).toThrow(/b\.nii\.gz.*a\.nii\.gz/);
    expect(() => trackSeries([a], { minOverlap: 0 })).toThrow(/minimum overlap/);
    expect(() => trackSeries([a], { maxCentroidDistanceMm: -1 })).toThrow(/centroid distance/);
    expect(() => trackSeries([])).toThrow(/no time points/);
  });
});
