// Phantoms with analytic answers: a voxel belongs to the shape when its centre does (in physical mm,
// relative to the grid's centre). Grids may be anisotropic and oblique.
import type { LabelVolume, VoxelGrid } from "../../src/imaging/types.ts";

export function grid(
  dims: [number, number, number],
  spacing: [number, number, number] = [1, 1, 1],
  rotationDeg = 0,
  origin: [number, number, number] = [0, 0, 0],
): VoxelGrid {
  const t = (rotationDeg * Math.PI) / 180;
  // Rotation about the slice (z) axis: an oblique in-plane grid; columns scaled by the spacing.
  const R = [
    [Math.cos(t), -Math.sin(t), 0],
    [Math.sin(t), Math.cos(t), 0],
    [0, 0, 1],
  ];
  const affine = [0, 1, 2].map((r) => [
    R[r]![0]! * spacing[0],
    R[r]![1]! * spacing[1],
    R[r]![2]! * spacing[2],
    origin[r]!,
  ]);
  affine.push([0, 0, 0, 1]);
  return { dims, spacingMm: spacing, affine };
}

/** Physical coordinates (mm) of a voxel centre in the grid's own frame, relative to the grid centre. */
function local(g: VoxelGrid, i: number, j: number, k: number): [number, number, number] {
  return [
    (i - (g.dims[0] - 1) / 2) * g.spacingMm[0],
    (j - (g.dims[1] - 1) / 2) * g.spacingMm[1],
    (k - (g.dims[2] - 1) / 2) * g.spacingMm[2],
  ];
}

export function voxelsWhere(g: VoxelGrid, inside: (x: number, y: number, z: number) => boolean): Uint32Array {
  const out: number[] = [];
  const [ni, nj, nk] = g.dims;
  for (let k = 0; k < nk; k++)
    for (let j = 0; j < nj; j++)
      for (let i = 0; i < ni; i++) {
        const [x, y, z] = local(g, i, j, k);
        if (inside(x, y, z)) out.push(i + ni * (j + nj * k));
      }
  return Uint32Array.from(out);
}

/** Ellipse with semi-axes a, b (mm) rotated by `deg` in the slice plane, on `slices` central slices. */
export const ellipse = (a: number, b: number, deg = 0, slices = 1e9) => {
  const t = (deg * Math.PI) / 180;
  return (x: number, y: number, z: number) => {
    if (Math.abs(z) > slices) return false;
    const p = x * Math.cos(t) + y * Math.sin(t);
    const q = -x * Math.sin(t) + y * Math.cos(t);
    return (p / a) ** 2 + (q / b) ** 2 <= 1;
  };
};

export const ellipsoid = (a: number, b: number, c: number) => (x: number, y: number, z: number) =>
  (x / a) ** 2 + (y / b) ** 2 + (z / c) ** 2 <= 1;

export const rectangle = (w: number, h: number, deg = 0) => {
  const t = (deg * Math.PI) / 180;
  return (x: number, y: number) => {
    const p = x * Math.cos(t) + y * Math.sin(t);
    const q = -x * Math.sin(t) + y * Math.cos(t);
    return Math.abs(p) <= w / 2 && Math.abs(q) <= h / 2;
  };
};

export const ring = (outer: number, inner: number) => (x: number, y: number) => {
  const r = Math.hypot(x, y);
  return r <= outer && r > inner;
};

/** A label volume from (label, predicate) pairs; later pairs overwrite earlier ones. */
export function labelVolume(
  g: VoxelGrid,
  parts: Array<[number, (x: number, y: number, z: number) => boolean]>,
  source = "phantom.nii.gz",
): LabelVolume {
  const labels = new Uint8Array(g.dims[0] * g.dims[1] * g.dims[2]);
  for (const [label, inside] of parts) for (const v of voxelsWhere(g, inside)) labels[v] = label;
  return { ...g, labels, source };
}

/** One voxel diagonal in the slice plane, mm: the accuracy bound of the issue. */
export const pixelDiagonal = (g: VoxelGrid) => Math.hypot(g.spacingMm[0], g.spacingMm[1]);
