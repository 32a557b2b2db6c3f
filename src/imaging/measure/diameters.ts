// Diameters of one cross-section (RANO's bidimensional measurement):
// - longest diameter: the longest segment between two boundary points that stays inside the lesion.
//   The hull (from each row's extremes, in row order, no sort) gives the diameter by rotating calipers;
//   contained, it is the answer (the usual convex case). A section filling ≥ 85 % of its hull is
//   otherwise searched over its hull pairs, longest first. Concave sections (crescents, L shapes,
//   ragged outlines) are searched coarse to fine: pairs of the hull vertices and ~2·√B boundary
//   points (B = boundary points; all of them up to 96), longest first, the first contained ones as
//   seeds; then each seed's ends move, one at a time, to the nearby boundary point that lengthens
//   the chord while it stays inside — O(B log B) pairs sorted, each check an exact row walk after a three-point rejection.
// - perpendicular diameter: the longest chord perpendicular to it (within the tolerance) that crosses
//   it: a sweep along the longest diameter in half-pixel steps, each an exact walk out to the lesion's
//   pixel edge on both sides.
// Edge convention: "edges" measures between pixel edges (a 10-pixel run at 1 mm = 10 mm, as a reader
// measures on screen), "centres" between pixel centres (9 mm).
import type { GeometryOptions } from "../types.ts";
import {
  boundaryPoints,
  type Frame,
  hull,
  pointInside,
  reach,
  type SliceRuns,
  segmentInside,
} from "./slice-runs.ts";

/** Hull pairs tried for a convex section before it is searched as concave. */
const HULL_CANDIDATES = 4000;
/** Containment tests per end-point move of the concave search's fine step. */
const FINE_TESTS = 24;
/** Concave sections with at most this many boundary points are searched over all pairs. */
const EXHAUSTIVE = 96;
/** Share of its convex hull a section must fill to be searched as convex. */
const CONVEXITY = 0.85;

export interface Segment {
  /** End points in grid coordinates (u, v) and the length in mm. */
  from: [number, number];
  to: [number, number];
  lengthMm: number;
}

export interface Ctx {
  s: SliceRuns;
  f: Frame;
  tolU: number;
  tolV: number;
  step: number;
  edges: boolean;
}

export function context(s: SliceRuns, f: Frame, o: GeometryOptions): Ctx {
  return {
    s,
    f,
    // A hair of slack so that end points on pixel edges do not depend on rounding.
    tolU: o.containmentToleranceMm / f.pixU + 1e-9,
    tolV: o.containmentToleranceMm / f.pixV + 1e-9,
    step: Math.min(f.pixU, f.pixV) / 4,
    edges: o.edgeConvention === "edges",
  };
}

const len = (c: Ctx, a: readonly [number, number], b: readonly [number, number]) => {
  const x = (b[0] - a[0]) * c.f.ux + (b[1] - a[1]) * c.f.vx;
  const y = (b[1] - a[1]) * c.f.vy;
  return Math.sqrt(x * x + y * y);
};

/** Containment with a cheap rejection first: the midpoint and quarter points (most chords that leave a
 * concave section are outside there), then the exact walk. */
const inside = (c: Ctx, a: readonly [number, number], b: readonly [number, number]) => {
  const du = b[0] - a[0];
  const dv = b[1] - a[1];
  if (!pointInside(c.s, a[0] + du * 0.5, a[1] + dv * 0.5, c.tolU, c.tolV)) return false;
  if (!pointInside(c.s, a[0] + du * 0.25, a[1] + dv * 0.25, c.tolU, c.tolV)) return false;
  if (!pointInside(c.s, a[0] + du * 0.75, a[1] + dv * 0.75, c.tolU, c.tolV)) return false;
  return segmentInside(c.s, a, b, c.tolU, c.tolV);
};

