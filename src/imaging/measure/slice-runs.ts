// One lesion's cross-section on one slice as row runs (rows along the slice's second in-plane axis v,
// runs of pixels along the first, u), in a physical in-plane frame: the two in-plane grid axes map
// through the affine's columns onto an orthonormal 2-D frame (x = du·ux + dv·vx, y = dv·vy), so lengths
// and angles are physical for anisotropic, oblique and sheared grids. Every query here walks rows, so
// its cost grows with the rows crossed (and log of the runs per row), never with the pixel area.
import type { VoxelGrid } from "../types.ts";

export interface Frame {
  ux: number;
  vx: number;
  vy: number;
  /** Physical size of one grid step along u and v, mm. */
  pixU: number;
  pixV: number;
}

export interface SliceRuns {
  /** In-plane grid axes (u, v) and the slice axis. */
  axes: readonly [number, number, number];
  slice: number;
  /** First row (v index) and row count; runs of row v0 + t are rowFirst[t] … rowFirst[t + 1] − 1. */
  v0: number;
  rows: number;
  rowFirst: Int32Array;
  /** First and last pixel (u index, inclusive) of each run. */
  start: Int32Array;
  end: Int32Array;
  pixelCount: number;
}

/** The in-plane axes for a slice axis, in increasing order. */
export function inPlaneAxes(planeAxis: 0 | 1 | 2): [number, number] {
  return planeAxis === 0 ? [1, 2] : planeAxis === 1 ? [0, 2] : [0, 1];
}

/** Orthonormal frame of the slice plane from the affine's in-plane columns (Gram–Schmidt). */
export function planeFrame(grid: VoxelGrid, planeAxis: 0 | 1 | 2): Frame {
  const [a, b] = inPlaneAxes(planeAxis);
  const col = (c: number) => [grid.affine[0]![c]!, grid.affine[1]![c]!, grid.affine[2]![c]!];
  const cu = col(a);
  const cv = col(b);
  const nu = Math.hypot(cu[0]!, cu[1]!, cu[2]!);
  const e1 = cu.map((x) => x / nu);
  const along = cv[0]! * e1[0]! + cv[1]! * e1[1]! + cv[2]! * e1[2]!;
  const rest = cv.map((x, i) => x - along * e1[i]!);
  const nr = Math.hypot(rest[0]!, rest[1]!, rest[2]!);
  return { ux: nu, vx: along, vy: nr, pixU: nu, pixV: Math.hypot(along, nr) };
}

/** Physical length of the grid vector (du, dv), mm. */
export function physicalLength(f: Frame, du: number, dv: number): number {
  return Math.hypot(du * f.ux + dv * f.vx, dv * f.vy);
}

/**
 * Holes of a section: background pixels not 4-connected to the border of its bounding box, found on
 * the gaps between runs (a gap touching the box border, an empty row, or the outside of a neighbour
 * row's extent is outside; overlapping gaps of neighbour rows are joined). Returns the section with
 * its holes filled and how many pixels were added; O(runs).
 */
/** fillHoles' working memory (gap ends, union-find parents, outside flags), kept between calls. */
let gapScratch = new Int32Array(256);
let gapFirstScratch = new Int32Array(256);
let filledScratch = new Int32Array(256);
let outsideScratch = new Uint8Array(256);

