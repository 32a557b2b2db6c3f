// Lesion correspondence between two co-registered time points: voxel overlap with a centroid-distance
// gate, and the resolution of the overlap graph into continuations, splits, merges, disappearances and
// new lesions. Pure functions; the walk over a whole series lives in track-series.ts.
import { ImagingInputError } from "../errors.ts";
import type { Vec3 } from "../types.ts";

/**
 * "min": |A∩B| / min(|A|, |B|) (overlap coefficient) — 1 when one lesion lies inside the other, so a
 * lesion that grew or shrank in place, and each fragment of a split, still match. "dice": 2|A∩B| /
 * (|A| + |B|) — stricter, penalises size change.
 */
export type OverlapMeasure = "min" | "dice";

export interface MatchOptions {
  overlapMeasure: OverlapMeasure;
  /** Minimum overlap score (0–1] for two lesions to be the same lesion. */
  minOverlap: number;
  /** Maximum distance between the two lesions' centroids, mm (guards against chance overlap). */
  maxCentroidDistanceMm: number;
}

export const DEFAULT_MATCH_OPTIONS: Readonly<MatchOptions> = {
  overlapMeasure: "min",
  minOverlap: 0.1,
  maxCentroidDistanceMm: 30,
};

/** Checks user-supplied options; the problem names the option. */
export function checkMatchOptions(o: MatchOptions): void {
  if (o.overlapMeasure !== "min" && o.overlapMeasure !== "dice") {
    throw new ImagingInputError("tracking options", `overlap measure must be "min" or "dice"`);
  }
  if (!Number.isFinite(o.minOverlap) || o.minOverlap <= 0 || o.minOverlap > 1) {
    throw new ImagingInputError(
      "tracking options",
      `minimum overlap must be in (0, 1] (got ${o.minOverlap})`,
    );
  }
  if (!Number.isFinite(o.maxCentroidDistanceMm) || o.maxCentroidDistanceMm <= 0) {
    throw new ImagingInputError(
      "tracking options",
      `maximum centroid distance must be a positive number of mm (got ${o.maxCentroidDistanceMm})`,
    );
  }
}

/** Number of common elements of two ascending index arrays. */
export function intersectionSize(a: Uint32Array, b: Uint32Array): number {
  const [small, large] = a.length <= b.length ? [a, b] : [b, a];
  if (small.length === 0) return 0;
  // Very different sizes: binary-search each element of the small one (s log l < s + l).
  if (small.length * Math.log2(large.length + 1) < small.length + large.length) {
    let count = 0;
    let lo = 0;
    for (const v of small) {
      let hi = large.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (large[mid]! < v) lo = mid + 1;
        else hi = mid;
      }
      if (lo < large.length && large[lo] === v) count++;
    }
    return count;
  }
  let i = 0;
  let j = 0;
  let count = 0;
  while (i < small.length && j < large.length) {
    const x = small[i]!;
    const y = large[j]!;
    if (x === y) {
      count++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return count;
}

export function overlapScore(intersection: number, sizeA: number, sizeB: number, m: OverlapMeasure): number {
  if (intersection === 0) return 0;
  return m === "dice" ? (2 * intersection) / (sizeA + sizeB) : intersection / Math.min(sizeA, sizeB);
}

export function distanceMm(a: Vec3, b: Vec3): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}

/** What matching needs of a lesion (at the earlier time point: its last-seen shape). */
export interface MatchShape {
  voxels: Uint32Array;
  centroidWorld: Vec3;
}

export interface OverlapEdge {
  parent: number;
  child: number;
  intersection: number;
  score: number;
  distanceMm: number;
}

/** Every (parent, child) pair that passes both the overlap threshold and the centroid gate. */
export function overlapEdges(
  parents: ReadonlyArray<MatchShape>,
  children: ReadonlyArray<MatchShape>,
  o: MatchOptions,
): OverlapEdge[] {
  const edges: OverlapEdge[] = [];
  parents.forEach((p, pi) => {
    children.forEach((c, ci) => {
      const d = distanceMm(p.centroidWorld, c.centroidWorld);
      if (d > o.maxCentroidDistanceMm) return;
      const n = intersectionSize(p.voxels, c.voxels);
      const score = overlapScore(n, p.voxels.length, c.voxels.length, o.overlapMeasure);
      if (n > 0 && score >= o.minOverlap)
        edges.push({ parent: pi, child: ci, intersection: n, score, distanceMm: d });
    });
  });
  return edges;
}

/** How the overlap graph between parents (earlier) and children (later) resolves. */
export interface Links {
  /** parent → the child that carries its id on (the largest child that chose it). */
  continued: Map<number, number>;
  /** parent → further children that split off it (they inherit its lineage), largest first. */
  splitOff: Map<number, number[]>;
  /** parent → child it merged into (that child carries a larger parent's id). */
  mergedInto: Map<number, number>;
  /** Parents with no edge (disappeared) and children with no edge (new), ascending. */
  unmatchedParents: number[];
  unmatchedChildren: number[];
}

/**
 * Resolves the edges by size, deterministically:
 * 1. each child picks, among the parents it overlaps, the largest one (ties: earlier index) — so a
 *    lesion formed by a merge keeps the id of its largest parent;
 * 2. each parent's largest chosen child keeps the parent's id; its other chosen children are split
 *    fragments;
 * 3. a parent with edges but chosen by no child merged into the child it overlaps most.
 * `parentSize` / `childSize` are voxel counts (the size a lesion had when last seen).
 */
export function resolveLinks(
  parentCount: number,
  childCount: number,
  edges: ReadonlyArray<OverlapEdge>,
  parentSize: (i: number) => number,
  childSize: (i: number) => number,
): Links {
  const bigger = (size: (i: number) => number) => (a: number, b: number) => size(b) - size(a) || a - b;
  const primary = new Map<number, number>();
  for (let c = 0; c < childCount; c++) {
    const ps = edges.filter((e) => e.child === c).map((e) => e.parent);
    if (ps.length > 0) primary.set(c, ps.sort(bigger(parentSize))[0]!);
  }
  const continued = new Map<number, number>();
  const splitOff = new Map<number, number[]>();
  const mergedInto = new Map<number, number>();
  const unmatchedParents: number[] = [];
  for (let p = 0; p < parentCount; p++) {
    const chosen = [...primary].filter(([, pp]) => pp === p).map(([c]) => c);
    if (chosen.length > 0) {
      chosen.sort(bigger(childSize));
      continued.set(p, chosen[0]!);
      if (chosen.length > 1) splitOff.set(p, chosen.slice(1));
      continue;
    }
    const mine = edges.filter((e) => e.parent === p);
    if (mine.length === 0) {
      unmatchedParents.push(p);
      continue;
    }
    const best = [...mine].sort(
      (a, b) =>
        b.intersection - a.intersection || childSize(b.child) - childSize(a.child) || a.child - b.child,
    )[0]!;
    mergedInto.set(p, best.child);
  }
  const unmatchedChildren: number[] = [];
  for (let c = 0; c < childCount; c++) if (!primary.has(c)) unmatchedChildren.push(c);
  return { continued, splitOff, mergedInto, unmatchedParents, unmatchedChildren };
}
