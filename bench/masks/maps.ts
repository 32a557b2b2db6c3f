// Label maps and single-slice shapes for `npm run bench:masks`, generated deterministically.
import type { LabelVolume } from "../../src/imaging/types.ts";
import { seededRandom } from "../../src/stats/logistic/cross-validation.ts";

export const DIMS: [number, number, number] = [240, 240, 155];
export const AFFINE = [
  [-1, 0, 0, 120],
  [0, -1, 0, 120],
  [0, 0, 1, -77],
  [0, 0, 0, 1],
];

/** Seeded PRNG (mulberry32, shared with the statistics' cross-validation): the same maps on every run. */
export const rng = seededRandom;

/** BraTS 2021 labels: oedema shells with enhancing cores and necrosis, satellites (7 lesions). */
export function bratsLikeMask(shift: [number, number, number] = [0, 0, 0]): LabelVolume {
  const [ni, nj, nk] = DIMS;
  const labels = new Uint8Array(ni * nj * nk);
  const blobs: Array<[number, number, number, number, number, number, number]> = [
    [90, 110, 70, 40, 34, 30, 2],
    [90, 110, 70, 22, 18, 16, 4],
    [90, 110, 70, 9, 8, 7, 1],
    [160, 80, 90, 18, 15, 14, 2],
    [160, 80, 90, 10, 9, 8, 4],
    [150, 170, 60, 7, 6, 6, 4],
    [60, 180, 100, 5, 5, 4, 4],
    [180, 150, 40, 12, 10, 9, 4],
  ];
  for (const [bi, bj, bk, ri, rj, rk, label] of blobs) {
    const [ci, cj, ck] = [bi + shift[0], bj + shift[1], bk + shift[2]];
    for (let k = ck - rk; k <= ck + rk; k++)
      for (let j = cj - rj; j <= cj + rj; j++)
        for (let i = ci - ri; i <= ci + ri; i++) {
          if (((i - ci) / ri) ** 2 + ((j - cj) / rj) ** 2 + ((k - ck) / rk) ** 2 <= 1)
            labels[i + ni * (j + nj * k)] = label;
        }
  }
  return { dims: DIMS, spacingMm: [1, 1, 1], affine: AFFINE, labels, source: "brats-like.nii.gz" };
}

/**
 * Anatomy-like irregular map: a smooth random field (two octaves of trilinearly interpolated lattice
 * noise) plus per-voxel noise, inside a head-shaped ellipsoid, thresholded into oedema (2) and
 * enhancing (4) so that the given share of the head is labelled — many concave, ragged components.
 */
export function irregularMask(seed: number, share: number, enhancingShare = 0.35): LabelVolume {
  const [ni, nj, nk] = DIMS;
  const random = rng(seed);
  const lattice = (step: number) => {
    const [li, lj, lk] = [Math.ceil(ni / step) + 2, Math.ceil(nj / step) + 2, Math.ceil(nk / step) + 2];
    const values = Float32Array.from({ length: li * lj * lk }, () => random() * 2 - 1);
    return (i: number, j: number, k: number) => {
      const [x, y, z] = [i / step, j / step, k / step];
      const [x0, y0, z0] = [Math.floor(x), Math.floor(y), Math.floor(z)];
      const [fx, fy, fz] = [x - x0, y - y0, z - z0];
      const at = (a: number, b: number, c: number) => values[a + li * (b + lj * c)]!;
      let s = 0;
      for (let c = 0; c < 2; c++)
        for (let b = 0; b < 2; b++)
          for (let a = 0; a < 2; a++)
            s += at(x0 + a, y0 + b, z0 + c) * (a ? fx : 1 - fx) * (b ? fy : 1 - fy) * (c ? fz : 1 - fz);
      return s;
    };
  };
  const coarse = lattice(14);
  const fine = lattice(5);
  const field = new Float32Array(ni * nj * nk);
  const inHead: number[] = [];
  for (let k = 0; k < nk; k++)
    for (let j = 0; j < nj; j++)
      for (let i = 0; i < ni; i++) {
        const head = ((i - 120) / 80) ** 2 + ((j - 120) / 100) ** 2 + ((k - 77) / 70) ** 2;
        if (head > 1) continue;
        const p = i + ni * (j + nj * k);
        field[p] = coarse(i, j, k) + 0.45 * fine(i, j, k) + 0.25 * (random() - 0.5);
        inHead.push(p);
      }
  const sorted = Float32Array.from(inHead, (p) => field[p]!).sort();
  const lo = sorted[Math.floor(sorted.length * (1 - share))]!;
  const hi = sorted[Math.floor(sorted.length * (1 - share * enhancingShare))]!;
  const labels = new Uint8Array(ni * nj * nk);
  for (const p of inHead) {
    const f = field[p]!;
    if (f >= hi) labels[p] = 4;
    else if (f >= lo) labels[p] = 2;
  }
  return { dims: DIMS, spacingMm: [1, 1, 1], affine: AFFINE, labels, source: `irregular-${seed}.nii.gz` };
}

