// Per-lesion geometry for the criteria (docs/measurement.md): the bidimensional measurement on the
// acquisition-plane slice of largest cross-sectional area (RANO: "the largest cross-sectional
// diameter and its perpendicular"), the longest in-plane diameter over all slices (RANO-BM's
// unidimensional measurement, in any plane of acquisition), the slice count and the 3 extents.
import type { DiameterLine, GeometryOptions, LesionGeometry, Vec3, VoxelGrid } from "../types.ts";
import { context, longestCandidates, perpendicular, type Segment } from "./diameters.ts";
import { buildSliceShape, type SliceShape } from "./slice-shape.ts";

export const defaultGeometryOptions: GeometryOptions = {
  planeAxis: 2,
  method: "longest-perpendicular",
  containmentToleranceMm: 0.25,
  perpendicularityToleranceDeg: 0,
  edgeConvention: "edges",
};

/** Extra options: in-plane hole filling (enhancing rims measured across their necrotic or cystic
 * centre, RANO's outer-margin measurement) — default on. */
export interface LesionGeometryOptions extends GeometryOptions {
  fillHoles?: boolean;
  /** Also compute the longest diameter over every slice (RANO-BM); default on. */
  unidimensional?: boolean;
}

/** Max-product method: how many contained longest-diameter candidates are tried. */
const MAX_PRODUCT_CANDIDATES = 24;

export function measureLesionGeometry(
  grid: VoxelGrid,
  voxels: Uint32Array,
  options: LesionGeometryOptions = defaultGeometryOptions,
): LesionGeometry {
  const [ni, nj] = grid.dims;
  const a = options.planeAxis;
  const bySlice = new Map<number, Array<[number, number]>>();
  const min = [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY];
  const max = [Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY];
  for (let n = 0; n < voxels.length; n++) {
    const idx = voxels[n]!;
    const i = idx % ni;
    const j = ((idx - i) / ni) % nj;
    const k = (idx - i - ni * j) / (ni * nj);
    const ijk = [i, j, k];
    for (let d = 0; d < 3; d++) {
      if (ijk[d]! < min[d]!) min[d] = ijk[d]!;
      if (ijk[d]! > max[d]!) max[d] = ijk[d]!;
    }
    const s = ijk[a]!;
    const [u, v] = a === 0 ? [j, k] : a === 1 ? [i, k] : [i, j];
    const list = bySlice.get(s);
    if (list) list.push([u, v]);
    else bySlice.set(s, [[u, v]]);
  }
  const edges = options.edgeConvention === "edges";
  const extentsMm = [0, 1, 2].map((d) =>
    voxels.length === 0 ? 0 : (max[d]! - min[d]! + (edges ? 1 : 0)) * grid.spacingMm[d]!,
  ) as unknown as Vec3;
  if (voxels.length === 0) return { sliceCount: 0, extentsMm };

  // Largest cross-sectional area: pixels have one area on a grid, so the most pixels (after hole
  // filling); ties go to the slice nearest the lesion's middle, then the lower index.
  const mid = (min[a]! + max[a]!) / 2;
  const fill = options.fillHoles ?? true;
  let best: SliceShape | null = null;
  const shapes: SliceShape[] = [];
  for (const [slice, pixels] of bySlice) {
    const shape = buildSliceShape(grid, a, slice, pixels, fill);
    shapes.push(shape);
    if (
      !best ||
      shape.pixelCount > best.pixelCount ||
      (shape.pixelCount === best.pixelCount &&
        (Math.abs(slice - mid) < Math.abs(best.slice - mid) ||
          (Math.abs(slice - mid) === Math.abs(best.slice - mid) && slice < best.slice)))
    ) {
      best = shape;
    }
  }
  const shape = best!;
  const ctx = context(shape, options);
  let longest: Segment | null = null;
  let perp: Segment | null = null;
  if (options.method === "max-product") {
    let tried = 0;
    for (const cand of longestCandidates(ctx)) {
      const p = perpendicular(ctx, cand, options.perpendicularityToleranceDeg);
      if (!longest || cand.lengthMm * p.lengthMm > longest.lengthMm * perp!.lengthMm) {
        longest = cand;
        perp = p;
      }
      if (++tried >= MAX_PRODUCT_CANDIDATES) break;
    }
  } else {
    const first = longestCandidates(ctx).next();
    if (!first.done) {
      longest = first.value;
      perp = perpendicular(ctx, longest, options.perpendicularityToleranceDeg);
    }
  }
  let longestDiameterMm: number | undefined;
  if (options.unidimensional ?? true) {
    longestDiameterMm = 0;
    for (const s of shapes) {
      const first = longestCandidates(context(s, options)).next();
      if (!first.done && first.value.lengthMm > longestDiameterMm) longestDiameterMm = first.value.lengthMm;
    }
  }
  const line = (seg: Segment): DiameterLine => {
    const fromVoxel = toVoxel(shape, seg.from);
    const toVoxel_ = toVoxel(shape, seg.to);
    return {
      lengthMm: seg.lengthMm,
      fromVoxel,
      toVoxel: toVoxel_,
      fromWorld: toWorld(grid, fromVoxel),
      toWorld: toWorld(grid, toVoxel_),
    };
  };
  return {
    ...(longest && perp
      ? {
          bidimensional: {
            planeAxis: a,
            slice: shape.slice,
            longest: line(longest),
            perpendicular: line(perp),
            productMm2: longest.lengthMm * perp.lengthMm,
          },
        }
      : {}),
    ...(longestDiameterMm !== undefined ? { longestDiameterMm } : {}),
    sliceCount: bySlice.size,
    extentsMm,
  };
}

function toVoxel(s: SliceShape, [u, v]: [number, number]): Vec3 {
  const out = [0, 0, 0];
  out[s.axes[0]] = u;
  out[s.axes[1]] = v;
  out[s.axes[2]] = s.slice;
  return out as unknown as Vec3;
}

export function toWorld(grid: VoxelGrid, p: Vec3): Vec3 {
  const A = grid.affine;
  return [0, 1, 2].map(
    (r) => A[r]![0]! * p[0] + A[r]![1]! * p[1] + A[r]![2]! * p[2] + A[r]![3]!,
  ) as unknown as Vec3;
}