/**
 * Pairs of points longer than `above` mm, longest first (ties: lower pair index first). Each pair is one
 * double — its length in 2⁻¹⁶ mm steps above its index — so a plain numeric sort orders them, with no
 * comparator and no object per pair.
 */
function sortedPairs(
  c: Ctx,
  pts: Array<[number, number]>,
  others: Array<[number, number]> | null,
  above: number,
): { keys: Float64Array; count: number; width: number } {
  const q = others ?? pts;
  const width = q.length;
  const keys = new Float64Array(others ? pts.length * q.length : (pts.length * (pts.length - 1)) / 2);
  let n = 0;
  const { ux, vx, vy } = c.f;
  for (let i = 0; i < pts.length; i++) {
    const [pu, pv] = pts[i]!;
    for (let j = others ? 0 : i + 1; j < width; j++) {
      const du = q[j]![0] - pu;
      const dv = q[j]![1] - pv;
      const x = du * ux + dv * vx;
      const y = dv * vy;
      const L = Math.sqrt(x * x + y * y);
      if (L <= above) continue;
      // Descending length, ascending index: negate the length part.
      keys[n++] = -Math.round(L * PAIR_SCALE) * PAIR_SPAN + (i * width + j);
    }
  }
  const sorted = keys.subarray(0, n).sort();
  return { keys: sorted, count: n, width };
}

const PAIR_SCALE = 2 ** 16;
const PAIR_SPAN = 2 ** 24;

/** Pair `n` of a sortedPairs result: [i, j, length]. */
function pairAt(p: { keys: Float64Array; width: number }, n: number): [number, number, number] {
  const key = p.keys[n]!;
  const m = -Math.floor(key / PAIR_SPAN);
  const idx = key + m * PAIR_SPAN;
  return [Math.floor(idx / p.width), idx % p.width, m / PAIR_SCALE];
}

function polygonArea(c: Ctx, poly: Array<[number, number]>): number {
  let a = 0;
  for (let i = 0; i < poly.length; i++) {
    const [u1, v1] = poly[i]!;
    const [u2, v2] = poly[(i + 1) % poly.length]!;
    a += u1 * v2 - u2 * v1;
  }
  // Grid area × the area of one pixel.
  return (Math.abs(a) / 2) * Math.abs(c.f.ux * c.f.vy);
}

/**
 * The farthest pair of hull vertices (the hull's diameter) by rotating calipers, O(h): for each edge,
 * the vertex farthest from its line advances monotonically around the hull. Distances are physical, so
 * the hull is mapped to mm first (a linear map keeps it convex and its vertex order).
 */
function caliperDiameter(c: Ctx, h: Array<[number, number]>): [number, number, number] {
  const n = h.length;
  if (n < 2) return [0, 0, 0];
  const x = h.map(([u, v]) => u * c.f.ux + v * c.f.vx);
  const y = h.map(([, v]) => v * c.f.vy);
  const d2 = (i: number, j: number) => (x[i]! - x[j]!) ** 2 + (y[i]! - y[j]!) ** 2;
  if (n === 2) return [0, 1, Math.sqrt(d2(0, 1))];
  const area2 = (i: number, j: number, k: number) =>
    Math.abs((x[j]! - x[i]!) * (y[k]! - y[i]!) - (y[j]! - y[i]!) * (x[k]! - x[i]!));
  let best: [number, number, number] = [0, 1, d2(0, 1)];
  let k = 1;
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    while (area2(i, j, (k + 1) % n) > area2(i, j, k)) k = (k + 1) % n;
    for (const a of [i, j]) {
      const d = d2(a, k);
      if (d > best[2]) best = [a, k, d];
    }
  }
  return [best[0], best[1], Math.sqrt(best[2])];
}

/** Upper bound of the longest diameter: the hull's diameter, mm. */
export function hullDiameter(c: Ctx): number {
  return caliperDiameter(c, hull(c.s, c.edges))[2];
}