export function fillHoles(s: SliceRuns): { filled: SliceRuns; added: number } {
  const { rows, rowFirst, start, end } = s;
  if (gapFirstScratch.length < rows + 1) gapFirstScratch = new Int32Array(2 * (rows + 1));
  const gapFirst = gapFirstScratch;
  gapFirst[0] = 0;
  for (let t = 0; t < rows; t++)
    gapFirst[t + 1] = gapFirst[t]! + Math.max(0, rowFirst[t + 1]! - rowFirst[t]! - 1);
  const gaps = gapFirst[rows]!;
  if (gaps === 0) return { filled: s, added: 0 };
  if (gapScratch.length < 3 * gaps) gapScratch = new Int32Array(Math.max(3 * gaps, 2 * gapScratch.length));
  if (outsideScratch.length < gaps) outsideScratch = new Uint8Array(gapScratch.length);
  const ga = gapScratch.subarray(0, gaps);
  const gb = gapScratch.subarray(gaps, 2 * gaps);
  for (let t = 0; t < rows; t++)
    for (let r = rowFirst[t]!, g = gapFirst[t]!; r + 1 < rowFirst[t + 1]!; r++, g++) {
      ga[g] = end[r]! + 1;
      gb[g] = start[r + 1]! - 1;
    }
  const parent = gapScratch.subarray(2 * gaps, 3 * gaps);
  for (let g = 0; g < gaps; g++) parent[g] = g;
  const outside = outsideScratch.subarray(0, gaps);
  outside.fill(0);
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  };
  const join = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) {
      parent[rb] = ra;
      outside[ra] = outside[ra]! | outside[rb]!;
    }
  };
  const empty = (t: number) => t < 0 || t >= rows || rowFirst[t] === rowFirst[t + 1];
  for (let t = 0; t < rows; t++) {
    for (let nt = t - 1; nt <= t + 1; nt += 2) {
      for (let g = gapFirst[t]!; g < gapFirst[t + 1]!; g++) {
        if (empty(nt) || ga[g]! < start[rowFirst[nt]!]! || gb[g]! > end[rowFirst[nt + 1]! - 1]!)
          outside[g] = 1;
      }
    }
    if (t + 1 < rows) {
      // Overlapping gaps of rows t and t + 1 (two pointers).
      let h = gapFirst[t + 1]!;
      for (let g = gapFirst[t]!; g < gapFirst[t + 1]!; g++) {
        while (h < gapFirst[t + 2]! && gb[h]! < ga[g]!) h++;
        for (let x = h; x < gapFirst[t + 2]! && ga[x]! <= gb[g]!; x++) join(g, x);
      }
    }
  }
  for (let g = 0; g < gaps; g++) if (outside[g] === 1) outside[find(g)] = 1;
  let added = 0;
  // The filled runs are written to working memory, then copied out (one buffer) if anything was added.
  const L = start.length;
  if (filledScratch.length < 2 * L + rows + 1) filledScratch = new Int32Array(2 * (2 * L + rows + 1));
  const ns = filledScratch.subarray(0, L);
  const ne = filledScratch.subarray(L, 2 * L);
  const nf = filledScratch.subarray(2 * L, 2 * L + rows + 1);
  let n = 0;
  for (let t = 0; t < rows; t++) {
    nf[t] = n;
    for (let r = rowFirst[t]!; r < rowFirst[t + 1]!; r++) {
      const g = gapFirst[t]! + (r - rowFirst[t]!) - 1;
      if (r > rowFirst[t]! && outside[find(g)] === 0) {
        added += gb[g]! - ga[g]! + 1;
        ne[n - 1] = end[r]!;
      } else {
        ns[n] = start[r]!;
        ne[n++] = end[r]!;
      }
    }
  }
  nf[rows] = n;
  if (added === 0) return { filled: s, added: 0 };
  const out = new Int32Array(2 * n + rows + 1);
  out.set(ns.subarray(0, n), 0);
  out.set(ne.subarray(0, n), n);
  out.set(nf, 2 * n);
  return {
    filled: {
      ...s,
      rowFirst: out.subarray(2 * n),
      start: out.subarray(0, n),
      end: out.subarray(n, 2 * n),
      pixelCount: s.pixelCount + added,
    },
    added,
  };
}

