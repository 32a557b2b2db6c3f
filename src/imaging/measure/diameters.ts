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
  boundaryPointsShared,
  type Frame,
  hull,
  PixelMask,
  type Points,
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

const len = (c: Ctx, a: readonly [number, number], b: readonly [number, number]) =>
  lenXY(c, a[0], a[1], b[0], b[1]);

/** Physical length of (au, av)–(bu, bv), mm. */
const lenXY = (c: Ctx, au: number, av: number, bu: number, bv: number) => {
  const x = (bu - au) * c.f.ux + (bv - av) * c.f.vx;
  const y = (bv - av) * c.f.vy;
  return Math.sqrt(x * x + y * y);
};

const mask = new PixelMask();

/** Containment with a cheap rejection first: points along the chord, the midpoint, then the quarter
 * points, the eighths … down to about one pixel apart, each an O(1) look-up in the section's pixel
 * mask (a point outside the widened pixels puts the chord outside: most chords that leave a concave
 * section are caught here), then the exact walk. */
const insideXY = (c: Ctx, au: number, av: number, bu: number, bv: number) => {
  const du = bu - au;
  const dv = bv - av;
  const m = mask.of(c.s);
  const { tolU, tolV } = c;
  const span = Math.max(Math.abs(du), Math.abs(dv));
  for (let parts = 2; ; parts *= 2) {
    const step = 1 / parts;
    for (let x = 1; x < parts; x += 2) {
      const t = x * step;
      if (!m.inside(au + du * t, av + dv * t, tolU, tolV)) return false;
    }
    if (span * step <= 1) break;
  }
  return segmentInside(c.s, au, av, bu, bv, c.tolU, c.tolV);
};

const inside = (c: Ctx, a: readonly [number, number], b: readonly [number, number]) =>
  insideXY(c, a[0], a[1], b[0], b[1]);

/**
 * Pairs of points longer than `above` mm, to be taken longest first (ties: lower pair index first). Each
 * pair is one double — its length in 2⁻¹⁶ mm steps above its index — so plain numeric order is the
 * wanted order; the keys form a binary min-heap (built in O(n)), and only the pairs actually visited
 * pay O(log n): a search usually stops after a few of its O(K²) pairs.
 */
class PairQueue {
  keys: Float64Array;
  size = 0;
  readonly width: number;
  /** The last pair taken: indices and length (mm, in 2⁻¹⁶ steps). */
  i = 0;
  j = 0;
  length = 0;

  constructor(c: Ctx, pu: Float64Array, pv: Float64Array, n: number, above: number) {
    this.width = n;
    // One growing scratch array for every queue (a queue is used up before the next is built).
    const need = (n * (n - 1)) / 2;
    if (pairScratch.length < need) pairScratch = new Float64Array(Math.max(need, 2 * pairScratch.length));
    const keys = pairScratch;
    let m = 0;
    const { ux, vx, vy } = c.f;
    // Squared lengths clearly below the cut skip the square root (the exact test decides the rest).
    const cut = above > 0 ? above * above * (1 - 1e-9) : 0;
    for (let i = 0; i < n; i++) {
      const u = pu[i]!;
      const v = pv[i]!;
      for (let j = i + 1; j < n; j++) {
        const du = pu[j]! - u;
        const dv = pv[j]! - v;
        const x = du * ux + dv * vx;
        const y = dv * vy;
        const d2 = x * x + y * y;
        if (d2 < cut) continue;
        const L = Math.sqrt(d2);
        if (L <= above) continue;
        // Ascending key = descending length, then ascending index: negate the length part.
        keys[m++] = -Math.round(L * PAIR_SCALE) * PAIR_SPAN + (i * n + j);
      }
    }
    this.keys = keys;
    this.size = m;
    for (let x = (m >> 1) - 1; x >= 0; x--) this.down(x);
  }

  private down(x: number): void {
    const k = this.keys;
    const n = this.size;
    const key = k[x]!;
    for (;;) {
      let c = 2 * x + 1;
      if (c >= n) break;
      if (c + 1 < n && k[c + 1]! < k[c]!) c++;
      if (k[c]! >= key) break;
      k[x] = k[c]!;
      x = c;
    }
    k[x] = key;
  }

  /** Takes the next pair into i, j, length; false when none is left. The root's hole sinks along the
   * smaller children to a leaf and the last key rises from there (Floyd's pop: one comparison a level
   * on the way down instead of two; the order taken is the keys' order either way). */
  next(): boolean {
    if (this.size === 0) return false;
    const k = this.keys;
    const key = k[0]!;
    const n = --this.size;
    if (n > 0) {
      const last = k[n]!;
      let x = 0;
      for (;;) {
        let c = 2 * x + 1;
        if (c >= n) break;
        if (c + 1 < n && k[c + 1]! < k[c]!) c++;
        k[x] = k[c]!;
        x = c;
      }
      while (x > 0) {
        const p = (x - 1) >> 1;
        if (k[p]! <= last) break;
        k[x] = k[p]!;
        x = p;
      }
      k[x] = last;
    }
    const m = -Math.floor(key / PAIR_SPAN);
    const idx = key + m * PAIR_SPAN;
    this.i = Math.floor(idx / this.width);
    this.j = idx % this.width;
    this.length = m / PAIR_SCALE;
    return true;
  }
}

