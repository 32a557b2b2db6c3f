// 3-D connected components on row runs: one scan turns the grid into runs of equal part code along i
// (a row = fixed j, k), then union-find joins runs that touch a run of the same part in the previous
// row or the previous slice — work proportional to the number of runs, not voxels, and no per-voxel
// queue or visited map. 26-connectivity by default (faces, edges and corners), 6 (faces only) as an
// option. Runs are kept in linear-index order, so a component's voxels come out sorted.

export type Connectivity = 6 | 26;

/** Runs of equal non-zero part code along i, in linear-index order. */
export interface PartRuns {
  dims: readonly [number, number, number];
  count: number;
  /** Row index j + nj·k of each run. */
  row: Int32Array;
  /** First and last i of each run (inclusive). */
  start: Int32Array;
  end: Int32Array;
  part: Uint8Array;
  /** Caller's per-run bits (e.g. "holds a truly enhancing voxel"), OR-ed into the component. */
  flags: Uint8Array;
  /** Runs of row r are rowFirst[r] … rowFirst[r + 1] − 1. */
  rowFirst: Int32Array;
  /** Bit p set when some run has part p. */
  partsSeen: number;
}

/** Growable run storage for a scan that emits runs in linear-index order. */
export class RunBuilder {
  /** Starting capacity: the largest run count seen so far (masks of one study are alike), so a
   * builder rarely grows and leaves no outgrown arrays behind. */
  private static hint = 1024;
  count = 0;
  row = new Int32Array(RunBuilder.hint);
  start = new Int32Array(RunBuilder.hint);
  end = new Int32Array(RunBuilder.hint);
  part = new Uint8Array(RunBuilder.hint);
  flags = new Uint8Array(RunBuilder.hint);
  partsSeen = 0;

  push(row: number, start: number, end: number, part: number, flags: number): void {
    if (this.count === this.row.length) this.grow();
    const n = this.count++;
    this.row[n] = row;
    this.start[n] = start;
    this.end[n] = end;
    this.part[n] = part;
    this.flags[n] = flags;
    this.partsSeen |= 1 << part;
  }

  private grow(): void {
    const size = this.row.length * 2;
    const g = <T extends Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(size);
      b.set(a);
      return b;
    };
    this.row = g(this.row, (n) => new Int32Array(n));
    this.start = g(this.start, (n) => new Int32Array(n));
    this.end = g(this.end, (n) => new Int32Array(n));
    this.part = g(this.part, (n) => new Uint8Array(n));
    this.flags = g(this.flags, (n) => new Uint8Array(n));
  }

  finish(dims: readonly [number, number, number]): PartRuns {
    if (this.count > RunBuilder.hint) RunBuilder.hint = Math.min(this.count, 1 << 24);
    const rows = dims[1] * dims[2];
    const rowFirst = new Int32Array(rows + 1);
    for (let r = 0; r < this.count; r++) rowFirst[this.row[r]! + 1]!++;
    for (let r = 0; r < rows; r++) rowFirst[r + 1]! += rowFirst[r]!;
    const n = this.count;
    return {
      dims,
      count: n,
      row: this.row.subarray(0, n),
      start: this.start.subarray(0, n),
      end: this.end.subarray(0, n),
      part: this.part.subarray(0, n),
      flags: this.flags.subarray(0, n),
      rowFirst,
      partsSeen: this.partsSeen,
    };
  }
}

/** Components over runs, as parallel arrays (no object per component: noisy maps have tens of
 * thousands of one-voxel specks). Component c's runs are entries runFirst[c] … runFirst[c+1]−1 of the
 * grouped run arrays (row j, slice k, first and last i), in linear-index order; its bounds are
 * min/max[3c … 3c+2] (i, j, k, inclusive). */
