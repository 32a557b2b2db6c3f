// The key-slice renderer on a small synthetic volume: the robust window, the grey values in the PNG
// (decoded back), the orientation, the mask outline and the measurement lines' end points against the
// lesion's boundary — the lines come from measureMask, the code that fills lesion.measurement.
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { renderKeySlice, robustWindow, worldToVoxel } from "../../src/imaging/key-slice.ts";
import { measureMask } from "../../src/imaging/measure-mask.ts";
import type { ImageVolume } from "../../src/imaging/nifti/read-label-volume.ts";
import { parseImageVolume } from "../../src/imaging/nifti/read-label-volume.ts";
import { encodeLabelVolume } from "../../src/imaging/nifti/write-label-volume.ts";
import type { LabelVolume, Vec3 } from "../../src/imaging/types.ts";

const DIMS = [40, 40, 5] as const;
const SPACING = [1, 1, 2] as const;
/** Square lesion: i, j in [15, 24], slices 1–3. */
const inLesion = (i: number, j: number, k: number) =>
  i >= 15 && i <= 24 && j >= 15 && j <= 24 && k >= 1 && k <= 3;

function volumes(xSign = 1) {
  const affine = [
    [xSign * SPACING[0], 0, 0, xSign > 0 ? -20 : 20],
    [0, SPACING[1], 0, -20],
    [0, 0, SPACING[2], -4],
    [0, 0, 0, 1],
  ];
  const n = DIMS[0] * DIMS[1] * DIMS[2];
  const values = new Uint8Array(n);
  const labels = new Uint8Array(n);
  for (let k = 0; k < DIMS[2]; k++)
    for (let j = 0; j < DIMS[1]; j++)
      for (let i = 0; i < DIMS[0]; i++) {
        const x = i + DIMS[0] * (j + DIMS[1] * k);
        // A background ramp 20…59 along i; the lesion at 200.
        values[x] = inLesion(i, j, k) ? 200 : 20 + i;
        labels[x] = inLesion(i, j, k) ? 4 : 0;
      }
  const image: ImageVolume = { dims: DIMS, spacingMm: SPACING, affine, values, source: "test image" };
  const mask: LabelVolume = { dims: DIMS, spacingMm: SPACING, affine, labels, source: "test mask" };
  return { image, mask };
}

function measured(mask: LabelVolume) {
  const m = measureMask(mask, { preset: "brats2021", minVolumeMm3: 10 });
  expect(m.lesions).toHaveLength(1);
  const b = m.lesions[0]!.bidimensional!;
  return {
    slice: b.slice,
    longestMm: [b.longest.fromWorld, b.longest.toWorld] as [Vec3, Vec3],
    perpendicularMm: [b.perpendicular.fromWorld, b.perpendicular.toWorld] as [Vec3, Vec3],
    b,
  };
}

describe("robustWindow", () => {
  it("is the 1st–99th percentile of the intensities", () => {
    const { image } = volumes();
    // 8,000 voxels: the 80th smallest is the ramp's 20; the top 300 (lesion, 3.75 %) are 200.
    expect(robustWindow(image.values)).toEqual({ low: 20, high: 200 });
    expect(robustWindow(image.values, 0, 100)).toEqual({ low: 20, high: 200 });
    expect(robustWindow(image.values, 50, 50).low).toBeGreaterThan(20);
  });
  it("uses a histogram for float data and skips NaN", () => {
    const v = new Float32Array(1000).map((_, i) => i / 10);
    v[0] = Number.NaN;
    const w = robustWindow(v);
    // 999 finite values 0.1 … 99.9: the 10th is 1.0, the 990th is 99.0 (± half a bin of 0.024).
    expect(w.low).toBeCloseTo(1.0, 1);
    expect(w.high).toBeCloseTo(99.0, 1);
  });
  it("gives a constant image a window of one unit", () => {
    expect(robustWindow(new Uint8Array(10).fill(7))).toEqual({ low: 7, high: 8 });
  });
});

