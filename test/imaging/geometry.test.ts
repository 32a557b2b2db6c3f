// Bidimensional and unidimensional measurement against phantoms with analytic answers: every error
// must stay within one in-plane voxel diagonal (issue 6).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defaultGeometryOptions, measureLesionGeometry } from "../../src/imaging/measure/lesion-geometry.ts";
import { ellipse, ellipsoid, grid, pixelDiagonal, rectangle, ring, voxelsWhere } from "./phantoms.ts";

const measure = (g: ReturnType<typeof grid>, shape: Parameters<typeof voxelsWhere>[1], o = {}) =>
  measureLesionGeometry(g, voxelsWhere(g, shape), { ...defaultGeometryOptions, ...o });

describe("bidimensional measurement on phantoms (edges convention)", () => {
  const cases: Array<[string, ReturnType<typeof grid>, Parameters<typeof voxelsWhere>[1], number, number]> = [
    ["ellipse 40 × 20 mm, 1 mm pixels", grid([64, 64, 3]), ellipse(20, 10, 0, 1.5), 40, 20],
    ["ellipse rotated 30°", grid([64, 64, 3]), ellipse(20, 10, 30, 1.5), 40, 20],
    [
      "ellipse rotated 45°, 0.5 × 1.0 mm pixels",
      grid([128, 64, 3], [0.5, 1, 3]),
      ellipse(20, 10, 45, 4),
      40,
      20,
    ],
    [
      "ellipse on an oblique grid (rotated 20°)",
      grid([64, 64, 3], [1, 1, 1], 20),
      ellipse(18, 12, 0, 1.5),
      36,
      24,
    ],
    ["ellipsoid: the central slice", grid([64, 64, 41]), ellipsoid(20, 12, 15), 40, 24],
  ];
  for (const [name, g, shape, long, perp] of cases) {
    it(`${name}: ${long} × ${perp} mm within one voxel diagonal`, () => {
      const r = measure(g, shape);
      const tol = pixelDiagonal(g);
      expect(Math.abs(r.bidimensional!.longest.lengthMm - long)).toBeLessThanOrEqual(tol);
      expect(Math.abs(r.bidimensional!.perpendicular.lengthMm - perp)).toBeLessThanOrEqual(tol);
      expect(r.longestDiameterMm!).toBeGreaterThanOrEqual(r.bidimensional!.longest.lengthMm - 1e-9);
    });
  }

  it("rectangle 30 × 10 mm: longest = the diagonal, perpendicular = the longest chord crossing it", () => {
    const g = grid([64, 64, 1]);
    const r = measure(g, rectangle(30, 10));
    const diag = Math.hypot(30, 10);
    expect(Math.abs(r.bidimensional!.longest.lengthMm - diag)).toBeLessThanOrEqual(pixelDiagonal(g));
    // Perpendicular to the diagonal through the centre: the chord spans the short side's direction
    // until it meets the long sides: 10 / cos(θ), θ = atan(10/30) → 10.54 mm.
    const theta = Math.atan2(10, 30);
    const expected = 10 / Math.cos(theta);
    expect(Math.abs(r.bidimensional!.perpendicular.lengthMm - expected)).toBeLessThanOrEqual(
      pixelDiagonal(g),
    );
  });

  it("ring-enhancing lesion: measured across its necrotic centre (holes filled) unless fillHoles=false", () => {
    const g = grid([64, 64, 1]);
    const filled = measureLesionGeometry(g, voxelsWhere(g, ring(15, 9)), {
      ...defaultGeometryOptions,
      fillHoles: true,
    });
    expect(Math.abs(filled.bidimensional!.longest.lengthMm - 30)).toBeLessThanOrEqual(pixelDiagonal(g));
    expect(Math.abs(filled.bidimensional!.perpendicular.lengthMm - 30)).toBeLessThanOrEqual(pixelDiagonal(g));
    const rim = measureLesionGeometry(g, voxelsWhere(g, ring(15, 9)), {
      ...defaultGeometryOptions,
      fillHoles: false,
    });
    // Without filling, no diameter may cross the hole: the longest contained chord is a tangent-ish
    // chord of the annulus, 2·sqrt(15² − 9²) = 24 mm.
    expect(Math.abs(rim.bidimensional!.longest.lengthMm - 24)).toBeLessThanOrEqual(pixelDiagonal(g) + 0.5);
  });

  it("centres convention measures one pixel less along each diameter", () => {
    const g = grid([65, 65, 1]); // odd size: voxel centres at whole mm, so 21 × 11 pixels exactly
    const r = measure(g, rectangle(21, 11), { edgeConvention: "centres" });
    expect(measure(g, rectangle(21, 11)).bidimensional!.longest.lengthMm).toBeCloseTo(Math.hypot(21, 11), 6);
    // Axis-aligned 21 × 11 pixels: centres 20 mm apart along x; the diagonal between centres √(20²+10²).
    expect(r.bidimensional!.longest.lengthMm).toBeCloseTo(Math.hypot(20, 10), 6);
  });

  it("end points are given in voxel and world coordinates, consistent with the affine", () => {
    const g = grid([64, 64, 3], [1, 1, 1], 0, [100, -50, 20]);
    const r = measure(g, ellipse(20, 10, 0, 1.5));
    const l = r.bidimensional!.longest;
    expect(l.fromWorld[0]).toBeCloseTo(l.fromVoxel[0] + 100, 6);
    expect(l.fromWorld[2]).toBeCloseTo(l.fromVoxel[2] + 20, 6);
    expect(Math.hypot(l.toWorld[0] - l.fromWorld[0], l.toWorld[1] - l.fromWorld[1])).toBeCloseTo(
      l.lengthMm,
      6,
    );
  });

  it("max-product never gives a smaller product than longest-perpendicular", () => {
    const g = grid([64, 64, 1]);
    const lp = measure(g, rectangle(30, 10));
    const mp = measure(g, rectangle(30, 10), { method: "max-product" });
    expect(mp.bidimensional!.productMm2).toBeGreaterThanOrEqual(lp.bidimensional!.productMm2 - 1e-9);
  });

  it("slice count, extents and the plane axis", () => {
    const g = grid([64, 64, 41], [1, 1, 2]);
    const r = measure(g, ellipsoid(20, 12, 15));
    expect(r.sliceCount).toBe(15); // |z| ≤ 15 mm with 2 mm slices centred on the grid
    expect(r.extentsMm[2]).toBe(30);
    const coronal = measure(g, ellipsoid(20, 12, 15), { planeAxis: 1 });
    expect(coronal.bidimensional!.planeAxis).toBe(1);
    expect(Math.abs(coronal.bidimensional!.longest.lengthMm - 40)).toBeLessThanOrEqual(Math.hypot(1, 2));
  });
});

