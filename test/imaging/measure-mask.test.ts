// Components, presets, volumes and measurability of whole masks.
import { describe, expect, it } from "vitest";
import { connectedComponents } from "../../src/imaging/components.ts";
import { ImagingInputError } from "../../src/imaging/errors.ts";
import { axialAxis, measureMask } from "../../src/imaging/measure-mask.ts";
import { parseCustomLabels } from "../../src/imaging/presets.ts";
import { ellipsoid, grid, labelVolume, pixelDiagonal } from "./phantoms.ts";

const shift =
  (f: (x: number, y: number, z: number) => boolean, dx: number, dy: number, dz = 0) =>
  (x: number, y: number, z: number) =>
    f(x - dx, y - dy, z - dz);
const box = (w: number, h: number, d: number) => (x: number, y: number, z: number) =>
  Math.abs(x) < w / 2 && Math.abs(y) < h / 2 && Math.abs(z) < d / 2;

describe("3-D connected components", () => {
  it("diagonal neighbours join under 26-connectivity, not under 6", () => {
    const mask = new Uint8Array(27);
    mask[0] = 1; // (0,0,0)
    mask[13] = 1; // (1,1,1)
    mask[26] = 1; // (2,2,2)
    expect(connectedComponents(mask, [3, 3, 3], 26).map((c) => c.length)).toEqual([3]);
    expect(connectedComponents(mask, [3, 3, 3], 6).map((c) => c.length)).toEqual([1, 1, 1]);
  });
});

describe("measureMask", () => {
  const g = grid([64, 64, 24], [1, 1, 2]);
  const v = labelVolume(g, [
    [2, shift(ellipsoid(20, 16, 12), -10, 0)], // oedema
    [4, shift(ellipsoid(12, 8, 8), -10, 0)], // enhancing
    [1, shift(ellipsoid(5, 4, 3), -10, 0)], // necrosis inside it
    [4, shift(box(6, 6, 8), 22, 22)], // small enhancing lesion: not measurable
    [1, shift(box(4, 4, 4), 22, -22)], // necrosis alone: not an enhancing lesion
  ]);
  const m = measureMask(v, { preset: "brats2021" });

  it("finds the enhancing lesions (necrosis measured with them), the non-enhancing component, largest first", () => {
    expect(m.lesions.map((l) => [l.id, l.component])).toEqual([
      ["E1", "enhancing"],
      ["E2", "enhancing"],
      ["N1", "non_enhancing"],
    ]);
    const e1 = m.lesions[0]!;
    expect(Math.abs(e1.bidimensional!.longest.lengthMm - 24)).toBeLessThanOrEqual(pixelDiagonal(g));
    expect(Math.abs(e1.bidimensional!.perpendicular.lengthMm - 16)).toBeLessThanOrEqual(pixelDiagonal(g));
    expect(e1.measurable).toBe(true);
    expect(m.lesions[1]!.measurable).toBe(false);
    expect(m.lesions[1]!.notes[0]).toContain("below the 10 mm minimum");
  });

  it("volumes come from the affine (voxel volume 2 mm³ here), never voxel counts", () => {
    for (const l of m.lesions) expect(l.volumeMm3).toBe(l.voxelCount * 2);
    // The 6 × 6 × 8 mm box: 6 × 6 pixels × 4 slices (2 mm) = 144 voxels = 288 mm³.
    expect(m.lesions[1]!.volumeMm3).toBe(288);
  });

  it("thick slices raise the measurability minimum to 2 × (thickness + gap)", () => {
    const thick = measureMask(v, { sliceThicknessMm: 5, sliceGapMm: 2.5 });
    const e1 = thick.lesions[0]!;
    expect(e1.measurable).toBe(true); // 24 × 16 ≥ 15 mm
    const thicker = measureMask(v, { sliceThicknessMm: 7, sliceGapMm: 2 });
    expect(thicker.lesions[0]!.measurable).toBe(false);
    expect(thicker.lesions[0]!.notes[0]).toContain("below the 18 mm minimum (2 × (slice 7 + gap 2 mm))");
  });

  it("an enhancing rim touching a resection cavity is a cavity wall (BraTS 2023), not measurable", () => {
    const post = labelVolume(g, [
      [3, shift(ellipsoid(14, 12, 10), 0, 0)],
      [4, shift(ellipsoid(10, 8, 7), 0, 0)],
    ]);
    const r = measureMask(post, { preset: "brats2023" });
    const e1 = r.lesions.find((l) => l.component === "enhancing")!;
    expect(e1.cavityWall).toBe(true);
    expect(e1.measurable).toBe(false);
    expect(r.lesions.some((l) => l.component === "cavity")).toBe(true);
  });

  it("labels outside the preset are reported, custom mappings parsed, bad ones rejected", () => {
    const odd = labelVolume(g, [[9, shift(ellipsoid(6, 6, 6), 0, 0)]]);
    expect(measureMask(odd, { preset: "brats2021" }).warnings?.[0]).toContain(
      "labels 9 are not part of the brats2021 preset",
    );
    expect(measureMask(odd, { preset: parseCustomLabels("enhancing=9") }).lesions).toHaveLength(1);
    expect(() => parseCustomLabels("enhancing=3,oedema=2")).toThrow(ImagingInputError);
    expect(() => parseCustomLabels("enhancing=3,non_enhancing=3")).toThrow("label 3 is given to both");
  });

  it("minimum volume drops speckle; the axial axis follows the affine", () => {
    expect(measureMask(v, { minVolumeMm3: 300 }).lesions.map((l) => l.id)).toEqual(["E1", "N1"]);
    const sagittalFirst = [
      [0, 0, 1, 0],
      [0, 1, 0, 0],
      [1, 0, 0, 0],
      [0, 0, 0, 1],
    ];
    expect(axialAxis(sagittalFirst)).toBe(0);
    expect(axialAxis(g.affine)).toBe(2);
  });
});
