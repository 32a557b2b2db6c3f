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
}

/** Growable run storage for a scan that emits runs in linear-index order. */
export class RunBuilder {
  count = 0;
  row = new Int32Array(1024);
  start = new Int32Array(1024);
  end = new Int32Array(1024);
  part = new Uint8Array(1024);
  flags = new Uint8Array(1024);

  push(row: number, start: number, end: number, part: number, flags: number): void {
    if (this.count === this.row.length) this.grow();
    const n = this.count++;
    this.row[n] = row;
    this.start[n] = start;
    this.end[n] = end;
    this.part[n] = part;
    this.flags[n] = flags;
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
    };
  }
}

export interface RunComponent {
  part: number;
  voxelCount: number;
  /** OR of the runs' flags. */
  flags: number;
  /** Whether a voxel of the component has a 26-neighbour of part `touchPart` (see labelRunComponents). */
  touches: boolean;
  /** Indices of the component's runs, in linear-index order. */
  runs: Int32Array;
  /** Grid bounds of the component (inclusive). */
  min: [number, number, number];
  max: [number, number, number];
}

/**
 * Components of equal part codes over the runs, in order of their first voxel (linear index).
 * `touchPart` (optional): mark components adjacent (26-neighbourhood) to a run of that part.
 */
export function labelRunComponents(
  runs: PartRuns,
  connectivity: Connectivity,
  touchPart = 0,
): RunComponent[] {
  const { count, row, start, end, part, rowFirst } = runs;
  const [, nj, nk] = runs.dims;
  const parent = new Int32Array(count);
  for (let r = 0; r < count; r++) parent[r] = r;
  const touch = new Uint8Array(count);
  const find = (x: number): number => {
    while (parent[x] !== x) {
      const g = parent[parent[x]!]!;
      parent[x] = g;
      x = g;
    }
    return x;
  };
  // Earlier root wins, so a component's root is its first run.
  const union = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    if (ra < rb) parent[rb] = ra;
    else if (rb < ra) parent[ra] = rb;
  };
  const face = connectivity === 6;
  // Neighbour rows already scanned: (j − 1, k), (j, k − 1) share faces; (j − 1, k − 1), (j + 1, k − 1)
  // only edges. Runs overlap with a one-voxel margin for edge/corner contact.
  const neighbours: Array<[number, number, boolean]> = [
    [-1, 0, true],
    [0, -1, true],
    [-1, -1, false],
    [1, -1, false],
  ];
  for (let k = 0; k < nk; k++) {
    for (let j = 0; j < nj; j++) {
      const r0 = rowFirst[j + nj * k]!;
      const r1 = rowFirst[j + nj * k + 1]!;
      if (r0 === r1) continue;
      if (touchPart > 0) {
        // Same-row contact between different parts.
        for (let r = r0 + 1; r < r1; r++) {
          if (start[r] === end[r - 1]! + 1 && (part[r] === touchPart) !== (part[r - 1] === touchPart)) {
            touch[part[r] === touchPart ? r - 1 : r] = 1;
          }
        }
      }
      for (const [dj, dk, isFace] of neighbours) {
        const jj = j + dj;
        const kk = k + dk;
        if (jj < 0 || kk < 0 || jj >= nj) continue;
        if (!isFace && face && touchPart === 0) continue;
        const q0 = rowFirst[jj + nj * kk]!;
        const q1 = rowFirst[jj + nj * kk + 1]!;
        let q = q0;
        for (let r = r0; r < r1; r++) {
          const lo = start[r]! - 1;
          const hi = end[r]! + 1;
          while (q < q1 && end[q]! < lo) q++;
          for (let x = q; x < q1 && start[x]! <= hi; x++) {
            if (part[x] === part[r]) {
              // 6-connectivity: faces only, and exact overlap along i.
              if (!face || (isFace && start[x]! <= end[r]! && end[x]! >= start[r]!)) union(r, x);
            } else if (touchPart > 0 && (part[x] === touchPart) !== (part[r] === touchPart)) {
              touch[part[x] === touchPart ? r : x] = 1;
            }
          }
        }
      }
    }
  }
  // Component ids in order of first run; runs grouped by component with a counting sort (stable).
  const id = new Int32Array(count);
  const comps: RunComponent[] = [];
  const [ni] = runs.dims;
  for (let r = 0; r < count; r++) {
    const root = find(r);
    const c = root === r ? comps.length : id[root]!;
    if (root === r) {
      comps.push({
        part: part[r]!,
        voxelCount: 0,
        flags: 0,
        touches: false,
        runs: new Int32Array(0),
        min: [ni, nj, nk],
        max: [-1, -1, -1],
      });
    }
    id[r] = c;
  }
  const runCount = new Int32Array(comps.length);
  for (let r = 0; r < count; r++) {
    const c = comps[id[r]!]!;
    runCount[id[r]!]!++;
    c.voxelCount += end[r]! - start[r]! + 1;
    c.flags |= runs.flags[r]!;
    if (touch[r] === 1) c.touches = true;
    const j = row[r]! % nj;
    const k = (row[r]! - j) / nj;
    if (start[r]! < c.min[0]) c.min[0] = start[r]!;
    if (end[r]! > c.max[0]) c.max[0] = end[r]!;
    if (j < c.min[1]) c.min[1] = j;
    if (j > c.max[1]) c.max[1] = j;
    if (k < c.min[2]) c.min[2] = k;
    if (k > c.max[2]) c.max[2] = k;
  }
  comps.forEach((c, i) => {
    c.runs = new Int32Array(runCount[i]!);
  });
  const fill = new Int32Array(comps.length);
  for (let r = 0; r < count; r++) {
    const c = id[r]!;
    comps[c]!.runs[fill[c]!++] = r;
  }
  return comps;
}

/** The sorted linear voxel indices of a component. */
export function componentVoxels(runs: PartRuns, c: RunComponent): Uint32Array {
  const out = new Uint32Array(c.voxelCount);
  const ni = runs.dims[0];
  let n = 0;
  for (let x = 0; x < c.runs.length; x++) {
    const r = c.runs[x]!;
    const base = runs.row[r]! * ni;
    for (let i = runs.start[r]!; i <= runs.end[r]!; i++) out[n++] = base + i;
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
  return labelRunComponents(runs, connectivity)
    .map((c) => ({ part: c.part, voxels: componentVoxels(runs, c) }))
    .sort((a, b) => b.voxels.length - a.voxels.length);
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
