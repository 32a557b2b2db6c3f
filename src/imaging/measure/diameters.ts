// Diameters of one cross-section (RANO's bidimensional measurement):
// - longest diameter: the longest segment between two boundary points that stays inside the lesion.
//   Candidates are the antipodal-ordered pairs of the convex hull of the boundary points (a digital
//   convex shape of n pixels has O(n^(1/3)) hull vertices, so all hull pairs are cheap); the first
//   contained pair wins. Sections filling < 85 % of their hull (crescents, L shapes) are searched over
//   the hull vertices plus boundary points subsampled to at most FALLBACK_POINTS (O(FALLBACK_POINTS²)
//   pairs, independent of size), since their longest chord may end at a concave corner.
//   An all-pairs boundary search is never the default.
// - perpendicular diameter: the longest chord perpendicular to it (within the tolerance) that crosses
//   it: a sweep along the longest diameter in half-pixel steps, walking outward from each crossing
//   point while inside — O(area / step²), linear in the pixel count.
// Edge convention: "edges" measures between pixel edges (a 10-pixel run at 1 mm = 10 mm, as a reader
// measures on screen), "centres" between pixel centres (9 mm).
import type { GeometryOptions } from "../types.ts";
import { containsPoint, type SliceShape, toGrid, toPhysical } from "./slice-shape.ts";

const FALLBACK_POINTS = 400;
/** Hull pairs tried before the fallback search. */
const HULL_CANDIDATES = 4000;

export interface Segment {
  /** End points in grid coordinates (u, v) and physical mm (x, y), and the length in mm. */
  from: [number, number];
  to: [number, number];
  lengthMm: number;
}

interface Ctx {
  s: SliceShape;
  tolU: number;
  tolV: number;
  step: number;
  edges: boolean;
}

export function context(s: SliceShape, o: GeometryOptions): Ctx {
  const pixU = Math.hypot(s.ux, s.uy);
  const pixV = Math.hypot(s.vx, s.vy);
  return {
    s,
    tolU: o.containmentToleranceMm / pixU,
    tolV: o.containmentToleranceMm / pixV,
    step: Math.min(pixU, pixV) / 4,
    edges: o.edgeConvention === "edges",
  };
}

/** Boundary points in grid coordinates: pixel corners ("edges") or centres ("centres") of pixels with
 * a 4-neighbour outside the lesion. */
function boundaryPoints(c: Ctx): Array<[number, number]> {
  const { s } = c;
  const pts: Array<[number, number]> = [];
  const seen = new Set<number>();
  const inside = (x: number, y: number) =>
    x >= 0 && y >= 0 && x < s.width && y < s.height && s.mask[x + s.width * y] === 1;
  for (let y = 0; y < s.height; y++) {
    for (let x = 0; x < s.width; x++) {
      if (!inside(x, y)) continue;
      if (inside(x - 1, y) && inside(x + 1, y) && inside(x, y - 1) && inside(x, y + 1)) continue;
      if (!c.edges) {
        pts.push([x + s.u0, y + s.v0]);
        continue;
      }
      for (const [dx, dy] of [
        [-0.5, -0.5],
        [0.5, -0.5],
        [-0.5, 0.5],
        [0.5, 0.5],
      ] as const) {
        const key = 2 * x + 1 + 2 * dx + (2 * s.width + 2) * (2 * y + 1 + 2 * dy);
        if (seen.has(key)) continue;
        seen.add(key);
        pts.push([x + s.u0 + dx, y + s.v0 + dy]);
      }
    }
  }
  return pts;
}

