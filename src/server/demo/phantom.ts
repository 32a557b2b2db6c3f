// Synthetic MRI-like time points for the demo study: a T1-post-contrast-looking head (scalp, skull,
// brain with a smooth texture, ventricles) with ellipsoidal lesions, and its BraTS-2021-labelled
// segmentation mask. Deterministic: the same spec and seed give the same bytes. The lesions are
// measured back with src/imaging (the same code `ranokit measure` uses), so the read built from them
// carries the mask's own diameters, volume and the measurement lines' end points.

import { measureMask } from "../../imaging/measure-mask.ts";
import { encodeLabelVolume } from "../../imaging/nifti/write-label-volume.ts";
import type { LabelVolume, MeasuredLesion, Vec3 } from "../../imaging/types.ts";
import { seededRandom } from "../../stats/logistic/cross-validation.ts";

/** Grid of every demo image: 96 × 96 × 32 voxels of 1 × 1 × 3 mm (axial slices along k). */
export const PHANTOM_DIMS = [96, 96, 32] as const;
export const PHANTOM_SPACING = [1, 1, 3] as const;
const ORIGIN = [-47.5, -47.5, -46.5];
export const PHANTOM_AFFINE = [
  [PHANTOM_SPACING[0], 0, 0, ORIGIN[0]!],
  [0, PHANTOM_SPACING[1], 0, ORIGIN[1]!],
  [0, 0, PHANTOM_SPACING[2], ORIGIN[2]!],
  [0, 0, 0, 1],
];

/** BraTS 2021 labels painted in the mask. */
const NECROSIS = 1;
const NON_ENHANCING = 2;
const ENHANCING = 4;

export interface PhantomLesion {
  /** The read's lesion id. */
  id: string;
  component: "enhancing" | "non_enhancing";
  /** Planned longest and perpendicular diameters, mm (the voxelised mask measures close to them). */
  diametersMm: readonly [number, number];
  /** Centre in world mm; z should fall on a slice centre. */
  centreMm: Vec3;
  /** In-plane rotation of the longest axis, degrees. */
  angleDeg: number;
}

export interface PhantomTimepoint {
  image: Uint8Array;
  mask: Uint8Array;
  /** Each planned lesion measured back from the mask (by id), when it was found. */
  measured: Map<string, MeasuredLesion>;
}

/** Where the i-th lesion of a subject sits (a fixed, separated layout, so ids keep their place). */
export function lesionCentre(index: number): Vec3 {
  const layout: Array<[number, number, number]> = [
    [-12, 6, 15],
    [21, -14, 18],
    [18, 22, 12],
    [-18, -22, 20],
  ];
  const [x, y, k] = layout[index % layout.length]!;
  return [x, y, ORIGIN[2]! + k * PHANTOM_SPACING[2]];
}

const world = (i: number, j: number, k: number): Vec3 => [
  ORIGIN[0]! + i * PHANTOM_SPACING[0],
  ORIGIN[1]! + j * PHANTOM_SPACING[1],
  ORIGIN[2]! + k * PHANTOM_SPACING[2],
];

/** Normalised ellipsoid radius of a world point for a lesion (≤ 1 inside). */
function lesionRadius(l: PhantomLesion, p: Vec3): number {
  const a = l.diametersMm[0] / 2;
  const b = l.diametersMm[1] / 2;
  // Through-plane semi-axis: like the smaller in-plane one, at least 1.5 slices.
  const c = Math.max(b * 0.8, 1.5 * PHANTOM_SPACING[2]);
  const t = (l.angleDeg * Math.PI) / 180;
  const dx = p[0] - l.centreMm[0];
  const dy = p[1] - l.centreMm[1];
  const dz = p[2] - l.centreMm[2];
  const u = dx * Math.cos(t) + dy * Math.sin(t);
  const v = -dx * Math.sin(t) + dy * Math.cos(t);
  return Math.sqrt((u / a) ** 2 + (v / b) ** 2 + (dz / c) ** 2);
}

/** The label map of one time point. */
export function phantomMask(lesions: readonly PhantomLesion[]): LabelVolume {
  const [ni, nj, nk] = PHANTOM_DIMS;
  const labels = new Uint8Array(ni * nj * nk);
  for (let k = 0; k < nk; k++)
    for (let j = 0; j < nj; j++)
      for (let i = 0; i < ni; i++) {
        const p = world(i, j, k);
        for (const l of lesions) {
          const r = lesionRadius(l, p);
          if (r > 1) continue;
          const cored = l.component === "enhancing" && l.diametersMm[1] >= 15 && r < 0.55;
          labels[i + ni * (j + nj * k)] =
            l.component === "non_enhancing" ? NON_ENHANCING : cored ? NECROSIS : ENHANCING;
        }
      }
  return {
    dims: PHANTOM_DIMS,
    spacingMm: PHANTOM_SPACING,
    affine: PHANTOM_AFFINE,
    labels,
    source: "demo mask",
  };
}

