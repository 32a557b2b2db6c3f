// DICOM SEG as a mask (issue 16 §3): the same mask written as NIfTI and as SEG (binary, fractional,
// with or without empty frames, oblique grid) gives identical measurements; bad SEGs are refused.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readMaskVolume } from "../../src/dicom/seg/mask-file.ts";
import { parseSegmentMapping } from "../../src/dicom/seg/read-seg.ts";
import { measureMask } from "../../src/imaging/measure-mask.ts";
import { readLabelVolume } from "../../src/imaging/nifti/read-label-volume.ts";
import { encodeLabelVolume } from "../../src/imaging/nifti/write-label-volume.ts";
import type { LabelVolume, MaskMeasurement } from "../../src/imaging/types.ts";
import { ellipse, ellipsoid, grid, labelVolume } from "../imaging/phantoms.ts";
import { writeSeg } from "../support/seg-writer.ts";

// The SEG numbers its segments 1..3; the mapping gives them the BraTS label values again.
const TO_BRATS = parseSegmentMapping("Necrosis=1,Edema=2,Enhancing tumor=4");
const dir = mkdtempSync(join(tmpdir(), "ranokit-seg-"));
const BRATS = {
  1: { label: "Necrosis", type: ["6574001", "Necrosis"] as [string, string] },
  2: { label: "Edema", type: ["79654002", "Edema"] as [string, string] },
  4: { label: "Enhancing tumor", type: ["108369006", "Neoplasm"] as [string, string] },
};

// Two enhancing lesions with a necrotic core and oedema, anisotropic, oblique in-plane, off-centre.
function phantom(rotationDeg: number): LabelVolume {
  const g = grid([48, 44, 14], [0.875, 0.9375, 3], rotationDeg, [-20.5, 31, -7]);
  const shift =
    (dx: number, f: (x: number, y: number, z: number) => boolean) => (x: number, y: number, z: number) =>
      f(x - dx, y, z);
  return labelVolume(g, [
    [2, shift(-8, ellipsoid(13, 10, 14))],
    [4, shift(-8, ellipsoid(9, 7, 10))],
    [1, shift(-8, ellipsoid(4, 3, 5))],
    [4, shift(13, ellipse(5, 3.5, 30, 4))],
  ]);
}

const write = (name: string, bytes: Uint8Array) => {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
};
/** Everything measured except the file name and the grid's slice extent (a SEG may omit empty slices). */
const comparable = (m: MaskMeasurement) => m.lesions.map(({ voxels: _voxels, ...rest }) => rest);

/** Oblique grids: DICOM stores direction cosines as ≤ 16-character decimals, which moves the geometry by
 * ~1e-13 mm; the same voxels, volumes to 1e-6 mm³ and diameters to 0.01 mm (near-tied perpendicular
 * candidates can swap under such a perturbation). */
function closeTo(a: MaskMeasurement, b: MaskMeasurement) {
  expect(a.lesions.map((l) => [l.id, l.voxelCount, l.sliceCount, l.measurable])).toEqual(
    b.lesions.map((l) => [l.id, l.voxelCount, l.sliceCount, l.measurable]),
  );
  a.lesions.forEach((l, i) => {
    const m = b.lesions[i]!;
    expect(l.volumeMm3).toBeCloseTo(m.volumeMm3, 6);
    expect(l.bidimensional!.longest.lengthMm).toBeCloseTo(m.bidimensional!.longest.lengthMm, 2);
    expect(l.bidimensional!.perpendicular.lengthMm).toBeCloseTo(m.bidimensional!.perpendicular.lengthMm, 1);
  });
}