describe("renderKeySlice", () => {
  it("renders the lesion at the window's top, the background by the ramp, the lines on the boundary", () => {
    const { image, mask } = volumes();
    const m = measured(mask);
    expect(m.slice).toBe(2);
    const window = robustWindow(image.values);
    const k = renderKeySlice({ image, mask, planeAxis: 2, window, fovMm: 40, minPx: 120, ...m });
    // The whole 40 × 40 slice (fov 40 mm), upsampled ×3 to 120 px.
    expect([k.pngWidth, k.pngHeight, k.widthMm, k.heightMm]).toEqual([120, 120, 40, 40]);
    const png = PNG.sync.read(Buffer.from(k.png));
    expect([png.width, png.height]).toEqual([120, 120]);
    const px = (x: number, y: number) => png.data[4 * (y * png.width + x)]!;
    // World +y is at the top: grid row j is display row 39 − j. Voxel (i = 20, j = 20) is in the lesion.
    const at = (i: number, j: number) => px(3 * i + 1, 3 * (39 - j) + 1);
    expect(at(20, 20)).toBe(255);
    expect(at(15, 15)).toBe(255);
    // Background (i = 5: 25; window 20–200) → round(255 × 5 / 180) = 7; i = 0 (20) → 0; i = 39 (59) → 55.
    expect(at(5, 5)).toBe(7);
    expect(at(0, 30)).toBe(0);
    expect(at(39, 30)).toBe(55);
    expect(at(14, 20)).toBe(Math.round((255 * 14) / 180));
    expect(k.voxels.grey[(39 - 20) * 40 + 20]).toBe(255);
    expect(k.orientation).toEqual({ left: "L", right: "R", top: "A", bottom: "P" });

    // The lesion's boundary in display mm: x from 15 to 25, y from 39 − 24 = 15 to 25.
    const onBoundary = ([x, y]: [number, number]) => {
      const inside = x >= 15 - 1e-6 && x <= 25 + 1e-6 && y >= 15 - 1e-6 && y <= 25 + 1e-6;
      const edge = Math.min(Math.abs(x - 15), Math.abs(x - 25), Math.abs(y - 15), Math.abs(y - 25));
      return inside && edge < 1e-6;
    };
    for (const p of [k.longest.from, k.longest.to, k.perpendicular.from, k.perpendicular.to])
      expect(onBoundary(p), JSON.stringify(p)).toBe(true);
    // The longest diameter of a 10 × 10 mm square (edge convention) is its diagonal.
    expect(k.longest.lengthMm).toBeCloseTo(m.b.longest.lengthMm, 9);
    expect(k.longest.lengthMm).toBeCloseTo(Math.SQRT2 * 10, 6);
    expect(Math.hypot(k.longest.to[0] - k.longest.from[0], k.longest.to[1] - k.longest.from[1])).toBeCloseTo(
      k.longest.lengthMm,
      6,
    );
    // The outline: one closed square of label 4, 4 × 10 mm of edges.
    expect(k.maskOutlined).toBe(true);
    expect(k.outline.map((o) => o.label)).toEqual([4]);
    expect(k.outline[0]!.path).toBe("M15 15H25M15 25H25M15 15V25M25 15V25");
  });

  it("keeps world +x on the right for a flipped x axis, and crops around the lesion", () => {
    const { image, mask } = volumes(-1);
    // Mark world x = +15 (grid i = 5 with the flipped axis) on every row of slice 2.
    for (let j = 0; j < 40; j++) image.values[5 + 40 * (j + 40 * 2)] = 255;
    const m = measured(mask);
    const window = { low: 0, high: 255 };
    const k = renderKeySlice({ image, mask, planeAxis: 2, window, fovMm: 40, minPx: 40, ...m });
    // Display column c shows grid i = 39 − c: the marker (i = 5) is column 34, on the right.
    expect(k.voxels.grey[10 * 40 + 34]).toBe(255);
    expect(k.voxels.grey[10 * 40 + 5]).toBe(20 + 34); // column 5 shows grid i = 34
    expect(k.orientation.right).toBe("R");
    // A 20 mm field of view centred on the lesion (grid i, j 15–24; centre 19.5 → voxels 10–29).
    const c = renderKeySlice({ image, mask, planeAxis: 2, window, fovMm: 20, minPx: 20, ...m });
    expect([c.voxels.columns, c.voxels.rows]).toEqual([20, 20]);
    expect(c.outline[0]!.path).toBe("M5 5H15M5 15H15M5 5V15M15 5V15");
    for (const p of [c.longest.from, c.longest.to]) {
      expect(
        Math.min(Math.abs(p[0] - 5), Math.abs(p[0] - 15), Math.abs(p[1] - 5), Math.abs(p[1] - 15)),
      ).toBeLessThan(1e-6);
    }
  });

  it("does not outline a mask on another grid, and refuses a slice outside the image", () => {
    const { image, mask } = volumes();
    const m = measured(mask);
    const shifted = {
      ...mask,
      affine: mask.affine.map((r, i) => (i === 0 ? [r[0]!, r[1]!, r[2]!, r[3]! + 1] : r)),
    };
    const k = renderKeySlice({
      image,
      mask: shifted,
      planeAxis: 2,
      window: robustWindow(image.values),
      ...m,
    });
    expect(k.maskOutlined).toBe(false);
    expect(k.outline).toEqual([]);
    expect(() =>
      renderKeySlice({ image, mask, planeAxis: 2, window: robustWindow(image.values), ...m, slice: 5 }),
    ).toThrow(/measurement\.slice 5 is outside the image \(0–4 along axis 2\)/);
  });

  it("reads an image NIfTI with the intensity reader and maps world points back to voxels", () => {
    const { image } = volumes();
    const bytes = encodeLabelVolume(
      { ...image, labels: image.values as Uint8Array },
      { gzip: true, datatype: "uint8" },
    );
    const back = parseImageVolume(bytes, "x.nii.gz");
    expect(back.dims).toEqual([40, 40, 5]);
    expect(back.values[20 + 40 * (20 + 40 * 2)]).toBe(200);
    expect(worldToVoxel(back, [0, 0, 0])).toEqual([20, 20, 2]);
  });
});
