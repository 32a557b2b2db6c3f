// The all-slice longest diameter (RANO-BM) skips slices whose bounding box cannot beat the measured
// slice: on random multi-slice lesions, sheared and anisotropic grids, every plane axis and both edge
// conventions, it must equal the largest longest diameter of the slices measured one by one.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defaultGeometryOptions, measureLesionGeometry } from "../../src/imaging/measure/lesion-geometry.ts";
import type { VoxelGrid } from "../../src/imaging/types.ts";

const N = 14;
const at = fc.integer({ min: 0, max: N - 1 });

describe("all-slice longest diameter", () => {
  it("equals the maximum over slices measured alone", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(at, at, at, fc.integer({ min: 1, max: 4 })), { maxLength: 4 }),
        // Boxes (i0, i1, j0, j1, k0, k1): thin long ones give slices of small area and long diameter.
        fc.array(fc.tuple(at, at, at, at, at, at), { maxLength: 3 }),
        fc.double({ min: -0.6, max: 0.6, noNaN: true }),
        fc.constantFrom(0.5, 1, 1.7),
        fc.constantFrom<0 | 1 | 2>(0, 1, 2),
        fc.constantFrom<"edges" | "centres">("edges", "centres"),
        (balls, boxes, shear, sy, planeAxis, edgeConvention) => {
          const g: VoxelGrid = {
            dims: [N, N, N],
            spacingMm: [1, sy, 1.3],
            affine: [
              [1, shear, 0.2 * shear, 0],
              [0, sy, 0, 0],
              [0, 0, 1.3, 0],
              [0, 0, 0, 1],
            ],
          };
          const span = (x: number, a: number, b: number) => x >= Math.min(a, b) && x <= Math.max(a, b);
          const inside = (i: number, j: number, k: number) =>
            balls.some(([a, b, c, r]) => (i - a) ** 2 + (j - b) ** 2 + (k - c) ** 2 <= r * r) ||
            boxes.some(([i0, i1, j0, j1, k0, k1]) => span(i, i0, i1) && span(j, j0, j1) && span(k, k0, k1));
          const vox: number[] = [];
          for (let k = 0; k < N; k++)
            for (let j = 0; j < N; j++)
              for (let i = 0; i < N; i++) if (inside(i, j, k)) vox.push(i + N * (j + N * k));
          if (vox.length === 0) return;
          const o = { ...defaultGeometryOptions, planeAxis, edgeConvention, unidimensional: true };
          const whole = measureLesionGeometry(g, Uint32Array.from(vox), o);
          const coord = (p: number) => [p % N, Math.floor(p / N) % N, Math.floor(p / (N * N))][planeAxis]!;
          let best = 0;
          for (let s = 0; s < N; s++) {
            const slice = vox.filter((p) => coord(p) === s);
            if (slice.length === 0) continue;
            const one = measureLesionGeometry(g, Uint32Array.from(slice), { ...o, unidimensional: false });
            best = Math.max(best, one.bidimensional?.longest.lengthMm ?? 0);
          }
          expect(whole.longestDiameterMm).toBe(best);
        },
      ),
      { numRuns: 150, seed: 12 },
    );
  });
});