/** Contained diameters, longest first: up to `want` hull pairs for a convex section; the best chord of
 * the coarse-to-fine search (and any contained hull pairs) for a concave one. */
export function longestCandidates(c: Ctx, want = 1): Segment[] {
  const h = hull(c.s, c.edges);
  if (h.length === 1) return [{ from: h[0]!, to: h[0]!, lengthMm: 0 }];
  const area = polygonArea(c, h);
  const convex = area === 0 || c.s.pixelCount * Math.abs(c.f.ux * c.f.vy) >= CONVEXITY * area;
  const out: Segment[] = [];
  if (want === 1) {
    // The hull's diameter bounds every chord: contained, it is the answer (the usual convex case).
    const [i, j, L] = caliperDiameter(c, h);
    if (inside(c, h[i]!, h[j]!)) return [{ from: h[i]!, to: h[j]!, lengthMm: L }];
  }
  // Convex: hull pairs, longest first. Concave: the coarse-to-fine search (which starts from the hull
  // vertices); with several candidates wanted (max-product), contained hull pairs are offered too.
  const hp =
    convex || want > 1 ? sortedPairs(c, h, null, -1) : { keys: new Float64Array(0), count: 0, width: 0 };
  const tries = convex ? Math.min(hp.count, HULL_CANDIDATES) : Math.min(hp.count, 64);
  for (let n = 0; n < tries && out.length < want; n++) {
    const [i, j] = pairAt(hp, n);
    const p = h[i]!;
    const q = h[j]!;
    if (inside(c, p, q)) {
      out.push({ from: p, to: q, lengthMm: len(c, p, q) });
    }
  }
  if (convex && out.length > 0) return out;
  const best = concaveSearch(c, h, out[0]?.lengthMm ?? 0);
  if (best && (out.length === 0 || best.lengthMm > out[0]!.lengthMm)) out.unshift(best);
  return out;
}

/** Coarse to fine: see the header. `floor` is a length already known to be achievable. */
function concaveSearch(c: Ctx, h: Array<[number, number]>, floor: number): Segment | null {
  const pts = boundaryPoints(c.s, c.edges);
  if (pts.length < 2) return null;
  // Small sections: every pair (≤ EXHAUSTIVE² / 2 of them) — exact against the all-pairs definition.
  const K = pts.length <= EXHAUSTIVE ? pts.length : Math.max(16, Math.ceil(2 * Math.sqrt(pts.length)));
  const stride = Math.max(1, Math.ceil(pts.length / K));
  const seen = new Set<string>();
  const coarse: Array<[number, number]> = [];
  for (const p of [...h, ...pts.filter((_, k) => k % stride === 0)]) {
    const key = `${p[0]},${p[1]}`;
    if (!seen.has(key)) {
      seen.add(key);
      coarse.push(p);
    }
  }
  // Coarse samples on one side of the outline are at most ~stride pixels apart (row order alternates
  // between the sides), so every point within that radius of a seed's end is tried in the fine step.
  const radius = stride * Math.max(c.f.pixU, c.f.pixV);
  const cp = sortedPairs(c, coarse, null, floor - radius);
  const seeds: Segment[] = [];
  let bestLen = floor;
  for (let n = 0; n < cp.count; n++) {
    const [i, j, L] = pairAt(cp, n);
    if (seeds.length > 0 && (L < seeds[0]!.lengthMm - radius || seeds.length >= 2)) break;
    const p = coarse[i]!;
    const q = coarse[j]!;
    const near = seeds.some(
      (s) =>
        (len(c, s.from, p) < radius && len(c, s.to, q) < radius) ||
        (len(c, s.from, q) < radius && len(c, s.to, p) < radius),
    );
    if (near) continue;
    if (inside(c, p, q)) seeds.push({ from: p, to: q, lengthMm: len(c, p, q) });
  }
  let best: Segment | null = seeds[0] ?? null;
  if (best && best.lengthMm > bestLen) bestLen = best.lengthMm;
  // Fine: around each seed's two ends, move one end at a time to the boundary point within `radius`
  // that gives the longest contained chord with the other end fixed (longest first, first contained
  // wins), until neither end moves — O(radius) tests per move instead of O(radius²) pairs.
  for (const seed of seeds) {
    let from = seed.from;
    let to = seed.to;
    let length = seed.lengthMm;
    const P = pts.filter((p) => len(c, p, from) <= radius);
    const Q = pts.filter((p) => len(c, p, to) <= radius);
    for (let round = 0; round < 4; round++) {
      let moved = false;
      for (const side of [0, 1]) {
        const fixed = side === 0 ? to : from;
        const options = side === 0 ? P : Q;
        const order = options
          .map((p, i) => [len(c, p, fixed), i] as const)
          .filter(([L]) => L > length)
          .sort((x, y) => y[0] - x[0] || x[1] - y[1]);
        // The longest few only: a move is a local refinement, and most longer chords leave the section.
        for (const [L, i] of order.slice(0, FINE_TESTS)) {
          if (inside(c, options[i]!, fixed)) {
            if (side === 0) from = options[i]!;
            else to = options[i]!;
            length = L;
            moved = true;
            break;
          }
        }
      }
      if (!moved) break;
    }
    if (length > bestLen) {
      best = { from, to, lengthMm: length };
      bestLen = length;
    }
  }
  return best;
}