export interface RunComponents {
  count: number;
  part: Uint8Array;
  voxelCount: Int32Array;
  /** OR of the runs' flags. */
  flags: Uint8Array;
  /** 1 when a voxel has a 26-neighbour of part `touchPart` (see labelRunComponents). */
  touches: Uint8Array;
  runFirst: Int32Array;
  j: Int32Array;
  k: Int32Array;
  i0: Int32Array;
  i1: Int32Array;
  min: Int32Array;
  max: Int32Array;
}

/** Working memory of labelRunComponents, kept between calls (none of it is returned). */
let scratch = new Int32Array(0);
let touchScratch = new Uint8Array(0);

/**
 * Components of equal part codes over the runs, in order of their first voxel (linear index).
 * `touchPart` (optional): mark components adjacent (26-neighbourhood) to a run of that part.
 */
export function labelRunComponents(runs: PartRuns, connectivity: Connectivity, touchPart = 0): RunComponents {
  const { count, start, end, part, rowFirst } = runs;
  const [, nj, nk] = runs.dims;
  // Equivalence by a representative table (He, Chao & Suzuki's run-based labelling): rep[r] is always
  // the representative of r's set, so a lookup is one load and never a walk; a merge relabels the
  // smaller set's members (kept as a linked list), O(runs · log runs) in all.
  if (scratch.length < 5 * count) scratch = new Int32Array(Math.max(5 * count, 2 * scratch.length));
  const rep = scratch.subarray(0, count);
  const next = scratch.subarray(count, 2 * count);
  const tail = scratch.subarray(2 * count, 3 * count);
  const size = scratch.subarray(3 * count, 4 * count);
  if (touchScratch.length < count) touchScratch = new Uint8Array(scratch.length / 5);
  const touch = touchScratch.subarray(0, count);
  touch.fill(0);
  /** Joins the sets of representatives a ≠ b; returns the new representative. */
  const union = (a: number, b: number): number => {
    if (size[a]! < size[b]!) {
      const t = a;
      a = b;
      b = t;
    }
    for (let x = b; x >= 0; x = next[x]!) rep[x] = a;
    next[tail[a]!] = b;
    tail[a] = tail[b]!;
    size[a]! += size[b]!;
    return a;
  };
  const face = connectivity === 6;
  const faceOnly = face && touchPart === 0;
  for (let k = 0; k < nk; k++) {
    for (let j = 0; j < nj; j++) {
      const R = j + nj * k;
      const r0 = rowFirst[R]!;
      const r1 = rowFirst[R + 1]!;
      if (r0 === r1) continue;
      for (let r = r0; r < r1; r++) {
        rep[r] = r;
        next[r] = -1;
        tail[r] = r;
        size[r] = 1;
      }
      if (connectivity === 26 && touchPart === 0) {
        // The common case in one pass per run over its four neighbour rows (same links as below).
        const A = j > 0 ? R - 1 : -1;
        const B = k > 0 ? R - nj : -1;
        const C = j > 0 && k > 0 ? R - nj - 1 : -1;
        const D = j + 1 < nj && k > 0 ? R - nj + 1 : -1;
        let qa = A < 0 ? 0 : rowFirst[A]!;
        const qa1 = A < 0 ? 0 : rowFirst[A + 1]!;
        let qb = B < 0 ? 0 : rowFirst[B]!;
        const qb1 = B < 0 ? 0 : rowFirst[B + 1]!;
        let qc = C < 0 ? 0 : rowFirst[C]!;
        const qc1 = C < 0 ? 0 : rowFirst[C + 1]!;
        let qd = D < 0 ? 0 : rowFirst[D]!;
        const qd1 = D < 0 ? 0 : rowFirst[D + 1]!;
        for (let r = r0; r < r1; r++) {
          const lo = start[r]! - 1;
          const hi = end[r]! + 1;
          const pr = part[r]!;
          let rr = r;
          while (qa < qa1 && end[qa]! < lo) qa++;
          for (let x = qa; x < qa1 && start[x]! <= hi; x++)
            if (part[x] === pr && rep[x] !== rr) rr = union(rr, rep[x]!);
          while (qb < qb1 && end[qb]! < lo) qb++;
          for (let x = qb; x < qb1 && start[x]! <= hi; x++)
            if (part[x] === pr && rep[x] !== rr) rr = union(rr, rep[x]!);
          while (qc < qc1 && end[qc]! < lo) qc++;
          for (let x = qc; x < qc1 && start[x]! <= hi; x++)
            if (part[x] === pr && rep[x] !== rr) rr = union(rr, rep[x]!);
          while (qd < qd1 && end[qd]! < lo) qd++;
          for (let x = qd; x < qd1 && start[x]! <= hi; x++)
            if (part[x] === pr && rep[x] !== rr) rr = union(rr, rep[x]!);
        }
        continue;
      }
      if (touchPart > 0) {
        // Same-row contact between different parts.
        for (let r = r0 + 1; r < r1; r++) {
          if (start[r] === end[r - 1]! + 1 && (part[r] === touchPart) !== (part[r - 1] === touchPart)) {
            touch[part[r] === touchPart ? r - 1 : r] = 1;
          }
        }
      }
      // Neighbour rows already scanned: (j − 1, k), (j, k − 1) share faces; (j − 1, k − 1), (j + 1, k − 1)
      // only edges. Runs overlap with a one-voxel margin for edge/corner contact.
      for (let nb = 0; nb < 4; nb++) {
        const isFace = nb < 2;
        if (!isFace && faceOnly) continue;
        const jj = nb === 1 ? j : nb === 3 ? j + 1 : j - 1;
        const kk = nb === 0 ? k : k - 1;
        if (jj < 0 || kk < 0 || jj >= nj) continue;
        const Q = jj + nj * kk;
        const q0 = rowFirst[Q]!;
        const q1 = rowFirst[Q + 1]!;
        if (q0 === q1) continue;
        let q = q0;
        for (let r = r0; r < r1; r++) {
          const lo = start[r]! - 1;
          const hi = end[r]! + 1;
          while (q < q1 && end[q]! < lo) q++;
          const pr = part[r]!;
          for (let x = q; x < q1 && start[x]! <= hi; x++) {
            if (part[x] === pr) {
              // 6-connectivity: faces only, and exact overlap along i.
              if (face && !(isFace && start[x]! <= end[r]! && end[x]! >= start[r]!)) continue;
              const rx = rep[x]!;
              const rr = rep[r]!;
              if (rx !== rr) union(rr, rx);
            } else if (touchPart > 0 && (part[x] === touchPart) !== (pr === touchPart)) {
              touch[part[x] === touchPart ? r : x] = 1;
            }
          }
        }
      }
    }
  }
  // Component ids in order of first run; runs grouped by component with a counting sort (stable).
  const id = scratch.subarray(4 * count, 5 * count);
  const idOf = size;
  idOf.fill(-1);
  let n = 0;
  for (let r = 0; r < count; r++) {
    const root = rep[r]!;
    if (idOf[root]! < 0) idOf[root] = n++;
    id[r] = idOf[root]!;
  }
  const out: RunComponents = {
    count: n,
    part: new Uint8Array(n),
    voxelCount: new Int32Array(n),
    flags: new Uint8Array(n),
    touches: new Uint8Array(n),
    runFirst: new Int32Array(n + 1),
    j: new Int32Array(count),
    k: new Int32Array(count),
    i0: new Int32Array(count),
    i1: new Int32Array(count),
    min: new Int32Array(3 * n).fill(2 ** 30),
    max: new Int32Array(3 * n).fill(-1),
  };
  const { min, max, runFirst, voxelCount, flags, touches } = out;
  // Runs grouped by component with a counting sort (stable: each component's runs stay in order).
  for (let r = 0; r < count; r++) runFirst[id[r]! + 1]!++;
  for (let c = 0; c < n; c++) runFirst[c + 1]! += runFirst[c]!;
  const fill = idOf;
  fill.set(runFirst.subarray(0, n));
  const gj = out.j;
  const gk = out.k;
  const gi0 = out.i0;
  const gi1 = out.i1;
  const outPart = out.part;
  const runFlags = runs.flags;
  for (let R = 0; R < nj * nk; R++) {
    const r0 = rowFirst[R]!;
    const r1 = rowFirst[R + 1]!;
    if (r0 === r1) continue;
    const j = R % nj;
    const k = (R - j) / nj;
    for (let r = r0; r < r1; r++) {
      const c = id[r]!;
      const at = fill[c]!++;
      const s0 = start[r]!;
      const s1 = end[r]!;
      gj[at] = j;
      gk[at] = k;
      gi0[at] = s0;
      gi1[at] = s1;
      outPart[c] = part[r]!;
      voxelCount[c]! += s1 - s0 + 1;
      flags[c]! |= runFlags[r]!;
      touches[c]! |= touch[r]!;
      const c3 = 3 * c;
      if (s0 < min[c3]!) min[c3] = s0;
      if (s1 > max[c3]!) max[c3] = s1;
      if (j < min[c3 + 1]!) min[c3 + 1] = j;
      if (j > max[c3 + 1]!) max[c3 + 1] = j;
      if (k < min[c3 + 2]!) min[c3 + 2] = k;
      if (k > max[c3 + 2]!) max[c3 + 2] = k;
    }
  }
  return out;
}

