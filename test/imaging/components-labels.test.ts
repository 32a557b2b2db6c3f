// Issue 12 part 2: the representative-table labelling (and its 26-connected fast path) against a
// voxel breadth-first oracle on random multi-part volumes: the same components in the same order,
// with the same part, size, bounds, runs (grouped, in linear order) and cavity contact.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { labelRunComponents, partRuns } from "../../src/imaging/components.ts";

interface OracleComponent {
  part: number;
  voxels: number[];
  touches: number;
}

/** Components of equal non-zero part by BFS over voxels, in order of their first voxel; `touches` = some
 * voxel has a 26-neighbour (different side of touchPart) of part touchPart. */
function oracle(part: Uint8Array, dims: [number, number, number], conn: 6 | 26, touchPart: number) {
  const [ni, nj, nk] = dims;
  const seen = new Uint8Array(part.length);
  const out: OracleComponent[] = [];
  const neighbours = (p: number, within: 6 | 26) => {
    const [i, j, k] = [p % ni, Math.floor(p / ni) % nj, Math.floor(p / (ni * nj))];
    const list: number[] = [];
    for (let dk = -1; dk <= 1; dk++)
      for (let dj = -1; dj <= 1; dj++)
        for (let di = -1; di <= 1; di++) {
          const n = Math.abs(di) + Math.abs(dj) + Math.abs(dk);
          if (n === 0 || (within === 6 && n > 1)) continue;
          const [x, y, z] = [i + di, j + dj, k + dk];
          if (x < 0 || y < 0 || z < 0 || x >= ni || y >= nj || z >= nk) continue;
          list.push(x + ni * (y + nj * z));
        }
    return list;
  };
  for (let s = 0; s < part.length; s++) {
    if (!part[s] || seen[s]) continue;
    const queue = [s];
    seen[s] = 1;
    let touches = 0;
    for (let h = 0; h < queue.length; h++) {
      const p = queue[h]!;
      for (const q of neighbours(p, 26)) {
        if (touchPart > 0 && part[q] === touchPart && part[p] !== touchPart) touches = 1;
      }
      for (const q of neighbours(p, conn)) {
        if (part[q] === part[s] && !seen[q]) {
          seen[q] = 1;
          queue.push(q);
        }
      }
    }
    out.push({ part: part[s]!, voxels: queue.sort((a, b) => a - b), touches });
  }
  return out;
}

describe("labelRunComponents", () => {
  it("matches a voxel BFS on random multi-part volumes (6/26-connected, with and without a touch part)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 5 }),
        fc.double({ min: 0.1, max: 0.8, noNaN: true }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer(),
        (ni, nj, nk, density, parts, seed) => {
          let x = seed >>> 0 || 1;
          const rnd = () => {
            x ^= x << 13;
            x ^= x >>> 17;
            x ^= x << 5;
            return (x >>> 0) / 2 ** 32;
          };
          const dims: [number, number, number] = [ni, nj, nk];
          const part = Uint8Array.from({ length: ni * nj * nk }, () =>
            rnd() < density ? 1 + Math.floor(rnd() * parts) : 0,
          );
          const runs = partRuns(part, dims);
          for (const conn of [6, 26] as const) {
            for (const touchPart of [0, 3]) {
              const got = labelRunComponents(runs, conn, touchPart);
              const want = oracle(part, dims, conn, touchPart);
              expect(got.count).toBe(want.length);
              want.forEach((w, c) => {
                expect(got.part[c]).toBe(w.part);
                expect(got.voxelCount[c]).toBe(w.voxels.length);
                if (touchPart > 0) expect(got.touches[c]).toBe(w.touches);
                // Grouped runs, expanded, are the component's sorted voxels.
                const voxels: number[] = [];
                for (let r = got.runFirst[c]!; r < got.runFirst[c + 1]!; r++)
                  for (let i = got.i0[r]!; i <= got.i1[r]!; i++)
                    voxels.push(i + ni * (got.j[r]! + nj * got.k[r]!));
                expect(voxels).toEqual(w.voxels);
                const coords = w.voxels.map((p) => [
                  p % ni,
                  Math.floor(p / ni) % nj,
                  Math.floor(p / (ni * nj)),
                ]);
                for (let d = 0; d < 3; d++) {
                  expect(got.min[3 * c + d]).toBe(Math.min(...coords.map((q) => q[d]!)));
                  expect(got.max[3 * c + d]).toBe(Math.max(...coords.map((q) => q[d]!)));
                }
              });
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