let pairScratch = new Float64Array(4096);
const PAIR_SCALE = 2 ** 16;
const PAIR_SPAN = 2 ** 24;

/** Hull vertices as coordinate arrays (working memory: valid until the next call). */
const coords = (h: Array<[number, number]>) => {
  if (hullU.length < h.length) {
    hullU = new Float64Array(2 * h.length);
    hullV = new Float64Array(2 * h.length);
  }
  for (let x = 0; x < h.length; x++) {
    hullU[x] = h[x]![0];
    hullV[x] = h[x]![1];
  }
  return { u: hullU, v: hullV };
};
let hullU = new Float64Array(64);
let hullV = new Float64Array(64);

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
  // Physical coordinates in working memory (no arrays or closures per call).
  if (caliperX.length < n) {
    caliperX = new Float64Array(2 * n);
    caliperY = new Float64Array(2 * n);
  }
  const x = caliperX;
  const y = caliperY;
  const { ux, vx, vy } = c.f;
  for (let t = 0; t < n; t++) {
    const [u, v] = h[t]!;
    x[t] = u * ux + v * vx;
    y[t] = v * vy;
  }
  if (n === 2) return [0, 1, Math.sqrt((x[0]! - x[1]!) ** 2 + (y[0]! - y[1]!) ** 2)];
  let bi = 0;
  let bj = 1;
  let bd = (x[0]! - x[1]!) ** 2 + (y[0]! - y[1]!) ** 2;
  let k = 1;
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    for (;;) {
      const k1 = (k + 1) % n;
      const a1 = Math.abs((x[j]! - x[i]!) * (y[k1]! - y[i]!) - (y[j]! - y[i]!) * (x[k1]! - x[i]!));
      const a0 = Math.abs((x[j]! - x[i]!) * (y[k]! - y[i]!) - (y[j]! - y[i]!) * (x[k]! - x[i]!));
      if (!(a1 > a0)) break;
      k = k1;
    }
    const di = (x[i]! - x[k]!) ** 2 + (y[i]! - y[k]!) ** 2;
    if (di > bd) {
      bi = i;
      bj = k;
      bd = di;
    }
    const dj = (x[j]! - x[k]!) ** 2 + (y[j]! - y[k]!) ** 2;
    if (dj > bd) {
      bi = j;
      bj = k;
      bd = dj;
    }
  }
  return [bi, bj, Math.sqrt(bd)];
}
let caliperX = new Float64Array(64);
let caliperY = new Float64Array(64);

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
  if (convex || want > 1) {
    const hc = coords(h);
    const hp = new PairQueue(c, hc.u, hc.v, h.length, -1);
    const tries = convex ? HULL_CANDIDATES : 64;
    for (let n = 0; n < tries && out.length < want && hp.next(); n++) {
      const p = h[hp.i]!;
      const q = h[hp.j]!;
      if (inside(c, p, q)) out.push({ from: p, to: q, lengthMm: len(c, p, q) });
    }
  }
  if (convex && out.length > 0) return out;
  const best = concaveSearch(c, h, out[0]?.lengthMm ?? 0);
  if (best && (out.length === 0 || best.lengthMm > out[0]!.lengthMm)) out.unshift(best);
  return out;
}

/** The concave search's working memory (it is not re-entrant; nothing here outlives a call). */
let coarseU = new Float64Array(256);
let hullKeys = new Float64Array(64);
let coarseV = new Float64Array(256);

