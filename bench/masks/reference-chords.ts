// Reference for `npm run bench:masks`: the brute-force chord search as rano2.0-assist describes it
// (for each slice: candidate chords between boundary points, the longest one inside the lesion, then the
// longest chord perpendicular to it that crosses it), written here from that description in plain
// TypeScript. Same conventions as RANOkit's default so that results compare: chords between pixel
// corners of boundary pixels ("edges"), inside = every quarter-pixel sample within 0.25 mm of a lesion
// pixel; perpendicular within ±3° (a pair of corners is rarely exactly at 90°). Axis-aligned grids only.

export interface ReferenceResult {
  slice: number;
  longestMm: number;
  perpendicularMm: number;
}

const CORNERS = [
  [-0.5, -0.5],
  [0.5, -0.5],
  [-0.5, 0.5],
  [0.5, 0.5],
] as const;

/** One slice: `inside(x, y)` says whether pixel (x, y) belongs to the lesion (0 ≤ x < w, 0 ≤ y < h). */
export function referenceSlice(
  w: number,
  h: number,
  inside: (x: number, y: number) => boolean,
  sx: number,
  sy: number,
  perpToleranceDeg = 3,
): { longestMm: number; perpendicularMm: number } {
  const pts: Array<[number, number]> = [];
  const seen = new Set<string>();
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      if (!inside(x, y)) continue;
      const edge = !(inside(x - 1, y) && inside(x + 1, y) && inside(x, y - 1) && inside(x, y + 1));
      if (!edge) continue;
      for (const [dx, dy] of CORNERS) {
        const key = `${x + dx},${y + dy}`;
        if (seen.has(key)) continue;
        seen.add(key);
        pts.push([x + dx, y + dy]);
      }
    }
  if (pts.length < 2) return { longestMm: 0, perpendicularMm: 0 };
  const tol = 0.25;
  const covered = (u: number, v: number) =>
    [-tol, tol].some((a) => [-tol, tol].some((b) => inside(Math.round(u + a), Math.round(v + b))));
  const len = (a: [number, number], b: [number, number]) =>
    Math.hypot((b[0] - a[0]) * sx, (b[1] - a[1]) * sy);
  const chordInside = (a: [number, number], b: [number, number]) => {
    const L = Math.hypot(b[0] - a[0], b[1] - a[1]);
    const n = Math.max(1, Math.ceil(L / 0.25));
    for (let i = 0; i <= n; i++) {
      const t = Math.min(Math.max(i / n, 1e-6), 1 - 1e-6);
      if (!covered(a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)) return false;
    }
    return true;
  };
  const pairs: Array<[number, number, number]> = [];
  for (let i = 0; i < pts.length; i++)
    for (let j = i + 1; j < pts.length; j++) pairs.push([i, j, len(pts[i]!, pts[j]!)]);
  pairs.sort((p, q) => q[2] - p[2]);
  let long: [number, number, number] | undefined;
  for (const p of pairs)
    if (chordInside(pts[p[0]]!, pts[p[1]]!)) {
      long = p;
      break;
    }
  if (!long) return { longestMm: 0, perpendicularMm: 0 };
  const A = pts[long[0]]!;
  const B = pts[long[1]]!;
  const tx = ((B[0] - A[0]) * sx) / long[2];
  const ty = ((B[1] - A[1]) * sy) / long[2];
  const maxCos = Math.sin((perpToleranceDeg * Math.PI) / 180);
  const side = (p: [number, number], a: [number, number], b: [number, number]) =>
    Math.sign((b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]));
  for (const [i, j, L] of pairs) {
    const P = pts[i]!;
    const Q = pts[j]!;
    const cos = Math.abs((((Q[0] - P[0]) * sx) / L) * tx + (((Q[1] - P[1]) * sy) / L) * ty);
    if (cos > maxCos) continue;
    // Crosses the longest diameter: the end points of each segment lie on opposite sides of the other.
    if (side(P, A, B) * side(Q, A, B) > 0 || side(A, P, Q) * side(B, P, Q) > 0) continue;
    if (chordInside(P, Q)) return { longestMm: long[2], perpendicularMm: L };
  }
  return { longestMm: long[2], perpendicularMm: 0 };
}

/** Every axial slice of a lesion (sorted linear voxel indices on an axis-aligned grid); the slice with
 * the largest product is reported. */
export function referenceLesion(
  dims: readonly [number, number, number],
  spacing: readonly [number, number, number],
  voxels: Uint32Array,
): ReferenceResult {
  const [ni, nj] = dims;
  const bySlice = new Map<number, Set<number>>();
  let [i0, j0, i1, j1] = [ni, nj, 0, 0];
  for (const p of voxels) {
    const k = Math.floor(p / (ni * nj));
    const i = p % ni;
    const j = Math.floor(p / ni) % nj;
    [i0, j0, i1, j1] = [Math.min(i0, i), Math.min(j0, j), Math.max(i1, i), Math.max(j1, j)];
    const s = bySlice.get(k) ?? new Set<number>();
    bySlice.set(k, s);
    s.add(p - k * ni * nj);
  }
  let best: ReferenceResult = { slice: -1, longestMm: 0, perpendicularMm: 0 };
  for (const [k, set] of bySlice) {
    // Scanned over the lesion's bounding box (x, y relative to its corner).
    const w = i1 - i0 + 1;
    const h = j1 - j0 + 1;
    const r = referenceSlice(
      w,
      h,
      (x, y) => x >= 0 && y >= 0 && x < w && y < h && set.has(x + i0 + ni * (y + j0)),
      spacing[0],
      spacing[1],
    );
    if (best.slice < 0 || r.longestMm * r.perpendicularMm > best.longestMm * best.perpendicularMm)
      best = { slice: k, ...r };
  }
  return best;
}
