// NIfTI label maps: round trips through the writer, affine precedence, and every broken-file path.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { ImagingInputError } from "../../src/imaging/errors.ts";
import { assertSameGrid } from "../../src/imaging/grid-check.ts";
import { parseLabelVolume, readLabelVolume } from "../../src/imaging/nifti/read-label-volume.ts";
import { encodeLabelVolume, writeLabelVolume } from "../../src/imaging/nifti/write-label-volume.ts";
import { ellipsoid, grid, labelVolume } from "./phantoms.ts";

const dir = mkdtempSync(join(tmpdir(), "ranokit-nifti-"));
const vol = labelVolume(grid([20, 16, 8], [0.5, 1, 3], 30, [10, -20, 5]), [
  [4, ellipsoid(4, 5, 9)],
  [2, ellipsoid(2, 2, 3)],
]);

const problem = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ImagingInputError);
    return (e as ImagingInputError).message;
  }
  throw new Error("no error");
};

describe("NIfTI label maps", () => {
  for (const datatype of ["uint8", "int16", "uint16", "int32", "float32"] as const) {
    it(`round-trips ${datatype}, gzip and plain, with the oblique anisotropic affine`, () => {
      for (const gzip of [false, true]) {
        const back = parseLabelVolume(encodeLabelVolume(vol, { gzip, datatype }), "x.nii");
        expect(back.dims).toEqual([20, 16, 8]);
        expect([...back.labels]).toEqual([...vol.labels]);
        for (const [i, s] of back.spacingMm.entries()) expect(s).toBeCloseTo(vol.spacingMm[i]!, 5);
        for (let r = 0; r < 3; r++)
          for (let c = 0; c < 4; c++) expect(back.affine[r]![c]).toBeCloseTo(vol.affine[r]![c]!, 4);
      }
    });
  }

  it("reads from disk; sform wins over qform; qform is used when sform_code = 0", () => {
    const file = join(dir, "v.nii.gz");
    writeLabelVolume(vol, file);
    expect(readLabelVolume(file).affine[0]![3]).toBeCloseTo(10, 4);
    const bytes = encodeLabelVolume(vol);
    const view = new DataView(bytes.buffer);
    view.setFloat32(280 + 12, 999, true); // sform x offset differs from the qform's
    expect(parseLabelVolume(bytes, "s.nii").affine[0]![3]).toBeCloseTo(999, 3);
    view.setInt16(254, 0, true); // sform_code 0 → qform
    const q = parseLabelVolume(bytes, "q.nii");
    expect(q.affine[0]![3]).toBeCloseTo(10, 4);
    for (let r = 0; r < 3; r++)
      for (let c = 0; c < 3; c++) expect(q.affine[r]![c]).toBeCloseTo(vol.affine[r]![c]!, 4);
  });

  it("errors name the file and the problem", () => {
    const good = encodeLabelVolume(vol);
    expect(problem(() => readLabelVolume(join(dir, "missing.nii.gz")))).toMatch(
      /missing\.nii\.gz: file not found/,
    );
    expect(problem(() => parseLabelVolume(new Uint8Array(0), "e.nii"))).toBe("e.nii: empty file");
    expect(problem(() => parseLabelVolume(new TextEncoder().encode("hello world"), "g.nii"))).toContain(
      "g.nii: not a NIfTI",
    );
    expect(problem(() => parseLabelVolume(good.subarray(0, 600), "t.nii"))).toMatch(
      /t\.nii: truncated: the header promises 2560 voxels/,
    );
    expect(problem(() => parseLabelVolume(gzipSync(good).subarray(0, 100), "t.nii.gz"))).toContain(
      "broken gzip stream",
    );
    const fourD = encodeLabelVolume(vol);
    new DataView(fourD.buffer).setInt16(40, 4, true);
    new DataView(fourD.buffer).setInt16(48, 2, true);
    expect(problem(() => parseLabelVolume(fourD, "4d.nii"))).toContain("a 4-D image");
    const float = encodeLabelVolume(vol, { datatype: "float32" });
    new DataView(float.buffer).setFloat32(352 + 4 * 5, 1.5, true);
    expect(problem(() => parseLabelVolume(float, "f.nii"))).toContain(
      "not a label map: voxel 5 has the non-integer value 1.5",
    );
  });

  it("reads the header of a Buffer that is a view into a larger allocation (Node's pool; fuzz)", () => {
    const other = encodeLabelVolume(
      labelVolume(grid([6, 6, 6], [2, 2, 2], 0, [0, 0, 0]), [[1, ellipsoid(2, 2, 2)]]),
    );
    const mine = encodeLabelVolume(vol);
    const pool = Buffer.concat([other, mine]);
    const view = Buffer.from(pool.buffer, pool.byteOffset + other.length, mine.length);
    const read = parseLabelVolume(view, "view.nii");
    expect(read.dims).toEqual([20, 16, 8]);
    expect(read.spacingMm.map((s) => Number(s.toFixed(6)))).toEqual([0.5, 1, 3]);
  });
  it("a non-finite affine, an implausible voxel or a negative pixdim is rejected, never measured (fuzz)", () => {
    // sform rows (srow_x/y/z) are 12 float32 from byte 280; sform_code at 254, qform_code at 252.
    const nanOrigin = encodeLabelVolume(vol);
    new DataView(nanOrigin.buffer).setFloat32(280 + 12, Number.NaN, true);
    const nan = problem(() => parseLabelVolume(nanOrigin, "nan.nii"));
    expect(nan).toBe("nan.nii: voxel-to-world affine has an entry that is not a finite number");
    const huge = encodeLabelVolume(vol);
    new DataView(huge.buffer).setFloat32(280, 1e30, true);
    expect(problem(() => parseLabelVolume(huge, "huge.nii"))).toMatch(
      /^huge\.nii: implausible voxel spacing 1\.000e\+30 × .* mm \(outside 0\.001–50 mm; a unit error\?\)$/,
    );
    const tiny = encodeLabelVolume(vol);
    for (const at of [280, 296, 312]) new DataView(tiny.buffer).setFloat32(at, 1e-30, true);
    expect(problem(() => parseLabelVolume(tiny, "tiny.nii"))).toMatch(
      /^tiny\.nii: implausible voxel spacing/,
    );
    const nanOffset = encodeLabelVolume(vol);
    new DataView(nanOffset.buffer).setFloat32(108, Number.NaN, true);
    expect(problem(() => parseLabelVolume(nanOffset, "off.nii"))).toBe(
      "off.nii: vox_offset is not a non-negative finite number",
    );
    const negative = encodeLabelVolume(vol);
    const v = new DataView(negative.buffer);
    v.setInt16(252, 0, true);
    v.setInt16(254, 0, true);
    v.setFloat32(80, -1, true);
    v.setFloat32(84, Number.NaN, true);
    expect(problem(() => parseLabelVolume(negative, "neg.nii"))).toBe(
      "neg.nii: voxel spacing unknown: pixdim[1..3] = -1 × not a number × 3 and neither sform nor qform is set",
    );
  });

  it("grid check: other dims or another affine are rejected, naming both files", () => {
    const a = { ...vol, source: "t0.nii.gz" };
    const b = labelVolume(grid([20, 16, 9], [0.5, 1, 3], 30, [10, -20, 5]), [], "t1.nii.gz");
    expect(problem(() => assertSameGrid(a, b))).toMatch(
      /t1\.nii\.gz: grid 20 × 16 × 9 differs from t0\.nii\.gz/,
    );
    const c = labelVolume(grid([20, 16, 8], [0.5, 1, 3], 31, [10, -20, 5]), [], "t2.nii.gz");
    expect(problem(() => assertSameGrid(a, c))).toContain("affine differs from t0.nii.gz");
    expect(() => assertSameGrid(a, { ...vol, source: "same.nii.gz" })).not.toThrow();
  });

  it("a file written to disk with garbage content is an error, not a crash", () => {
    const file = join(dir, "junk.nii");
    writeFileSync(file, Buffer.alloc(400, 7));
    expect(problem(() => readLabelVolume(file))).toContain("junk.nii: not a NIfTI");
  });
});