describe("the same mask as NIfTI and as SEG", () => {
  for (const rotation of [0, 25]) {
    // The SEG is written from the NIfTI as read back, so both carry the same (float32) geometry.
    const nifti = write(`p${rotation}.nii.gz`, encodeLabelVolume(phantom(rotation), { gzip: true }));
    const volume = readLabelVolume(nifti);
    const fromNifti = measureMask(volume, { preset: "brats2021" });

    const same = rotation === 0 ? "identical measurements" : "the same voxels, diameters within 0.01 mm";
    it(`binary SEG, grid rotated ${rotation}°: ${same}`, async () => {
      const seg = write(`p${rotation}-binary.dcm`, writeSeg(volume, { segments: BRATS }));
      const v = await readMaskVolume(seg, TO_BRATS);
      expect(v.dims).toEqual(volume.dims);
      [0.875, 0.9375, 3].forEach((s, a) => {
        expect(v.spacingMm[a]).toBeCloseTo(s, 6);
      });
      for (let r = 0; r < 3; r++)
        for (let c = 0; c < 4; c++) expect(v.affine[r]![c]).toBeCloseTo(volume.affine[r]![c]!, 12);
      expect(Array.from(v.labels)).toEqual(Array.from(volume.labels));
      const fromSeg = measureMask(v, { preset: "brats2021" });
      expect(fromNifti.lesions.map((l) => l.id)).toEqual(["E1", "E2", "N1"]);
      if (rotation === 0) expect(comparable(fromSeg)).toEqual(comparable(fromNifti));
      else closeTo(fromSeg, fromNifti);
    });

    it(`fractional SEG without empty frames, grid rotated ${rotation}°: ${same}`, async () => {
      const seg = write(
        `p${rotation}-fractional.dcm`,
        writeSeg(volume, { segments: BRATS, type: "FRACTIONAL", skipEmpty: true, fraction: 200 }),
      );
      const fromSeg = measureMask(await readMaskVolume(seg, TO_BRATS), { preset: "brats2021" });
      // The grid starts at the first non-empty slice: slice and voxel indices shift, world points do not.
      const line = ({ fromVoxel: _f, toVoxel: _t, ...rest }: { fromVoxel: unknown; toVoxel: unknown }) =>
        rest;
      const strip = (m: MaskMeasurement) =>
        comparable(m).map((l) => ({
          ...l,
          bidimensional: l.bidimensional && {
            ...l.bidimensional,
            slice: 0,
            longest: line(l.bidimensional.longest),
            perpendicular: line(l.bidimensional.perpendicular),
          },
        }));
      if (rotation === 0) expect(strip(fromSeg)).toEqual(strip(fromNifti));
      else closeTo(fromSeg, fromNifti);
    });
  }

  it("a segment mapping by label or property code assigns the label values", async () => {
    const volume = phantom(0);
    // Segments numbered 1..3 (necrosis, edema, enhancing): without a mapping they would be labels 1, 2, 3.
    const seg = write("mapped.dcm", writeSeg(volume, { segments: BRATS }));
    const plain = await readMaskVolume(seg);
    expect(new Set(plain.labels)).toEqual(new Set([0, 1, 2, 3]));
    const mapped = await readMaskVolume(
      seg,
      parseSegmentMapping("necrosis=1,SCT:79654002=2,Enhancing Tumor=4"),
    );
    expect(Array.from(mapped.labels)).toEqual(Array.from(volume.labels));
    await expect(readMaskVolume(seg, parseSegmentMapping("Edema=2"))).rejects.toThrow(
      /segment 1 "Necrosis" \(SCT:6574001 Necrosis\) is not in --segments/,
    );
    expect(() => parseSegmentMapping("Edema")).toThrow(/expected SEGMENT=LABEL/);
  });
});

describe("bad SEG input", () => {
  const volume = phantom(0);
  it("overlapping segments are refused with where they overlap", async () => {
    const seg = write(
      "overlap.dcm",
      writeSeg(volume, { segments: BRATS, overlap: { segment: 4, alsoLabel: 1 } }),
    );
    await expect(readMaskVolume(seg)).rejects.toThrow(
      /segments \d and \d overlap \(first at frame \d+, row \d+, column \d+\)/,
    );
  });
  it("missing geometry is refused", async () => {
    const { readPart10 } = await import("../../src/dicom/part10.ts");
    const { readSegmentation } = await import("../../src/dicom/seg/read-seg.ts");
    const ds = readPart10(writeSeg(volume, { segments: BRATS }), "x.dcm");
    delete ds.PerFrameFunctionalGroupsSequence[3].PlanePositionSequence;
    expect(() => readSegmentation(ds, "x.dcm")).toThrow(
      "x.dcm: missing geometry: no Image Position (Patient) for frame 4",
    );
    delete ds.SharedFunctionalGroupsSequence[0].PixelMeasuresSequence;
    expect(() => readSegmentation(ds, "x.dcm")).toThrow(
      /missing geometry: no Image Orientation \(Patient\) or Pixel Spacing/,
    );
  });
});