/** The sorted linear voxel indices of component c. */
export function componentVoxels(runs: PartRuns, comps: RunComponents, c: number): Uint32Array {
  const out = new Uint32Array(comps.voxelCount[c]!);
  const [ni, nj] = runs.dims;
  let n = 0;
  for (let x = comps.runFirst[c]!; x < comps.runFirst[c + 1]!; x++) {
    const base = (comps.j[x]! + nj * comps.k[x]!) * ni;
    for (let i = comps.i0[x]!; i <= comps.i1[x]!; i++) out[n++] = base + i;
  }
  return out;
}

/** Runs of a part map (0 = background), for callers that already hold one code per voxel. */
export function partRuns(part: ArrayLike<number>, dims: readonly [number, number, number]): PartRuns {
  const [ni, nj, nk] = dims;
  const b = new RunBuilder();
  for (let r = 0; r < nj * nk; r++) {
    const base = r * ni;
    let i = 0;
    while (i < ni) {
      const c = part[base + i]!;
      if (c === 0) {
        i++;
        continue;
      }
      let e = i;
      while (e + 1 < ni && part[base + e + 1] === c) e++;
      b.push(r, i, e, c, 0);
      i = e + 1;
    }
  }
  return b.finish(dims);
}

export interface Component {
  /** The part code shared by every voxel of the component. */
  part: number;
  /** Sorted linear voxel indices. */
  voxels: Uint32Array;
}

/** Components of equal non-zero `part` codes, largest first (ties: first voxel first). */
export function componentsByPart(
  part: Uint8Array,
  dims: readonly [number, number, number],
  connectivity: Connectivity = 26,
): Component[] {
  const runs = partRuns(part, dims);
  const comps = labelRunComponents(runs, connectivity);
  return Array.from({ length: comps.count }, (_, c) => ({
    part: comps.part[c]!,
    voxels: componentVoxels(runs, comps, c),
  })).sort((a, b) => b.voxels.length - a.voxels.length);
}

/** Components of a binary mask (non-zero = in), as sorted voxel lists, largest first. */
export function connectedComponents(
  mask: Uint8Array,
  dims: readonly [number, number, number],
  connectivity: Connectivity = 26,
): Uint32Array[] {
  const part = mask.map((v) => (v !== 0 ? 1 : 0));
  return componentsByPart(part, dims, connectivity).map((c) => c.voxels);
}
