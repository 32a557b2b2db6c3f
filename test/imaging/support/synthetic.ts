// Synthetic MaskMeasurement objects for tracking and case-building tests: lesions as unions of voxel
// boxes on a small grid with an axis-aligned affine. Measurements are computed here from the boxes
// (in-plane extents stand in for the two diameters), independently of the code under test.
import type { ImagingComponent, MaskMeasurement, MeasuredLesion, Vec3 } from "../../../src/imaging/types.ts";

export const GRID: readonly [number, number, number] = [64, 64, 24];
type Ijk = readonly [number, number, number];
/** A box of voxels from `lo` (inclusive) to `hi` (exclusive). */
export type Box = readonly [Ijk, Ijk];

export interface LesionSpec {
  /** Override the diameters (mm) that the boxes imply. */
  diametersMm?: [number, number];
  longestDiameterMm?: number;
  cavityWall?: boolean;
}

export function lesion(
  id: string,
  component: ImagingComponent,
  boxes: ReadonlyArray<Box>,
  spec: LesionSpec = {},
  dims: Ijk = GRID,
  spacing: Ijk = [1, 1, 1],
): MeasuredLesion {
  const set = new Set<number>();
  for (const [lo, hi] of boxes) {
    for (let k = lo[2]; k < hi[2]; k++)
      for (let j = lo[1]; j < hi[1]; j++)
        for (let i = lo[0]; i < hi[0]; i++) set.add(i + dims[0] * (j + dims[1] * k));
  }
  const voxels = Uint32Array.from([...set].sort((a, b) => a - b));
  const min = [Infinity, Infinity, Infinity];
  const max = [-Infinity, -Infinity, -Infinity];
  const sum = [0, 0, 0];
  for (const v of voxels) {
    const ijk = [v % dims[0], Math.floor(v / dims[0]) % dims[1], Math.floor(v / (dims[0] * dims[1]))];
    for (let a = 0; a < 3; a++) {
      min[a] = Math.min(min[a]!, ijk[a]!);
      max[a] = Math.max(max[a]!, ijk[a]!);
      sum[a]! += ijk[a]!;
    }
  }
  const extents = [0, 1, 2].map((a) => (max[a]! - min[a]! + 1) * spacing[a]!) as unknown as Vec3;
  const centroid = [0, 1, 2].map((a) => (sum[a]! / voxels.length) * spacing[a]!) as unknown as Vec3;
  const [d0, d1] = spec.diametersMm ?? [Math.max(extents[0], extents[1]), Math.min(extents[0], extents[1])];
  const line = (len: number) => ({
    lengthMm: len,
    fromVoxel: [0, 0, 0] as Vec3,
    toVoxel: [0, 0, 0] as Vec3,
    fromWorld: [0, 0, 0] as Vec3,
    toWorld: [0, 0, 0] as Vec3,
  });
  const sliceCount = max[2]! - min[2]! + 1;
  return {
    id,
    component,
    voxels,
    voxelCount: voxels.length,
    volumeMm3: voxels.length * spacing[0] * spacing[1] * spacing[2],
    centroidWorld: centroid,
    sliceCount,
    extentsMm: extents,
    bidimensional: {
      planeAxis: 2,
      slice: Math.round(centroid[2] / spacing[2]),
      longest: line(d0),
      perpendicular: line(d1),
      productMm2: d0 * d1,
    },
    longestDiameterMm: spec.longestDiameterMm ?? d0,
    measurable: Math.min(d0, d1) >= 10 && sliceCount >= 2,
    notes: [],
    ...(spec.cavityWall ? { cavityWall: true } : {}),
  };
}

/** A cube of side `size` voxels whose low corner is at `at`, 4 slices thick unless `depth` is given. */
export function cube(at: Ijk, size: number, depth = 4): Box {
  return [at, [at[0] + size, at[1] + size, at[2] + depth]];
}

export function mask(source: string, lesions: MeasuredLesion[], dims: Ijk = GRID): MaskMeasurement {
  return { source, dims, spacingMm: [1, 1, 1], lesions };
}