/** Extent of one pixel along a physical direction (for the "centres" convention). */
function pixelExtent(c: Ctx, dx: number, dy: number): number {
  // Project the pixel's edge vectors on the direction: |u·d| + |v·d|.
  return Math.abs(c.f.ux * dx) + Math.abs(c.f.vx * dx + c.f.vy * dy);
}

const toPhysical = (c: Ctx, u: number, v: number): [number, number] => [u * c.f.ux + v * c.f.vx, v * c.f.vy];
const toGrid = (c: Ctx, x: number, y: number): [number, number] => {
  const v = y / c.f.vy;
  return [(x - v * c.f.vx) / c.f.ux, v];
};

/** The longest chord perpendicular (within the tolerance) to `long` that crosses it. */
export function perpendicular(c: Ctx, long: Segment, toleranceDeg: number): Segment {
  const [ax, ay] = toPhysical(c, long.from[0], long.from[1]);
  const [bx, by] = toPhysical(c, long.to[0], long.to[1]);
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
    // The same direction in grid units per mm.
    const dv = ny / c.f.vy;
    const du = (nx - dv * c.f.vx) / c.f.ux;
    // Half-pixel steps along the longest diameter, an exact walk to the pixel edge on each side.
    const at = (t: number) => {
      const x = ax + (bx - ax) * t;
      const y = ay + (by - ay) * t;
      const v = y / c.f.vy;
      const u = (x - v * c.f.vx) / c.f.ux;
      const plus = reach(c.s, u, v, du, dv);
      const minus = reach(c.s, u, v, -du, -dv);
      if (plus + minus > best.len) {
        best.len = plus + minus;
        best.from = [x - nx * minus, y - ny * minus];
        best.to = [x + nx * plus, y + ny * plus];
      }
    };
    for (let i = 0; i <= steps; i++) at(i / steps);
  }
  let length = best.len;
  if (!c.edges && length > 0) {
    // Walks stop at pixel edges; between centres the chord is one pixel extent shorter.
    const dx = (best.to[0] - best.from[0]) / length;
    const dy = (best.to[1] - best.from[1]) / length;
    const shrink = Math.min(length, pixelExtent(c, dx, dy));
    const half = shrink / 2;
    best.from = [best.from[0] + dx * half, best.from[1] + dy * half];
    best.to = [best.to[0] - dx * half, best.to[1] - dy * half];
    length -= shrink;
  }
  return { from: toGrid(c, ...best.from), to: toGrid(c, ...best.to), lengthMm: length };
}