/** Single-slice shapes at scale `r` (mm, 1 mm pixels), with analytic answers where they are robust. */
export interface Shape {
  name: string;
  inside: (x: number, y: number) => boolean;
  /** Half-width of the grid needed, mm. */
  extent: number;
  longestMm?: number;
  perpendicularMm?: number;
}

export function shapes(r: number, seed = 7): Shape[] {
  const random = rng(seed);
  const wobble = Array.from({ length: 6 }, () => [random() * 0.25, random() * Math.PI * 2] as const);
  const spikes = Float64Array.from({ length: 4096 }, () => random());
  // L shape: arms [-r, r] × [-r, -r + w] and [-r, -r + w] × [-r, r], pixel-aligned (a pixel belongs when
  // its centre is half a pixel inside, so the pixels' union is exactly the analytic L). The longest
  // segment runs from the far corner of one arm past the reflex corner to the far edge of the other.
  const w = Math.round(0.6 * r);
  const R = r + 0.5; // pixel centres at whole mm: pixel edges at half-integers
  const inBox = (x: number, y: number, x0: number, x1: number, y0: number, y1: number) =>
    x >= x0 + 0.5 && x <= x1 - 0.5 && y >= y0 + 0.5 && y <= y1 - 0.5;
  return [
    {
      name: "disc",
      inside: (x, y) => Math.hypot(x, y) <= r,
      extent: r,
      longestMm: 2 * r,
      perpendicularMm: 2 * r,
    },
    {
      name: "ellipse 2:1 at 30°",
      inside: (x, y) => {
        const t = Math.PI / 6;
        const p = x * Math.cos(t) + y * Math.sin(t);
        const q = -x * Math.sin(t) + y * Math.cos(t);
        return (p / r) ** 2 + (q / (r / 2)) ** 2 <= 1;
      },
      extent: r,
      longestMm: 2 * r,
      perpendicularMm: r,
    },
    {
      // Disc R minus a disc of radius 0.75 R offset by 0.5 R: longest chord tangent to the inner circle,
      // 2·sqrt(R² − (0.25 R)²).
      name: "crescent",
      inside: (x, y) => Math.hypot(x, y) <= r && Math.hypot(x - 0.5 * r, y) > 0.75 * r,
      extent: r,
      longestMm: 2 * Math.sqrt(r * r - (0.25 * r) ** 2),
    },
    {
      name: "L shape",
      inside: (x, y) =>
        (x >= -r && x <= r && y >= -r && y <= -r + w) || (x >= -r && x <= -r + w && y >= -r && y <= r),
      extent: r,
      longestMm: Math.hypot(2 * R, (2 * R * w) / (2 * R - w)),
    },
    {
      // Ragged: a wobbly disc with a spiky edge (segmentation noise), concave everywhere; no analytic answer.
      name: "ragged blob",
      inside: (x, y) => {
        const t = Math.atan2(y, x);
        let rr = r;
        for (const [a, ph] of wobble) rr += r * a * Math.sin(3 * t + ph) * 0.5;
        rr -= r * 0.08 * spikes[Math.floor(((t + Math.PI) / (2 * Math.PI)) * 4095)]!;
        return Math.hypot(x, y) <= rr;
      },
      extent: 1.4 * r,
    },
  ];
}