/** Coarse to fine: see the header. `floor` is a length already known to be achievable. */
function concaveSearch(c: Ctx, h: Array<[number, number]>, floor: number): Segment | null {
  const pts = boundaryPointsShared(c.s, c.edges);
  const B = pts.n;
  if (B < 2) return null;
  const { u: pu, v: pv } = pts;
  // Small sections: every pair (≤ EXHAUSTIVE² / 2 of them) — exact against the all-pairs definition.
  const K = B <= EXHAUSTIVE ? B : Math.max(16, Math.ceil(2 * Math.sqrt(B)));
  const stride = Math.max(1, Math.ceil(B / K));
  // Coarse points: the hull's vertices, then every stride-th boundary point, each point once.
  const need = h.length + Math.ceil(B / stride);
  if (coarseU.length < need) {
    coarseU = new Float64Array(Math.max(need, 2 * coarseU.length));
    coarseV = new Float64Array(coarseU.length);
  }
  const cu = coarseU;
  const cv = coarseV;
  let nc = 0;
  // Points are on a half-pixel lattice: (2u, 2v) are integers, so this key is exact and unique.
  // Boundary points are distinct, so a sample can only repeat a hull vertex: the hull's keys, sorted,
  // are searched for each sample (no set, no closure).
  const span = 2 * (c.s.v0 + c.s.rows) + 8;
  if (hullKeys.length < h.length) hullKeys = new Float64Array(2 * h.length);
  let nk = 0;
  for (let x = 0; x < h.length; x++) {
    const u = h[x]![0];
    const v = h[x]![1];
    const key = (2 * u + 4) * span + (2 * v + 4);
    let dup = false;
    for (let y = 0; y < nk; y++) if (hullKeys[y] === key) dup = true;
    if (dup) continue;
    hullKeys[nk++] = key;
    cu[nc] = u;
    cv[nc++] = v;
  }
  const keys = hullKeys.subarray(0, nk).sort();
  for (let k = 0; k < B; k += stride) {
    const u = pu[k]!;
    const v = pv[k]!;
    const key = (2 * u + 4) * span + (2 * v + 4);
    let lo = 0;
    let hi = nk - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (keys[mid]! < key) lo = mid + 1;
      else hi = mid;
    }
    if (nk > 0 && keys[lo] === key) continue;
    cu[nc] = u;
    cv[nc++] = v;
  }
  // Coarse samples on one side of the outline are at most ~stride pixels apart (row order alternates
  // between the sides), so every point within that radius of a seed's end is tried in the fine step.
  const radius = stride * Math.max(c.f.pixU, c.f.pixV);
  // Pairs shorter than (the first seed − radius) are never visited. When every boundary point is a
  // coarse point, each row run's two end corners (or centres) are a contained coarse pair, so the
  // first seed is at least the longest run: shorter pairs need not enter the queue (a margin keeps
  // the queue's 2⁻¹⁶ mm rounding from mattering).
  let prune = floor - radius;
  if (stride === 1) {
    const e = c.edges ? 0.5 : 0;
    let longestRun = 0;
    for (let r = 0; r < c.s.start.length; r++) {
      const L = (c.s.end[r]! - c.s.start[r]! + 2 * e) * c.f.ux;
      if (L > longestRun) longestRun = L;
    }
    // Likewise a column's two end corners (or centres): the column's edge (or centre line) is a
    // contained chord between coarse points.
    const tall = mask.of(c.s).longestColumn();
    const longestColumn = tall > 0 ? lenXY(c, 0, 0, 0, tall - 1 + 2 * e) : 0;
    prune = Math.max(prune, Math.max(longestRun, longestColumn) - radius - 1e-3);
  }
  const cp = new PairQueue(c, cu, cv, nc, prune);
  const seeds: Segment[] = [];
  let bestLen = floor;
  while (cp.next()) {
    if (seeds.length > 0 && (cp.length < seeds[0]!.lengthMm - radius || seeds.length >= 2)) break;
    const au = cu[cp.i]!;
    const av = cv[cp.i]!;
    const bu = cu[cp.j]!;
    const bv = cv[cp.j]!;
    // A pair whose ends are both near a seed's ends is that seed's neighbourhood (the fine step's job).
    const s = seeds[0];
    if (
      s &&
      ((lenXY(c, s.from[0], s.from[1], au, av) < radius && lenXY(c, s.to[0], s.to[1], bu, bv) < radius) ||
        (lenXY(c, s.from[0], s.from[1], bu, bv) < radius && lenXY(c, s.to[0], s.to[1], au, av) < radius))
    )
      continue;
    if (insideXY(c, au, av, bu, bv))
      seeds.push({ from: [au, av], to: [bu, bv], lengthMm: lenXY(c, au, av, bu, bv) });
  }
  let best: Segment | null = seeds[0] ?? null;
  if (best && best.lengthMm > bestLen) bestLen = best.lengthMm;
  // Fine: around each seed's two ends, move one end at a time to the boundary point within `radius`
  // that gives the longest contained chord with the other end fixed (longest first, first contained
  // wins), until neither end moves — O(radius) tests per move instead of O(radius²) pairs.
  const top = fineTop;
  for (const seed of seeds) {
    let fu = seed.from[0];
    let fv = seed.from[1];
    let tu = seed.to[0];
    let tv = seed.to[1];
    let length = seed.lengthMm;
    const P = within(c, pts, fu, fv, radius, 0);
    const Q = within(c, pts, tu, tv, radius, 1);
    for (let round = 0; round < 4; round++) {
      let moved = false;
      for (let side = 0; side < 2; side++) {
        const xu = side === 0 ? tu : fu;
        const xv = side === 0 ? tv : fv;
        const options = side === 0 ? P : Q;
        // The longest few only: a move is a local refinement, and most longer chords leave the section.
        top.clear();
        for (let i = 0; i < options.length; i++) {
          const k = options[i]!;
          const L = lenXY(c, pu[k]!, pv[k]!, xu, xv);
          if (L > length) top.offer(L, k);
        }
        for (let x = 0; x < top.n; x++) {
          const k = top.index[x]!;
          if (insideXY(c, pu[k]!, pv[k]!, xu, xv)) {
            if (side === 0) {
              fu = pu[k]!;
              fv = pv[k]!;
            } else {
              tu = pu[k]!;
              tv = pv[k]!;
            }
            length = top.length[x]!;
            moved = true;
            break;
          }
        }
      }
      if (!moved) break;
    }
    if (length > bestLen) {
      best = { from: [fu, fv], to: [tu, tv], lengthMm: length };
      bestLen = length;
    }
  }
  return best;
}