/** Smooth pseudo-random texture: a few seeded plane waves (no per-voxel noise: it would not compress). */
function texture(seed: number): (p: Vec3) => number {
  const rnd = seededRandom(seed);
  const waves = Array.from({ length: 6 }, () => ({
    k: [rnd() - 0.5, rnd() - 0.5, (rnd() - 0.5) * 0.5].map((x) => x * 0.5),
    phase: rnd() * 2 * Math.PI,
  }));
  return (p) =>
    waves.reduce((s, w) => s + Math.sin(w.k[0]! * p[0] + w.k[1]! * p[1] + w.k[2]! * p[2] + w.phase), 0) /
    waves.length;
}

/** The T1-post-contrast-like image of one time point (uint8 intensities). */
export function phantomImage(lesions: readonly PhantomLesion[], seed: number): LabelVolume {
  const [ni, nj, nk] = PHANTOM_DIMS;
  const values = new Uint8Array(ni * nj * nk);
  const tex = texture(seed);
  const rnd = seededRandom(seed ^ 0x5eed);
  for (let k = 0; k < nk; k++)
    for (let j = 0; j < nj; j++)
      for (let i = 0; i < ni; i++) {
        const p = world(i, j, k);
        // Head: an ellipsoid of 44 × 46 × 44 mm semi-axes; skull 3 mm, scalp 2 mm outside the brain.
        const head = Math.sqrt((p[0] / 44) ** 2 + (p[1] / 46) ** 2 + (p[2] / 44) ** 2);
        let v = 0;
        if (head <= 1) {
          const depth = (1 - head) * 44;
          if (depth < 2) v = 150;
          else if (depth < 5) v = 25;
          else {
            v = 95 + 18 * tex(p);
            // Ventricles: two dark crescents near the midline.
            for (const side of [-1, 1]) {
              const vr = Math.sqrt(((p[0] - side * 7) / 4) ** 2 + ((p[1] + 4) / 14) ** 2 + (p[2] / 10) ** 2);
              if (vr <= 1) v = 35;
            }
            for (const l of lesions) {
              const r = lesionRadius(l, p);
              if (l.component === "non_enhancing") {
                if (r <= 1) v = 135 + 10 * tex([p[2], p[0], p[1]]);
              } else if (r <= 1) {
                v = l.diametersMm[1] >= 15 && r < 0.55 ? 45 : 215;
              } else if (r <= 1.4) v = Math.max(v, 112); // a faint oedema halo
            }
            // Quantised noise, ±1 grey level in a quarter of the voxels: visibly "MRI", still small.
            const n = rnd();
            v += n < 0.125 ? -1 : n > 0.875 ? 1 : 0;
          }
        }
        values[i + ni * (j + nj * k)] = Math.max(0, Math.min(255, Math.round(v)));
      }
  return {
    dims: PHANTOM_DIMS,
    spacingMm: PHANTOM_SPACING,
    affine: PHANTOM_AFFINE,
    labels: values,
    source: "demo image",
  };
}

const distance = (a: Vec3, b: Vec3) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

/** Builds one time point: image and mask (NIfTI-1, gzipped) and each lesion measured from the mask. */
export function phantomTimepoint(lesions: readonly PhantomLesion[], seed: number): PhantomTimepoint {
  const mask = phantomMask(lesions);
  const image = phantomImage(lesions, seed);
  const m = measureMask(mask, { preset: "brats2021", minVolumeMm3: 10 });
  const measured = new Map<string, MeasuredLesion>();
  for (const l of lesions) {
    let best: MeasuredLesion | undefined;
    for (const found of m.lesions) {
      if (found.component !== l.component) continue;
      if (!best || distance(found.centroidWorld, l.centreMm) < distance(best.centroidWorld, l.centreMm))
        best = found;
    }
    if (best && distance(best.centroidWorld, l.centreMm) < 5) measured.set(l.id, best);
  }
  return {
    image: encodeLabelVolume(image, { gzip: true, datatype: "uint8" }),
    mask: encodeLabelVolume(mask, { gzip: true, datatype: "uint8" }),
    measured,
  };
}

const r1 = (x: number) => Math.round(x * 10) / 10;
const point = (p: Vec3): [number, number, number] => [r1(p[0]), r1(p[1]), r1(p[2])];

/** The read's lesion fields from a mask measurement: diameters, slices, volume and the drawn lines. */
export function lesionFromMeasurement(found: MeasuredLesion) {
  const b = found.bidimensional;
  return {
    ...(b ? { diametersMm: [r1(b.longest.lengthMm), r1(b.perpendicular.lengthMm)] as [number, number] } : {}),
    volumeMm3: Math.round(found.volumeMm3),
    slices: found.sliceCount,
    ...(b
      ? {
          measurement: {
            planeAxis: b.planeAxis,
            slice: b.slice,
            longestMm: [point(b.longest.fromWorld), point(b.longest.toWorld)] as [Vec3, Vec3],
            perpendicularMm: [point(b.perpendicular.fromWorld), point(b.perpendicular.toWorld)] as [
              Vec3,
              Vec3,
            ],
          },
        }
      : {}),
  };
}

/** The seed of subject n's time point i (shared by the seed and scripts/demo-images.ts). */
export const demoSeed = (subject: number, timepoint: number) => 1000 * subject + timepoint + 1;