describe("geometry invariants (property tests)", () => {
  it("perpendicular ≤ longest; scaling the pixels scales the diameters", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 4, max: 14, noNaN: true }),
        fc.double({ min: 3, max: 14, noNaN: true }),
        fc.integer({ min: 0, max: 179 }),
        fc.constantFrom(0.5, 1, 2),
        (a, b, deg, s) => {
          const g1 = grid([48, 48, 1]);
          const gs = grid([48, 48, 1], [s, s, 1]);
          const r1 = measureLesionGeometry(g1, voxelsWhere(g1, ellipse(a, b, deg)), defaultGeometryOptions);
          // The same pixels with s-mm spacing: the physical shape scales by s.
          const rs = measureLesionGeometry(gs, voxelsWhere(g1, ellipse(a, b, deg)), defaultGeometryOptions);
          const b1 = r1.bidimensional!;
          expect(b1.perpendicular.lengthMm).toBeLessThanOrEqual(b1.longest.lengthMm + 1e-9);
          expect(rs.bidimensional!.longest.lengthMm).toBeCloseTo(b1.longest.lengthMm * s, 6);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe("concave cross-sections: the hull search agrees with an all-pairs oracle", () => {
  // The oracle: every pair of boundary pixel corners, longest contained segment (quadratic; tests only).
  const oracle = (g: ReturnType<typeof grid>, shape: Parameters<typeof voxelsWhere>[1]) => {
    const vox = voxelsWhere(g, shape);
    const set = new Set(vox);
    const [ni] = g.dims;
    const corners: Array<[number, number]> = [];
    for (const p of vox) {
      const i = p % ni;
      const j = (p - i) / ni;
      for (const [di, dj] of [
        [-0.5, -0.5],
        [0.5, -0.5],
        [-0.5, 0.5],
        [0.5, 0.5],
      ] as const)
        corners.push([i + di, j + dj]);
    }
    const inside = (u: number, v: number) =>
      [-0.25, 0.25].some((a) =>
        [-0.25, 0.25].some((b) => set.has(Math.round(u + a) + ni * Math.round(v + b))),
      );
    let best = 0;
    for (let x = 0; x < corners.length; x++)
      for (let y = x + 1; y < corners.length; y++) {
        const [a, b] = [corners[x]!, corners[y]!];
        const L = Math.hypot(b[0] - a[0], b[1] - a[1]);
        if (L <= best) continue;
        let ok = true;
        for (let t = 0; t <= 1 && ok; t += 0.25 / L) {
          const tt = Math.min(Math.max(t, 1e-6), 1 - 1e-6);
          ok = inside(a[0] + (b[0] - a[0]) * tt, a[1] + (b[1] - a[1]) * tt);
        }
        if (ok) best = L;
      }
    return best;
  };
  const crescent = (x: number, y: number) => Math.hypot(x, y) <= 12 && Math.hypot(x - 6, y) > 9;
  const lShape = (x: number, y: number) =>
    (x >= -10 && x <= 10 && y >= -10 && y <= -4) || (x >= -10 && x <= -4 && y >= -10 && y <= 10);
  it("random concave unions of discs: the coarse-to-fine search stays within a quarter pixel of the oracle", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.integer({ min: -8, max: 8 }),
            fc.integer({ min: -8, max: 8 }),
            fc.double({ min: 1.5, max: 6, noNaN: true }),
          ),
          { minLength: 2, maxLength: 4 },
        ),
        (discs) => {
          // One lesion is one connected section (components are separated before measuring), so
          // each disc overlaps an earlier one. Two disjoint discs measured as one section can miss the
          // oracle by slightly more (0.255 px for [[2,8,√5],[-3,2,√20]]; noted in docs/measurement.md).
          fc.pre(
            discs.every(
              ([x, y, r], i) =>
                i === 0 || discs.slice(0, i).some(([x2, y2, r2]) => Math.hypot(x - x2, y - y2) < r + r2 - 1),
            ),
          );
          const g = grid([29, 29, 1]);
          const shape = (x: number, y: number) =>
            discs.some(([cx, cy, r]) => Math.hypot(x - cx, y - cy) <= r);
          const r = measure(g, shape, { fillHoles: false, unidimensional: false });
          expect(r.bidimensional!.longest.lengthMm).toBeLessThanOrEqual(oracle(g, shape) + 1e-9);
          expect(oracle(g, shape) - r.bidimensional!.longest.lengthMm).toBeLessThanOrEqual(0.25);
        },
      ),
      { numRuns: 30 },
    );
  });
  for (const [name, shape] of [
    ["a thin crescent", crescent],
    ["an L shape", lShape],
  ] as const) {
    it(`${name}: within a quarter pixel of the oracle`, () => {
      const g = grid([33, 33, 1]);
      const r = measure(g, shape, { fillHoles: false });
      expect(Math.abs(r.bidimensional!.longest.lengthMm - oracle(g, shape))).toBeLessThanOrEqual(0.25);
    });
  }
});