/** Convex hull (Andrew's monotone chain) of points given in grid coordinates, compared physically. */
function convexHull(c: Ctx, pts: Array<[number, number]>): Array<[number, number]> {
  const phys = pts.map((p) => ({ g: p, q: toPhysical(c.s, p[0], p[1]) }));
  phys.sort((a, b) => a.q[0] - b.q[0] || a.q[1] - b.q[1]);
  const cross = (o: number[], a: number[], b: number[]) =>
    (a[0]! - o[0]!) * (b[1]! - o[1]!) - (a[1]! - o[1]!) * (b[0]! - o[0]!);
  const lower: typeof phys = [];
  for (const p of phys) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!.q, lower[lower.length - 1]!.q, p.q) <= 0)
      lower.pop();
    lower.push(p);
  }
  const upper: typeof phys = [];
  for (let i = phys.length - 1; i >= 0; i--) {
    const p = phys[i]!;
    while (upper.length >= 2 && cross(upper[upper.length - 2]!.q, upper[upper.length - 1]!.q, p.q) <= 0)
      upper.pop();
    upper.push(p);
  }
  return [...lower.slice(0, -1), ...upper.slice(0, -1)].map((p) => p.g);
}

function length(c: Ctx, a: [number, number], b: [number, number]): number {
  const [ax, ay] = toPhysical(c.s, a[0], a[1]);
  const [bx, by] = toPhysical(c.s, b[0], b[1]);
  return Math.hypot(bx - ax, by - ay);
}

/** Whether the segment a–b stays inside the lesion (sampled every quarter pixel). End points on pixel
 * edges are pulled a hair inward so the edge convention does not depend on rounding at .5. */
export function segmentInside(c: Ctx, a: [number, number], b: [number, number]): boolean {
  const L = length(c, a, b);
  const n = Math.max(1, Math.ceil(L / c.step));
  for (let i = 0; i <= n; i++) {
    const t = Math.min(Math.max(i / n, 1e-6), 1 - 1e-6);
    const u = a[0] + (b[0] - a[0]) * t;
    const v = a[1] + (b[1] - a[1]) * t;
    if (!containsPoint(c.s, u, v, c.tolU + 1e-6, c.tolV + 1e-6)) return false;
  }
  return true;
}

/** Contained point pairs, longest first (hull pairs, then the bounded fallback). */
export function* longestCandidates(c: Ctx): Generator<Segment> {
  const pts = boundaryPoints(c);
  if (pts.length === 1) {
    yield { from: pts[0]!, to: pts[0]!, lengthMm: 0 };
    return;
  }
  const hull = convexHull(c, pts);
  // A section that fills most of its hull is treated as convex: its longest chord joins hull vertices.
  // Otherwise (crescents, L shapes) the longest contained chord may end at a concave corner, so the
  // candidates are hull vertices plus boundary points subsampled to at most FALLBACK_POINTS.
  const convex = polygonArea(c, hull) === 0 || sectionArea(c) >= CONVEXITY * polygonArea(c, hull);
  const points = convex ? hull : uniquePoints([...hull, ...subsample(pts, FALLBACK_POINTS)]);
  const pairs: Array<[number, number, number]> = [];
  for (let i = 0; i < points.length; i++)
    for (let j = i + 1; j < points.length; j++) pairs.push([i, j, length(c, points[i]!, points[j]!)]);
  pairs.sort((p, q) => q[2] - p[2]);
  let tried = 0;
  for (const [i, j, L] of pairs) {
    if (convex && tried++ >= HULL_CANDIDATES) break;
    if (segmentInside(c, points[i]!, points[j]!)) yield { from: points[i]!, to: points[j]!, lengthMm: L };
  }
}

/** Share of its convex hull a section must fill to be searched as convex. */
const CONVEXITY = 0.85;

function subsample(pts: Array<[number, number]>, max: number): Array<[number, number]> {
  const stride = Math.max(1, Math.ceil(pts.length / max));
  return pts.filter((_, k) => k % stride === 0);
}