/** Index of the last run of row t whose start ≤ u, or −1. */
function lastRunStartingBy(s: SliceRuns, t: number, u: number): number {
  if (t < 0 || t >= s.rows) return -1;
  let lo = s.rowFirst[t]!;
  let hi = s.rowFirst[t + 1]! - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (s.start[mid]! <= u) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Whether [p, q] (u, grid units) is covered by the pixels of rows t0..t1 (absolute v indices), each
 * pixel widened by tolU on both sides. */
function covered(s: SliceRuns, t0: number, t1: number, p: number, q: number, tolU: number): boolean {
  let cur = p;
  for (;;) {
    let best = Number.NEGATIVE_INFINITY;
    for (let y = t0; y <= t1; y++) {
      const r = lastRunStartingBy(s, y - s.v0, cur + 0.5 + tolU);
      if (r >= 0) {
        const e = s.end[r]! + 0.5 + tolU;
        if (e >= cur && e > best) best = e;
      }
    }
    if (best >= q) return true;
    if (best <= cur) return false;
    cur = best;
  }
}

/** Whether grid point (u, v) lies in a pixel widened by (tolU, tolV) grid units. */
export function pointInside(s: SliceRuns, u: number, v: number, tolU: number, tolV: number): boolean {
  const f = 0.5 + tolV;
  for (let y = Math.ceil(v - f); y <= Math.floor(v + f); y++) {
    const r = lastRunStartingBy(s, y - s.v0, u + 0.5 + tolU);
    if (r >= 0 && s.end[r]! + 0.5 + tolU >= u) return true;
  }
  return false;
}

/**
 * The section as one byte per pixel of its bounding box, for point tests in O(1) instead of a binary
 * search per row: `inside` answers exactly what pointInside answers (the same comparisons, in the same
 * floating-point order). One buffer is shared: `of` rebuilds it when another section asks.
 */
export class PixelMask {
  private bits = new Uint8Array(1024);
  private owner: SliceRuns | null = null;
  private u0 = 0;
  private u1 = -1;
  private width = 0;

  /** The mask of section s (built unless it is the one held). */
  of(s: SliceRuns): this {
    if (this.owner === s) return this;
    let u0 = 2 ** 30;
    let u1 = -(2 ** 30);
    for (let t = 0; t < s.rows; t++) {
      if (s.rowFirst[t] === s.rowFirst[t + 1]) continue;
      if (s.start[s.rowFirst[t]!]! < u0) u0 = s.start[s.rowFirst[t]!]!;
      if (s.end[s.rowFirst[t + 1]! - 1]! > u1) u1 = s.end[s.rowFirst[t + 1]! - 1]!;
    }
    const width = Math.max(0, u1 - u0 + 1);
    const size = width * s.rows;
    if (this.bits.length < size) this.bits = new Uint8Array(Math.max(size, 2 * this.bits.length));
    const bits = this.bits;
    bits.fill(0, 0, size);
    for (let t = 0; t < s.rows; t++) {
      const base = t * width - u0;
      for (let r = s.rowFirst[t]!; r < s.rowFirst[t + 1]!; r++)
        bits.fill(1, base + s.start[r]!, base + s.end[r]! + 1);
    }
    this.owner = s;
    this.u0 = u0;
    this.u1 = u1;
    this.width = width;
    return this;
  }

  /** The longest run of set pixels along v (a column) of the section held, in pixels. */
  longestColumn(): number {
    const s = this.owner!;
    const { bits, width } = this;
    let best = 0;
    for (let x = 0; x < width; x++) {
      let run = 0;
      for (let t = 0, p = x; t < s.rows; t++, p += width) {
        if (bits[p] === 1) {
          if (++run > best) best = run;
        } else run = 0;
      }
    }
    return best;
  }

  /** pointInside(s, u, v, tolU, tolV) for the section held. In row y, pointInside takes the last run
   * starting at or before U = u + 0.5 + tolU and asks whether its end e has e + 0.5 + tolU ≥ u; that
   * is: is some pixel x ≤ ⌊U⌋ of the row set with x + 0.5 + tolU ≥ u (the test rises with x, so the
   * pixels are tried from ⌊U⌋ down while it holds). */
  inside(u: number, v: number, tolU: number, tolV: number): boolean {
    const s = this.owner!;
    const f = 0.5 + tolV;
    const top = Math.min(Math.floor(u + 0.5 + tolU), this.u1);
    const { bits, width, u0 } = this;
    for (let y = Math.ceil(v - f); y <= Math.floor(v + f); y++) {
      const t = y - s.v0;
      if (t < 0 || t >= s.rows) continue;
      const base = t * width - u0;
      for (let x = top; x >= u0 && x + 0.5 + tolU >= u; x--) if (bits[base + x] === 1) return true;
    }
    return false;
  }
}

/**
 * Whether the segment (au, av)–(bu, bv) (grid coordinates) lies inside the section with every pixel
 * widened by (tolU, tolV) grid units — an exact test: the segment is cut where the set of rows that can
 * cover it changes, and each piece's u-range must be covered by those rows' runs.
 */
export function segmentInside(
  s: SliceRuns,
  au: number,
  av: number,
  bu: number,
  bv: number,
  tolU: number,
  tolV: number,
): boolean {
  const f = 0.5 + tolV;
  if (Math.abs(bv - av) < 1e-12) {
    return covered(s, Math.ceil(av - f), Math.floor(av + f), Math.min(au, bu), Math.max(au, bu), tolU);
  }
  const lower = av < bv;
  const pu = lower ? au : bu;
  const pv = lower ? av : bv;
  const qu = lower ? bu : au;
  const qv = lower ? bv : av;
  const slope = (qu - pu) / (qv - pv);
  let v = pv;
  while (v < qv) {
    // Next v where the covering rows change (v = y ± f); rounding must never stall the walk.
    let n1 = Math.floor(v - f) + 1 + f;
    if (n1 <= v) n1 += 1;
    let n2 = Math.floor(v + f) + 1 - f;
    if (n2 <= v) n2 += 1;
    const next = Math.min(qv, n1, n2);
    const mid = (v + next) / 2;
    const ua = pu + (v - pv) * slope;
    const ub = pu + (next - pv) * slope;
    if (!covered(s, Math.ceil(mid - f), Math.floor(mid + f), Math.min(ua, ub), Math.max(ua, ub), tolU))
      return false;
    v = next;
  }
  return true;
}

/**
 * Distance (mm) from grid point (u, v) along the grid direction (du, dv) (grid units per mm) to where
 * the ray leaves the lesion's pixels (zero tolerance): exact, one step per row crossed.
 */
export function reach(s: SliceRuns, u: number, v: number, du: number, dv: number): number {
  if (Math.abs(dv) < 1e-12) {
    // Along a row (or along the line between two rows, where either row covers).
    let cur = u;
    const t0 = Math.ceil(v - 0.5);
    const t1 = Math.floor(v + 0.5);
    for (;;) {
      let best = du > 0 ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
      for (let y = t0; y <= t1; y++) {
        const r = lastRunStartingBy(s, y - s.v0, du > 0 ? cur + 0.5 : cur + 0.5);
        if (r < 0) continue;
        if (du > 0) {
          const e = s.end[r]! + 0.5;
          if (e >= cur && e > best) best = e;
        } else if (s.end[r]! + 0.5 >= cur) {
          // Runs are disjoint: the run holding cur; walk left while runs abut across the two rows.
          const b0 = s.start[r]! - 0.5;
          if (b0 < best) best = b0;
        }
      }
      if (du > 0 ? best <= cur : best >= cur) return Math.abs(cur - u) / Math.abs(du);
      cur = best;
    }
  }
  let t = 0;
  let vv = v;
  for (;;) {
    const nb = dv > 0 ? Math.floor(vv - 0.5) + 1.5 : Math.ceil(vv + 0.5) - 1.5;
    const y = dv > 0 ? nb - 0.5 : nb + 0.5;
    const uu = u + du * t;
    const r = lastRunStartingBy(s, y - s.v0, uu + 0.5);
    if (r < 0 || s.end[r]! + 0.5 < uu) return t;
    const tb = (nb - v) / dv;
    const te =
      du > 0 ? (s.end[r]! + 0.5 - u) / du : du < 0 ? (s.start[r]! - 0.5 - u) / du : Number.POSITIVE_INFINITY;
    if (te < tb) return Math.max(t, te);
    t = tb;
    vv = nb;
  }
}

/** Convex hull vertices (grid coordinates) of the section: pixel corners ("edges") or centres. */
export function hull(s: SliceRuns, edges: boolean): Array<[number, number]> {
  // Only each row's extremes can be hull vertices; generated in (v, u) order, so no sort is needed.
  const pts: Array<[number, number]> = [];
  const left = (t: number) => s.start[s.rowFirst[t]!]!;
  const right = (t: number) => s.end[s.rowFirst[t + 1]! - 1]!;
  const has = (t: number) => t >= 0 && t < s.rows && s.rowFirst[t] !== s.rowFirst[t + 1];
  if (edges) {
    for (let t = 0; t <= s.rows; t++) {
      const a = has(t - 1);
      const b = has(t);
      if (!a && !b) continue;
      const l = Math.min(a ? left(t - 1) : Number.POSITIVE_INFINITY, b ? left(t) : Number.POSITIVE_INFINITY);
      const r = Math.max(
        a ? right(t - 1) : Number.NEGATIVE_INFINITY,
        b ? right(t) : Number.NEGATIVE_INFINITY,
      );
      const v = s.v0 + t - 0.5;
      pts.push([l - 0.5, v]);
      if (r + 0.5 !== l - 0.5) pts.push([r + 0.5, v]);
    }
  } else {
    for (let t = 0; t < s.rows; t++) {
      if (!has(t)) continue;
      pts.push([left(t), s.v0 + t]);
      if (right(t) !== left(t)) pts.push([right(t), s.v0 + t]);
    }
  }
  if (pts.length <= 2) return pts;
  // Andrew's monotone chain on (v, u) order; a linear map keeps the hull, so grid coordinates suffice.
  const cross = (o: number[], a: number[], b: number[]) =>
    (a[1]! - o[1]!) * (b[0]! - o[0]!) - (a[0]! - o[0]!) * (b[1]! - o[1]!);
  // Lower chain over the points in order, upper chain in reverse order, each without its last point
  // (no reversed copy, slices or spreads).
  const out: Array<[number, number]> = [];
  for (let pass = 0; pass < 2; pass++) {
    const base = out.length;
    for (let x = 0; x < pts.length; x++) {
      const p = pts[pass === 0 ? x : pts.length - 1 - x]!;
      while (out.length - base >= 2 && cross(out[out.length - 2]!, out[out.length - 1]!, p) <= 0) out.pop();
      out.push(p);
    }
    out.pop();
  }
  return out;
}

/** Points as parallel coordinate arrays (grid units): point k is (u[k], v[k]), k < n. */
export interface Points {
  u: Float64Array;
  v: Float64Array;
  n: number;
}

class PointBuffer implements Points {
  u = new Float64Array(64);
  v = new Float64Array(64);
  n = 0;
  /** Empties the buffer, with room for `size` points. */
  reset(size: number): this {
    if (this.u.length < size) {
      this.u = new Float64Array(Math.max(size, 2 * this.u.length));
      this.v = new Float64Array(this.u.length);
    }
    this.n = 0;
    return this;
  }
  push(u: number, v: number): void {
    if (this.n === this.u.length) {
      const nu = new Float64Array(this.n * 2);
      const nv = new Float64Array(this.n * 2);
      nu.set(this.u);
      nv.set(this.v);
      this.u = nu;
      this.v = nv;
    }
    this.u[this.n] = u;
    this.v[this.n++] = v;
  }
}

/**
 * Boundary points of the section (grid coordinates): the pixel corners on its outline ("edges": a
 * corner whose four pixels are not all inside or all outside), or the centres of pixels with a
 * 4-neighbour outside ("centres"), level by level in (v, u) order. One merge of neighbour rows' runs
 * per level; no sort.
 */
export function boundaryPoints(s: SliceRuns, edges: boolean): Points {
  const out = new PointBuffer().reset(4 * s.start.length + 8);
  return boundaryPointsInto(s, edges, out);
}

const sharedPoints = new PointBuffer();

/** boundaryPoints into one shared buffer: valid until the next call (for a caller that keeps none). */
export function boundaryPointsShared(s: SliceRuns, edges: boolean): Points {
  return boundaryPointsInto(s, edges, sharedPoints.reset(4 * s.start.length + 8));
}

function boundaryPointsInto(s: SliceRuns, edges: boolean, out: PointBuffer): Points {
  const { rows, rowFirst, start, end } = s;
  const first = (t: number) => (t < 0 ? 0 : t >= rows ? rowFirst[rows]! : rowFirst[t]!);
  if (edges) {
    for (let t = 0; t <= rows; t++) {
      // Rows a = t − 1 and b = t; change points of each (a run's start, and its end + 1) are merged:
      // each is a corner on the outline, and so is every corner inside a span where a and b differ.
      let ra = first(t - 1);
      const ea = first(t);
      let rb = ea;
      const eb = first(t + 1);
      if (ra === ea && rb === eb) continue;
      const v = s.v0 + t - 0.5;
      let inA = false;
      let inB = false;
      // Next change point of each row (start when outside a run, end + 1 inside).
      const INF = Number.POSITIVE_INFINITY;
      let na = ra < ea ? start[ra]! : INF;
      let nb = rb < eb ? start[rb]! : INF;
      for (;;) {
        const p = Math.min(na, nb);
        if (p === INF) break;
        if (na === p) {
          if (inA) {
            inA = false;
            ra++;
            na = ra < ea ? start[ra]! : INF;
          } else {
            inA = true;
            na = end[ra]! + 1;
          }
        }
        if (nb === p) {
          if (inB) {
            inB = false;
            rb++;
            nb = rb < eb ? start[rb]! : INF;
          } else {
            inB = true;
            nb = end[rb]! + 1;
          }
        }
        out.push(p - 0.5, v);
        if (inA !== inB) {
          const q = Math.min(na, nb);
          for (let x = p + 1; x < q; x++) out.push(x - 0.5, v);
        }
      }
    }
  } else {
    for (let t = 0; t < rows; t++) {
      // A run's ends, and its inner pixels not covered by both the row above and the row below.
      let ra = first(t - 1);
      const ea = first(t);
      let rc = first(t + 1);
      const ec = first(t + 2);
      const v = s.v0 + t;
      for (let r = rowFirst[t]!; r < rowFirst[t + 1]!; r++) {
        const x0 = start[r]!;
        const x1 = end[r]!;
        out.push(x0, v);
        let p = x0 + 1;
        while (p < x1) {
          // The pixel p is covered by both neighbour rows up to min(end of a's run, end of c's run).
          while (ra < ea && end[ra]! < p) ra++;
          while (rc < ec && end[rc]! < p) rc++;
          const inA = ra < ea && start[ra]! <= p;
          const inC = rc < ec && start[rc]! <= p;
          if (inA && inC) {
            p = Math.min(end[ra]!, end[rc]!) + 1;
            continue;
          }
          out.push(p, v);
          p++;
        }
        if (x1 !== x0) out.push(x1, v);
      }
    }
  }
  return out;
}
