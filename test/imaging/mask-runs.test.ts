// Issue 12/11: run-based components against a breadth-first oracle, the uint8 reader's view of the
// decompressed bytes, pixdim 0 without sform/qform, lesions at the image border, and products that
// agree with the diameters shown next to them.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { connectedComponents } from "../../src/imaging/components.ts";
import { ImagingInputError } from "../../src/imaging/errors.ts";
import { formatLesionTable, lesionRows } from "../../src/imaging/lesion-table.ts";
import { measureMask } from "../../src/imaging/measure-mask.ts";
import { parseLabelVolume } from "../../src/imaging/nifti/read-label-volume.ts";
import { encodeLabelVolume } from "../../src/imaging/nifti/write-label-volume.ts";
import type { MaskMeasurement, MeasuredLesion } from "../../src/imaging/types.ts";
import { ellipsoid, grid, labelVolume } from "./phantoms.ts";

/** Oracle: breadth-first search over voxels, component sizes sorted. */
function bfsSizes(mask: Uint8Array, dims: [number, number, number], conn: 6 | 26): number[] {
  const [ni, nj, nk] = dims;
  const seen = new Uint8Array(mask.length);
  const sizes: number[] = [];
  for (let s = 0; s < mask.length; s++) {
    if (!mask[s] || seen[s]) continue;
    const queue = [s];
    seen[s] = 1;
    for (let h = 0; h < queue.length; h++) {
      const p = queue[h]!;
      const [i, j, k] = [p % ni, Math.floor(p / ni) % nj, Math.floor(p / (ni * nj))];
      for (let dk = -1; dk <= 1; dk++)
        for (let dj = -1; dj <= 1; dj++)
          for (let di = -1; di <= 1; di++) {
            const n = Math.abs(di) + Math.abs(dj) + Math.abs(dk);
            if (n === 0 || (conn === 6 && n > 1)) continue;
            const [x, y, z] = [i + di, j + dj, k + dk];
            if (x < 0 || y < 0 || z < 0 || x >= ni || y >= nj || z >= nk) continue;
            const q = x + ni * (y + nj * z);
            if (mask[q] && !seen[q]) {
              seen[q] = 1;
              queue.push(q);
            }
          }
    }
    sizes.push(queue.length);
  }
  return sizes.sort((a, b) => b - a);
}