/** Indices of the points within `radius` mm of (u, v), in order, into buffer 0 or 1 (shared: valid
 * until the next call with the same buffer). */
function within(c: Ctx, pts: Points, u: number, v: number, radius: number, buffer: 0 | 1): Int32Array {
  if (withinBuffers[buffer]!.length < pts.n) withinBuffers[buffer] = new Int32Array(2 * pts.n);
  const out = withinBuffers[buffer]!;
  let n = 0;
  for (let k = 0; k < pts.n; k++) if (lenXY(c, pts.u[k]!, pts.v[k]!, u, v) <= radius) out[n++] = k;
  return out.subarray(0, n);
}

const withinBuffers = [new Int32Array(256), new Int32Array(256)];

/** The `size` longest chords offered, longest first; equal lengths keep the order of offering. */
class TopChords {
  length: Float64Array;
  index: Int32Array;
  n = 0;
  constructor(readonly size: number) {
    this.length = new Float64Array(size);
    this.index = new Int32Array(size);
  }
  clear(): void {
    this.n = 0;
  }
  offer(L: number, k: number): void {
    if (this.n === this.size && !(L > this.length[this.n - 1]!)) return;
    let x = this.n < this.size ? this.n++ : this.n - 1;
    while (x > 0 && this.length[x - 1]! < L) {
      this.length[x] = this.length[x - 1]!;
      this.index[x] = this.index[x - 1]!;
      x--;
    }
    this.length[x] = L;
    this.index[x] = k;
  }
}

const fineTop = new TopChords(FINE_TESTS);

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
  if (L === 0) return { from: long.from, to: long.from, lengthMm: 0 };
  const tx = (bx - ax) / L;
  const ty = (by - ay) / L;
  const steps = Math.max(1, Math.ceil(L / (c.step * 2)));
  // The best chord as scalars (its ends are built once, at the end): centre, direction, both reaches.
  let bestLen = 0;
  let bx0 = ax;
  let by0 = ay;
  let bnx = 0;
  let bny = 0;
  let bPlus = 0;
  let bMinus = 0;
  // Angles 0, 1, −1, 2, −2, … degrees, up to the tolerance (whole degrees).
  const last = toleranceDeg >= 1 ? 2 * Math.floor(toleranceDeg) : 0;
  for (let a = 0; a <= last; a++) {
    const deg = a === 0 ? 0 : a & 1 ? (a + 1) / 2 : -a / 2;
    const rad = ((90 + deg) * Math.PI) / 180;
    const nx = tx * Math.cos(rad) - ty * Math.sin(rad);
    const ny = tx * Math.sin(rad) + ty * Math.cos(rad);
    // The same direction in grid units per mm.
    const dv = ny / c.f.vy;
    const du = (nx - dv * c.f.vx) / c.f.ux;
    // Half-pixel steps along the longest diameter, an exact walk to the pixel edge on each side.
    for (let i = 0; i <= steps; i++) {
      const t = i / steps;
      const x = ax + (bx - ax) * t;
      const y = ay + (by - ay) * t;
      const v = y / c.f.vy;
      const u = (x - v * c.f.vx) / c.f.ux;
      const plus = reach(c.s, u, v, du, dv);
      const minus = reach(c.s, u, v, -du, -dv);
      if (plus + minus > bestLen) {
        bestLen = plus + minus;
        bx0 = x;
        by0 = y;
        bnx = nx;
        bny = ny;
        bPlus = plus;
        bMinus = minus;
      }
    }
  }
  const best = {
    len: bestLen,
    from: [bx0 - bnx * bMinus, by0 - bny * bMinus] as [number, number],
    to: [bx0 + bnx * bPlus, by0 + bny * bPlus] as [number, number],
  };
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
