// 3-D connected components of a binary voxel mask: breadth-first labelling with a flat Int32Array
// queue, each voxel visited once (linear in the grid size). 26-connectivity by default (faces, edges
// and corners), 6 (faces only) as an option.

export type Connectivity = 6 | 26;

function neighbourOffsets(connectivity: Connectivity): Array<[number, number, number]> {
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

/** Components of `mask` (non-zero = in), each as sorted linear voxel indices, largest first. */
export function connectedComponents(
  mask: Uint8Array,
  dims: readonly [number, number, number],
  connectivity: Connectivity = 26,
): Uint32Array[] {
  const [ni, nj, nk] = dims;
  const seen = new Uint8Array(mask.length);
  const queue = new Int32Array(mask.length);
  const offsets = neighbourOffsets(connectivity);
  const components: Uint32Array[] = [];
  for (let start = 0; start < mask.length; start++) {
    if (mask[start] === 0 || seen[start] === 1) continue;
    let tail = 0;
    queue[tail++] = start;
    seen[start] = 1;
    for (let head = 0; head < tail; head++) {
      const p = queue[head]!;
      const i = p % ni;
      const j = ((p - i) / ni) % nj;
      const k = (p - i - ni * j) / (ni * nj);
      for (const [di, dj, dk] of offsets) {
        const x = i + di;
        const y = j + dj;
        const z = k + dk;
        if (x < 0 || y < 0 || z < 0 || x >= ni || y >= nj || z >= nk) continue;
        const q = x + ni * (y + nj * z);
        if (mask[q] !== 0 && seen[q] === 0) {
          seen[q] = 1;
          queue[tail++] = q;
        }
      }
    }
    components.push(Uint32Array.from(queue.subarray(0, tail)).sort());
  }
  return components.sort((a, b) => b.length - a.length);
}