function uniquePoints(pts: Array<[number, number]>): Array<[number, number]> {
  const seen = new Set<string>();
  return pts.filter((p) => {
    const key = `${p[0]},${p[1]}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Area of the polygon through grid points, mm² (shoelace in physical coordinates). */
function polygonArea(c: Ctx, poly: Array<[number, number]>): number {
  let a = 0;
  for (let i = 0; i < poly.length; i++) {
    const [x1, y1] = toPhysical(c.s, ...poly[i]!);
    const [x2, y2] = toPhysical(c.s, ...poly[(i + 1) % poly.length]!);
    a += x1 * y2 - x2 * y1;
  }
  return Math.abs(a) / 2;
}

/** Area of the section's pixels, mm² (the area the edge convention's hull encloses for a box). */
function sectionArea(c: Ctx): number {
  return c.s.pixelCount * Math.abs(c.s.ux * c.s.vy - c.s.uy * c.s.vx);
}

/** Walks from physical point (x, y) along unit direction (dx, dy) while inside; returns the distance.
 * Half-pixel strides, then bisection of the last stride to 1/64 pixel: the chord ends at the lesion's
 * true pixel edge (zero tolerance) at a cost proportional to its length in pixels. */
function reach(c: Ctx, x: number, y: number, dx: number, dy: number): number {
  const inside = (d: number) => {
    const [u, v] = toGrid(c.s, x + dx * d, y + dy * d);
    return containsPoint(c.s, u, v, 0, 0);
  };
  const stride = c.step * 2;
  let d = 0;
  while (inside(d + stride)) d += stride;
  let lo = d;
  let hi = d + stride;
  while (hi - lo > c.step / 16) {
    const mid = (lo + hi) / 2;
    if (inside(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** Extent of one pixel along a physical direction (for the "centres" convention). */
function pixelExtent(c: Ctx, dx: number, dy: number): number {
  // Project the pixel's edge vectors on the direction: |u·d| + |v·d|.
  return Math.abs(c.s.ux * dx + c.s.uy * dy) + Math.abs(c.s.vx * dx + c.s.vy * dy);
}

/** The longest chord perpendicular (within the tolerance) to `long` that crosses it. */
export function perpendicular(c: Ctx, long: Segment, toleranceDeg: number): Segment {
  const [ax, ay] = toPhysical(c.s, long.from[0], long.from[1]);
  const [bx, by] = toPhysical(c.s, long.to[0], long.to[1]);
  const L = Math.hypot(bx - ax, by - ay);
  const best = { len: 0, from: [ax, ay] as [number, number], to: [ax, ay] as [number, number] };
  if (L === 0) return { from: long.from, to: long.from, lengthMm: 0 };
  const tx = (bx - ax) / L;
  const ty = (by - ay) / L;
  const steps = Math.max(1, Math.ceil(L / (c.step * 2)));
  const angles: number[] = [0];
  for (let deg = 1; deg <= toleranceDeg; deg++) angles.push(deg, -deg);
  for (const deg of angles) {
    const rad = ((90 + deg) * Math.PI) / 180;
    const nx = tx * Math.cos(rad) - ty * Math.sin(rad);
    const ny = tx * Math.sin(rad) + ty * Math.cos(rad);
    for (let i = 0; i <= steps; i++) {
      const x = ax + (bx - ax) * (i / steps);
      const y = ay + (by - ay) * (i / steps);
      const plus = reach(c, x, y, nx, ny);
      const minus = reach(c, x, y, -nx, -ny);
      if (plus + minus > best.len) {
        best.len = plus + minus;
        best.from = [x - nx * minus, y - ny * minus];
        best.to = [x + nx * plus, y + ny * plus];
      }
    }
  }
  let len = best.len;
  if (!c.edges && len > 0) {
    // Walks stop at pixel edges; between centres the chord is one pixel extent shorter.
    const dx = (best.to[0] - best.from[0]) / len;
    const dy = (best.to[1] - best.from[1]) / len;
    const shrink = Math.min(len, pixelExtent(c, dx, dy));
    const half = shrink / 2;
    best.from = [best.from[0] + dx * half, best.from[1] + dy * half];
    best.to = [best.to[0] - dx * half, best.to[1] - dy * half];
    len -= shrink;
  }
  return { from: toGrid(c.s, ...best.from), to: toGrid(c.s, ...best.to), lengthMm: len };
}