describe("components on row runs", () => {
  it("agree with a breadth-first oracle on random masks, 6- and 26-connected", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 6 }),
        fc.double({ min: 0.1, max: 0.7, noNaN: true }),
        fc.integer(),
        (ni, nj, nk, density, seed) => {
          let x = seed >>> 0 || 1;
          const mask = Uint8Array.from({ length: ni * nj * nk }, () => {
            x ^= x << 13;
            x ^= x >>> 17;
            x ^= x << 5;
            return (x >>> 0) / 2 ** 32 < density ? 1 : 0;
          });
          for (const conn of [6, 26] as const) {
            const got = connectedComponents(mask, [ni, nj, nk], conn);
            expect(got.map((c) => c.length)).toEqual(bfsSizes(mask, [ni, nj, nk], conn));
            // Each component's voxels are sorted and all set.
            for (const c of got) for (let n = 1; n < c.length; n++) expect(c[n]!).toBeGreaterThan(c[n - 1]!);
            expect(got.reduce((s, c) => s + c.length, 0)).toBe(mask.reduce((s, v) => s + v, 0));
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe("NIfTI reader", () => {
  const vol = labelVolume(grid([12, 10, 6]), [[4, ellipsoid(3, 3, 2)]]);

  it("returns an unscaled uint8 map as the decompressed bytes, with the same labels", () => {
    const back = parseLabelVolume(encodeLabelVolume(vol, { gzip: true }), "m.nii.gz");
    expect(back.labels).toBeInstanceOf(Uint8Array);
    expect([...back.labels]).toEqual([...vol.labels]);
    expect(back.labels.byteOffset).toBe(352); // a view past the header, not a copy
  });

  it("rejects pixdim 0 without sform and qform: the spacing is unknown, never assumed 1 mm", () => {
    const bytes = encodeLabelVolume(vol);
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    view.setInt16(252, 0, true); // qform_code
    view.setInt16(254, 0, true); // sform_code
    view.setFloat32(80, 0, true); // pixdim[1]
    expect(() => parseLabelVolume(bytes, "nopix.nii")).toThrow(ImagingInputError);
    expect(() => parseLabelVolume(bytes, "nopix.nii")).toThrow(
      /nopix\.nii: voxel spacing unknown: pixdim\[1\.\.3\] = 0 × 1 × 1 and neither sform nor qform is set/,
    );
    // With a valid pixdim the same file is read with method 1 (diagonal spacing).
    view.setFloat32(80, 0.8, true);
    expect(parseLabelVolume(bytes, "pix.nii").spacingMm[0]).toBeCloseTo(0.8, 6);
  });
});

describe("measureMask: lesions at the image border", () => {
  it("notes and warns that a lesion touching the border may be truncated; others are unaffected", () => {
    const g = grid([40, 40, 12]);
    // One ellipsoid cut by the i = 0 face, one well inside.
    const v = labelVolume(g, [
      [4, (x, y, z) => ellipsoid(9, 7, 4)(x + 18, y, z)],
      [4, (x, y, z) => ellipsoid(6, 6, 4)(x - 8, y - 8, z)],
    ]);
    const m = measureMask(v, { preset: "brats2021" });
    const cut = m.lesions.find((l) => l.notes.some((n) => n.includes("border")))!;
    expect(cut.notes).toContain("touches the image border (i = 0): may be truncated by the field of view");
    expect(cut.measurable).toBe(true); // measured as segmented, flagged for the reader
    const inner = m.lesions.find((l) => l !== cut)!;
    expect(inner.notes.some((n) => n.includes("border"))).toBe(false);
    expect(m.warnings).toEqual([
      `${cut.id} touches the image border and may be truncated: check the field of view`,
    ]);
  });
});

describe("lesion table: products agree with the diameters shown", () => {
  const lesion = (longest: number, perpendicular: number): MeasuredLesion => {
    const line = {
      lengthMm: 0,
      fromVoxel: [0, 0, 0],
      toVoxel: [0, 0, 0],
      fromWorld: [0, 0, 0],
      toWorld: [0, 0, 0],
    } as const;
    return {
      id: "E1",
      component: "enhancing",
      voxels: new Uint32Array(0),
      voxelCount: 1,
      volumeMm3: 1,
      centroidWorld: [0, 0, 0],
      sliceCount: 3,
      extentsMm: [1, 1, 1],
      bidimensional: {
        planeAxis: 2,
        slice: 1,
        longest: { ...line, lengthMm: longest },
        perpendicular: { ...line, lengthMm: perpendicular },
        productMm2: longest * perpendicular,
      },
      measurable: true,
      notes: [],
    };
  };
  it("17.0 × 16.0 is shown with 272.0 mm², not the unrounded 272.7", () => {
    const m: MaskMeasurement = {
      source: "m",
      dims: [1, 1, 1],
      spacingMm: [1, 1, 1],
      lesions: [lesion(16.97, 16.04)],
    };
    const table = formatLesionTable("m", lesionRows(m));
    expect(table).toMatch(/17\.0 × 16\.0 +272\.0 /);
    expect(lesionRows(m)[0]!.productMm2).toBe(272.2); // 16.97 × 16.04 = 272.1988 (JSON: 2 decimals)
  });
  it("property: the shown product is the product of the shown diameters", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 200, noNaN: true }),
        fc.double({ min: 0, max: 200, noNaN: true }),
        (a, b) => {
          const [l, p] = a >= b ? [a, b] : [b, a];
          const line = formatLesionTable(
            "m",
            lesionRows({ source: "m", dims: [1, 1, 1], spacingMm: [1, 1, 1], lesions: [lesion(l, p)] }),
          ).split("\n")[2]!;
          const [, d1, d2, prod] = /(\d+\.\d) × (\d+\.\d)\s+(\d+\.\d)/.exec(line)!;
          expect(Number(prod)).toBeCloseTo(Math.round(Number(d1) * Number(d2) * 10) / 10, 6);
        },
      ),
      { numRuns: 200 },
    );
  });
});
