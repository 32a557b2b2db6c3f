// Slabs onto one grid. A DICOM SEG stores frames only where it has them (empty frames are usually left
// out), so the grid read from it spans the segmented slices only: two SEGs of the same co-registered
// series cover different slice ranges, and a segment absent at a time point simply has no frames.
// Lesion matching compares voxel indices, so such slabs are placed on one common grid before
// measurement: the grid of a volume that is its whole field of view (a NIfTI of the series), else the
// union of the slabs. A slab must lie on that grid's slice lattice: the same in-plane grid and
// orientation, its first slice a whole number of slice steps from the grid's.
import { ImagingInputError } from "./errors.ts";
import { GRID_TOLERANCE_MM } from "./grid-check.ts";
import type { LabelVolume } from "./types.ts";

/** A volume whose extent along k is not its field of view (a DICOM SEG). */
export const isSlab = (v: LabelVolume): boolean => v.fieldOfView?.[2] === false;

const column = (v: LabelVolume, c: number) => [v.affine[0]![c]!, v.affine[1]![c]!, v.affine[2]![c]!];
const name = (v: LabelVolume, fallback: string) => v.source ?? fallback;

/** Where slab `v`'s first slice lies on `lattice`'s slices (a whole number, may be negative). */
export function sliceOffset(lattice: LabelVolume, v: LabelVolume): number {
  const problem = (why: string) =>
    new ImagingInputError(
      name(v, "mask"),
      `${why} than ${name(lattice, "the first mask")}: the masks are not on one co-registered grid`,
    );
  if (v.dims[0] !== lattice.dims[0] || v.dims[1] !== lattice.dims[1])
    throw problem(`in-plane grid ${v.dims[0]} × ${v.dims[1]} is another`);
  for (let c = 0; c < 3; c++) {
    // A single-slice slab's step along k is a guess (no neighbouring frame): only its direction counts.
    if (c === 2 && v.dims[2] === 1) continue;
    const a = column(lattice, c);
    const b = column(v, c);
    if (a.some((x, r) => Math.abs(x - b[r]!) > GRID_TOLERANCE_MM))
      throw problem(`voxel axis ${c + 1} (${b.join(", ")} mm) is another`);
  }
  const step = column(lattice, 2);
  const d = [0, 1, 2].map((r) => v.affine[r]![3]! - lattice.affine[r]![3]!);
  const k =
    (d[0]! * step[0]! + d[1]! * step[1]! + d[2]! * step[2]!) /
    (step[0]! ** 2 + step[1]! ** 2 + step[2]! ** 2);
  const off = d.map((x, r) => x - Math.round(k) * step[r]!);
  if (off.some((x) => Math.abs(x) > GRID_TOLERANCE_MM * 10))
    throw problem(
      `first slice (${v.affine
        .slice(0, 3)
        .map((r) => r[3])
        .join(", ")} mm) is off the slices`,
    );
  return Math.round(k);
}

/** `v`'s labels on `grid` (v's first slice at `offset`); labelled voxels outside the grid are an error. */
export function placeSlab(
  v: LabelVolume,
  grid: Pick<LabelVolume, "dims" | "spacingMm" | "affine" | "fieldOfView">,
  offset: number,
): LabelVolume {
  const [ni, nj, nk] = grid.dims;
  const plane = ni * nj;
  const Labels = v.labels.constructor as new (n: number) => LabelVolume["labels"];
  const labels = new Labels(plane * nk);
  for (let s = 0; s < v.dims[2]; s++) {
    const from = v.labels.subarray(s * plane, (s + 1) * plane);
    const k = s + offset;
    if (k < 0 || k >= nk) {
      if (from.some((x) => x !== 0))
        throw new ImagingInputError(
          name(v, "mask"),
          `slice ${s + 1} lies outside the grid it is placed on (slice ${k + 1} of ${nk}): the masks do not cover one field of view`,
        );
      continue;
    }
    labels.set(from, k * plane);
  }
  return {
    dims: grid.dims,
    spacingMm: grid.spacingMm,
    affine: grid.affine,
    labels,
    ...(v.source !== undefined ? { source: v.source } : {}),
    ...(grid.fieldOfView ? { fieldOfView: grid.fieldOfView } : {}),
  };
}

/** The grid slabs are placed on when no volume is its field of view: the union of their slice ranges
 * on the lattice of the first slab with more than one slice. Returns it with each slab's offset. */
export function unionGrid(slabs: ReadonlyArray<LabelVolume>): {
  grid: Pick<LabelVolume, "dims" | "spacingMm" | "affine" | "fieldOfView">;
  offsets: number[];
} {
  const lattice = slabs.find((s) => s.dims[2] > 1) ?? slabs[0]!;
  const starts = slabs.map((s) => sliceOffset(lattice, s));
  const low = Math.min(...starts);
  const high = Math.max(...starts.map((k, i) => k + slabs[i]!.dims[2]));
  const step = column(lattice, 2);
  const affine = lattice.affine.map((row, r) =>
    r < 3 ? row.map((x, c) => (c === 3 ? x + low * step[r]! : x)) : row,
  );
  return {
    grid: {
      dims: [lattice.dims[0], lattice.dims[1], high - low],
      spacingMm: lattice.spacingMm,
      affine,
      fieldOfView: [true, true, false],
    },
    offsets: starts.map((k) => k - low),
  };
}
