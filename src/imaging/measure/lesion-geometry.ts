// Per-lesion geometry for the criteria (docs/measurement.md): the bidimensional measurement on the
// acquisition-plane slice of largest cross-sectional area (RANO: "the largest cross-sectional
// diameter and its perpendicular"), the longest in-plane diameter over all slices (RANO-BM's
// unidimensional measurement, in any plane of acquisition), the slice count and the 3 extents.
// Lesions arrive as runs along the grid's first axis; each slice becomes row runs (slice-runs.ts), the
// full diameter search runs on the measured slice, and the all-slice longest diameter visits slices in
// order of their hull diameter (an upper bound) and stops once no slice can beat the best found.
import type { DiameterLine, GeometryOptions, LesionGeometry, Vec3, VoxelGrid } from "../types.ts";
import { context, hullDiameter, longestCandidates, perpendicular, type Segment } from "./diameters.ts";
import { type Frame, fillHoles, inPlaneAxes, planeFrame, type SliceRuns } from "./slice-runs.ts";

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

/** A lesion as runs along grid axis i, in linear-index order (k, then j, then i). */
export interface LesionRuns {
  count: number;
  j: Int32Array;
  k: Int32Array;
  i0: Int32Array;
  i1: Int32Array;
}

/** Runs of sorted linear voxel indices. */
export function runsFromVoxels(grid: VoxelGrid, voxels: Uint32Array): LesionRuns {
  const [ni, nj] = grid.dims;
  let n = 0;
  for (let x = 0; x < voxels.length; x++) if (x === 0 || !sameRun(voxels[x - 1]!, voxels[x]!, ni)) n++;
  const out: LesionRuns = {
    count: n,
    j: new Int32Array(n),
    k: new Int32Array(n),
    i0: new Int32Array(n),
    i1: new Int32Array(n),
  };
  let r = -1;
  for (let x = 0; x < voxels.length; x++) {
    const p = voxels[x]!;
    const i = p % ni;
    if (x === 0 || !sameRun(voxels[x - 1]!, p, ni)) {
      const row = (p - i) / ni;
      r++;
      out.j[r] = row % nj;
      out.k[r] = (row - (row % nj)) / nj;
      out.i0[r] = i;
    }
    out.i1[r] = i;
  }
  return out;
}

const sameRun = (a: number, b: number, ni: number) => b === a + 1 && b % ni !== 0;

export function measureLesionGeometry(
  grid: VoxelGrid,
  voxels: Uint32Array,
  options: LesionGeometryOptions = defaultGeometryOptions,
): LesionGeometry {
  return measureLesionRuns(grid, runsFromVoxels(grid, voxels), options);
}

