// 3-D connected components: breadth-first labelling with one flat Int32Array queue, started only from
// the voxels that carry a part (the caller's sparse list), each voxel visited once — linear in the
// lesion voxels after the one scan that found them. 26-connectivity by default (faces, edges and
// corners), 6 (faces only) as an option. Bounds are checked only for voxels on the grid border.

export type Connectivity = 6 | 26;

function neighbourSteps(connectivity: Connectivity): Array<[number, number, number]> {
  const out: Array<[number, number, number]> = [];
  for (let dk = -1; dk <= 1; dk++)
    for (let dj = -1; dj <= 1; dj++)
      for (let di = -1; di <= 1; di++) {
        const n = Math.abs(di) + Math.abs(dj) + Math.abs(dk);
        if (n === 0 || (connectivity === 6 && n > 1)) continue;
        out.push([di, dj, dk]);
      }
  return out;
}

export interface Component {
  /** The part code shared by every voxel of the component. */
  part: number;
  /** Sorted linear voxel indices. */
  voxels: Uint32Array;
}

/**
 * Components of equal non-zero `part` codes. `seeds` lists the voxels with a non-zero part (any order);
 * without it the whole grid is scanned. Largest first.
 */
export function componentsByPart(
  part: Uint8Array,
  dims: readonly [number, number, number],
  connectivity: Connectivity = 26,
  seeds?: Uint32Array,
): Component[] {
  const [ni, nj, nk] = dims;
  const plane = ni * nj;
  const steps = neighbourSteps(connectivity);
  const offsets = Int32Array.from(steps.map(([di, dj, dk]) => di + ni * dj + plane * dk));
  const list = seeds ?? Uint32Array.from({ length: part.length }, (_, i) => i).filter((i) => part[i] !== 0);
  const seen = new Uint8Array(part.length);
  const queue = new Int32Array(list.length);
  const out: Component[] = [];
  for (let s = 0; s < list.length; s++) {
    const start = list[s]!;
    const code = part[start]!;
    if (code === 0 || seen[start] === 1) continue;
    let tail = 0;
    queue[tail++] = start;
    seen[start] = 1;
    for (let head = 0; head < tail; head++) {
      const p = queue[head]!;
      const i = p % ni;
      const j = ((p - i) / ni) % nj;
      const k = (p - i - ni * j) / plane;
      const border = i === 0 || j === 0 || k === 0 || i === ni - 1 || j === nj - 1 || k === nk - 1;
      for (let o = 0; o < offsets.length; o++) {
        if (border) {
          const [di, dj, dk] = steps[o]!;
          const x = i + di;
          const y = j + dj;
          const z = k + dk;
          if (x < 0 || y < 0 || z < 0 || x >= ni || y >= nj || z >= nk) continue;
        }
        const q = p + offsets[o]!;
        if (part[q] === code && seen[q] === 0) {
          seen[q] = 1;
          queue[tail++] = q;
        }
      }
    }
    out.push({ part: code, voxels: Uint32Array.from(queue.subarray(0, tail)).sort() });
  }
  return out.sort((a, b) => b.voxels.length - a.voxels.length);
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