export function measureLesionRuns(
  grid: VoxelGrid,
  lr: LesionRuns,
  options: LesionGeometryOptions = defaultGeometryOptions,
): LesionGeometry {
  const a = options.planeAxis;
  const edges = options.edgeConvention === "edges";
  if (lr.count === 0) return { sliceCount: 0, extentsMm: [0, 0, 0] };
  let i0 = 2 ** 30;
  let i1 = -1;
  let j0 = 2 ** 30;
  let j1 = -1;
  let k0 = 2 ** 30;
  let k1 = -1;
  for (let r = 0; r < lr.count; r++) {
    if (lr.i0[r]! < i0) i0 = lr.i0[r]!;
    if (lr.i1[r]! > i1) i1 = lr.i1[r]!;
    const j = lr.j[r]!;
    if (j < j0) j0 = j;
    if (j > j1) j1 = j;
    const k = lr.k[r]!;
    if (k < k0) k0 = k;
    if (k > k1) k1 = k;
  }
  const min = [i0, j0, k0];
  const max = [i1, j1, k1];
  const e = edges ? 1 : 0;
  const extentsMm: Vec3 = [
    (i1 - i0 + e) * grid.spacingMm[0]!,
    (j1 - j0 + e) * grid.spacingMm[1]!,
    (k1 - k0 + e) * grid.spacingMm[2]!,
  ];
  const index = sliceIndex(lr, a, min[a]!, max[a]!);
  const fill = options.fillHoles ?? true;
  const shapeOf = (x: number) => {
    const s = buildSlice(index, x);
    return fill ? fillHoles(s).filled : s;
  };

  // Largest cross-sectional area: pixels have one area on a grid, so the most pixels (after hole
  // filling); ties go to the slice nearest the lesion's middle, then the lower index. Only slices whose
  // bound (each row filled between its extremes) reaches the best count so far are built and filled.
  const mid = (min[a]! + max[a]!) / 2;
  const better = (count: number, slice: number, bestCount: number, bestSlice: number) =>
    count > bestCount ||
    (count === bestCount &&
      (Math.abs(slice - mid) < Math.abs(bestSlice - mid) ||
        (Math.abs(slice - mid) === Math.abs(bestSlice - mid) && slice < bestSlice)));
  // Descending bound, then ascending slice position: one packed number per slice, a plain sort.
  if (orderScratch.length < index.slices) orderScratch = new Float64Array(2 * index.slices);
  const order = orderScratch.subarray(0, index.slices);
  for (let x = 0; x < index.slices; x++) order[x] = -index.bound[x]! * 2 ** 21 + x;
  order.sort();
  let shape: SliceRuns | null = null;
  let chosen = -1;
  let count = -1;
  for (let o = 0; o < order.length; o++) {
    const x = order[o]! + Math.ceil(-order[o]! / 2 ** 21) * 2 ** 21;
    if (index.bound[x]! < count) break;
    const slice = index.es[index.first[x]!]!;
    // Without hole filling the pixel count is exact; so it is when no gap of a row can be enclosed
    // (gaps whose neighbour rows do not span them open to the outside).
    let built: SliceRuns | null = null;
    let c = index.pixels[x]!;
    if (fill && index.bound[x] !== index.pixels[x]) {
      const open = holeBound(index, x);
      if (open < count) continue;
      if (open !== index.pixels[x]) {
        built = shapeOf(x);
        c = built.pixelCount;
      }
    }
    if (chosen < 0 || better(c, slice, count, index.es[index.first[chosen]!]!)) {
      chosen = x;
      count = c;
      shape = built;
    }
  }
  if (!shape) shape = shapeOf(chosen);
  const frame = planeFrame(grid, a);
  const ctx = context(shape, frame, options);
  let longest: Segment | null = null;
  let perp: Segment | null = null;
  const candidates = longestCandidates(ctx, options.method === "max-product" ? MAX_PRODUCT_CANDIDATES : 1);
  if (options.method === "max-product") {
    for (const cand of candidates) {
      const p = perpendicular(ctx, cand, options.perpendicularityToleranceDeg);
      if (!longest || cand.lengthMm * p.lengthMm > longest.lengthMm * perp!.lengthMm) {
        longest = cand;
        perp = p;
      }
    }
  } else if (candidates.length > 0) {
    longest = candidates[0]!;
    perp = perpendicular(ctx, longest, options.perpendicularityToleranceDeg);
  }
  let longestDiameterMm: number | undefined;
  if (options.unidimensional ?? true) {
    // Branch and bound over slices: the hull diameter bounds a slice's longest diameter.
    // Slices whose bounding box is no longer than the measured slice's diameter are not built: the
    // box's longer diagonal bounds the hull's diameter, so the loop below would never try them.
    let best = candidates[0]?.lengthMm ?? 0;
    const bounded: Array<{ c: ReturnType<typeof context>; bound: number }> = [];
    for (let x = 0; x < index.slices; x++) {
      if (x === chosen || boxDiameter(index, x, frame, edges) <= best) continue;
      const c = context(shapeOf(x), frame, options);
      bounded.push({ c, bound: hullDiameter(c) });
    }
    bounded.sort((x, y) => y.bound - x.bound);
    for (const { c, bound } of bounded) {
      if (bound <= best) break;
      const first = longestCandidates(c, 1)[0];
      if (first && first.lengthMm > best) best = first.lengthMm;
    }
    longestDiameterMm = best;
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
  // Built key by key (no object spread): the keys keep this order.
  const out: LesionGeometry = {} as LesionGeometry;
  if (longest && perp) {
    out.bidimensional = {
      planeAxis: a,
      slice: shape.slice,
      longest: line(longest),
      perpendicular: line(perp),
      productMm2: longest.lengthMm * perp.lengthMm,
    };
  }
  if (longestDiameterMm !== undefined) out.longestDiameterMm = longestDiameterMm;
  out.sliceCount = index.slices;
  out.extentsMm = extentsMm;
  return out;
}

/** A lesion's runs as entries (slice, row, first, last) in (slice, row, u) order, with each slice's first
 * entry, pixel count and area bound (every row filled between its extremes: ≥ its hole-filled area). */
interface SliceIndex {
  planeAxis: 0 | 1 | 2;
  es: Int32Array;
  ev: Int32Array;
  e0: Int32Array;
  e1: Int32Array;
  slices: number;
  /** Entries of slice x are first[x] … first[x + 1] − 1. */
  first: Int32Array;
  pixels: Int32Array;
  bound: Int32Array;
}

/**
 * Entries are the runs themselves for slices along k (rows j) and j (rows k, after a stable counting
 * sort by j); for slices along i, one pixel (u = j, v = k) per voxel, counting-sorted by i.
 */
function sliceIndex(lr: LesionRuns, planeAxis: 0 | 1 | 2, lo: number, hi: number): SliceIndex {
  let m = 0;
  let es: Int32Array;
  let ev: Int32Array;
  let e0: Int32Array;
  let e1: Int32Array;
  if (planeAxis === 2) {
    m = lr.count;
    [es, ev, e0, e1] = [lr.k, lr.j, lr.i0, lr.i1];
  } else {
    if (countScratch.length < hi - lo + 2) countScratch = new Int32Array(2 * (hi - lo + 2));
    const counts = countScratch.subarray(0, hi - lo + 2);
    counts.fill(0);
    for (let r = 0; r < lr.count; r++) {
      const s0 = planeAxis === 1 ? lr.j[r]! : lr.i0[r]!;
      const s1 = planeAxis === 1 ? lr.j[r]! : lr.i1[r]!;
      for (let s = s0; s <= s1; s++) counts[s - lo + 1]!++;
    }
    for (let s = 0; s < hi - lo + 1; s++) counts[s + 1]! += counts[s]!;
    m = counts[hi - lo + 1]!;
    // One buffer for the four entry arrays (fewer array buffers for the collector to sweep).
    const all = new Int32Array(4 * m);
    es = all.subarray(0, m);
    ev = all.subarray(m, 2 * m);
    e0 = all.subarray(2 * m, 3 * m);
    e1 = all.subarray(3 * m, 4 * m);
    for (let r = 0; r < lr.count; r++) {
      const s0 = planeAxis === 1 ? lr.j[r]! : lr.i0[r]!;
      const s1 = planeAxis === 1 ? lr.j[r]! : lr.i1[r]!;
      for (let s = s0; s <= s1; s++) {
        const x = counts[s - lo]!++;
        es[x] = s;
        ev[x] = lr.k[r]!;
        e0[x] = planeAxis === 1 ? lr.i0[r]! : lr.j[r]!;
        e1[x] = planeAxis === 1 ? lr.i1[r]! : lr.j[r]!;
      }
    }
  }
  let slices = 0;
  for (let x = 0; x < m; x++) if (x === 0 || es[x] !== es[x - 1]) slices++;
  const perSlice = new Int32Array(3 * slices + 1);
  const first = perSlice.subarray(0, slices + 1);
  const pixels = perSlice.subarray(slices + 1, 2 * slices + 1);
  const bound = perSlice.subarray(2 * slices + 1, 3 * slices + 1);
  let n = -1;
  let rowLo = 0;
  let rowHi = -1;
  for (let x = 0; x < m; x++) {
    if (x === 0 || es[x] !== es[x - 1]) {
      if (n >= 0) bound[n]! += rowHi - rowLo + 1;
      first[++n] = x;
      rowLo = e0[x]!;
      rowHi = e1[x]!;
    } else if (ev[x] !== ev[x - 1]) {
      bound[n]! += rowHi - rowLo + 1;
      rowLo = e0[x]!;
      rowHi = e1[x]!;
    } else rowHi = e1[x]!;
    pixels[n]! += e1[x]! - e0[x]! + 1;
  }
  if (n >= 0) bound[n]! += rowHi - rowLo + 1;
  first[slices] = m;
  return { planeAxis, es, ev, e0, e1, slices, first, pixels, bound };
}

/** Working memory kept between calls (nothing here outlives one). */
let orderScratch = new Float64Array(256);
let countScratch = new Int32Array(256);
let rowOfScratch = new Int32Array(256);
let rowLo = new Int32Array(256);
let rowHi = new Int32Array(256);

/** An upper bound of slice sx's hole-filled pixel count: its pixels plus every gap between runs of a row
 * that both neighbour rows span (fillHoles' first outside test; the union over gaps is left out). */
function holeBound(index: SliceIndex, sx: number): number {
  const { ev, e0, e1 } = index;
  const x = index.first[sx]!;
  const y = index.first[sx + 1]!;
  const v0 = ev[x]!;
  const rows = ev[y - 1]! - v0 + 1;
  if (rowLo.length < rows) {
    rowLo = new Int32Array(2 * rows);
    rowHi = new Int32Array(2 * rows);
  }
  rowLo.fill(2 ** 30, 0, rows);
  rowHi.fill(-1, 0, rows);
  for (let z = x; z < y; z++) {
    const t = ev[z]! - v0;
    if (e0[z]! < rowLo[t]!) rowLo[t] = e0[z]!;
    if (e1[z]! > rowHi[t]!) rowHi[t] = e1[z]!;
  }
  const spans = (t: number, a: number, b: number) => t >= 0 && t < rows && rowLo[t]! <= a && rowHi[t]! >= b;
  let bound = index.pixels[sx]!;
  for (let z = x + 1; z < y; z++) {
    if (ev[z] !== ev[z - 1]) continue;
    const a = e1[z - 1]! + 1;
    const b = e0[z]! - 1;
    if (b < a) continue;
    const t = ev[z]! - v0;
    if (spans(t - 1, a, b) && spans(t + 1, a, b)) bound += b - a + 1;
  }
  return bound;
}

/** An upper bound of slice sx's hull diameter, mm: the longer diagonal of its bounding box (pixel
 * edges or centres, as the hull's points), widened by a relative 10⁻⁹ against rounding. */
function boxDiameter(index: SliceIndex, sx: number, f: Frame, edges: boolean): number {
  const { ev, e0, e1 } = index;
  const x = index.first[sx]!;
  const y = index.first[sx + 1]!;
  let lo = e0[x]!;
  let hi = e1[x]!;
  for (let z = x + 1; z < y; z++) {
    if (e0[z]! < lo) lo = e0[z]!;
    if (e1[z]! > hi) hi = e1[z]!;
  }
  const e = edges ? 1 : 0;
  const du = hi - lo + e;
  const dv = ev[y - 1]! - ev[x]! + e;
  const a = du * f.ux + dv * f.vx;
  const b = du * f.ux - dv * f.vx;
  const y2 = dv * f.vy;
  return Math.sqrt(Math.max(a * a, b * b) + y2 * y2) * (1 + 1e-9);
}

/** Slice x of the index as row runs (abutting entries of a row merged). */
function buildSlice(index: SliceIndex, sx: number): SliceRuns {
  const { es, ev, e0, e1, planeAxis } = index;
  const [ua, va] = inPlaneAxes(planeAxis);
  const x = index.first[sx]!;
  const y = index.first[sx + 1]!;
  const v0 = ev[x]!;
  const rows = ev[y - 1]! - v0 + 1;
  // Start, end and the row index in one buffer; rows' first runs in working memory until counted.
  const buf = new Int32Array(2 * (y - x) + rows + 1);
  const start = buf.subarray(0, y - x);
  const end = buf.subarray(y - x, 2 * (y - x));
  if (rowOfScratch.length < y - x) rowOfScratch = new Int32Array(2 * (y - x));
  const rowOf = rowOfScratch;
  let n = 0;
  for (let z = x; z < y; z++) {
    if (n > 0 && rowOf[n - 1] === ev[z]! - v0 && e0[z] === end[n - 1]! + 1) end[n - 1] = e1[z]!;
    else {
      rowOf[n] = ev[z]! - v0;
      start[n] = e0[z]!;
      end[n++] = e1[z]!;
    }
  }
  const rowFirst = buf.subarray(2 * (y - x));
  for (let r = 0; r < n; r++) rowFirst[rowOf[r]! + 1]!++;
  for (let t = 0; t < rows; t++) rowFirst[t + 1]! += rowFirst[t]!;
  return {
    axes: [ua, va, planeAxis],
    slice: es[x]!,
    v0,
    rows,
    rowFirst,
    start: start.subarray(0, n),
    end: end.subarray(0, n),
    pixelCount: index.pixels[sx]!,
  };
}

function toVoxel(s: SliceRuns, [u, v]: [number, number]): Vec3 {
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
