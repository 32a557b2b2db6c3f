// npm run bench:masks — measuring a BraTS-size label map (240 × 240 × 155, 1 mm) with several lesions,
// against the floor of merely decompressing and scanning the same file, in one run; then the cost per
// lesion voxel as a lesion grows (radius doubling), which must stay near-linear.
import { readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { defaultGeometryOptions, measureLesionGeometry } from "../src/imaging/measure/lesion-geometry.ts";
import { measureMask } from "../src/imaging/measure-mask.ts";
import { readLabelVolume } from "../src/imaging/nifti/read-label-volume.ts";
import { encodeLabelVolume } from "../src/imaging/nifti/write-label-volume.ts";
import type { LabelVolume } from "../src/imaging/types.ts";

const dims: [number, number, number] = [240, 240, 155];
const [ni, nj, nk] = dims;
const affine = [
  [-1, 0, 0, 120],
  [0, -1, 0, 120],
  [0, 0, 1, -77],
  [0, 0, 0, 1],
];

function brainLikeMask(): LabelVolume {
  const labels = new Uint8Array(ni * nj * nk);
  // [centre i, j, k, radii, label]: oedema shells with enhancing cores and necrosis, satellites.
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
  for (const [ci, cj, ck, ri, rj, rk, label] of blobs) {
    for (let k = ck - rk; k <= ck + rk; k++)
      for (let j = cj - rj; j <= cj + rj; j++)
        for (let i = ci - ri; i <= ci + ri; i++) {
          if (((i - ci) / ri) ** 2 + ((j - cj) / rj) ** 2 + ((k - ck) / rk) ** 2 <= 1)
            labels[i + ni * (j + nj * k)] = label;
        }
  }
  return { dims, spacingMm: [1, 1, 1], affine, labels, source: "bench.nii.gz" };
}

const file = join(tmpdir(), "ranokit-bench-mask.nii.gz");
writeFileSync(file, encodeLabelVolume(brainLikeMask(), { gzip: true }));
const time = (f: () => unknown, runs = 5) => {
  const out: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    f();
    out.push(performance.now() - t);
  }
  out.sort((a, b) => a - b);
  return out[Math.floor(runs / 2)]!;
};

// Floor: decompress and touch every voxel once (what any reader must do).
const scan = () => {
  const raw = gunzipSync(readFileSync(file));
  let s = 0;
  for (let i = 352; i < raw.length; i++) s += raw[i]!;
  return s;
};
let lesions = 0;
const full = () => {
  const m = measureMask(readLabelVolume(file), { preset: "brats2021" });
  lesions = m.lesions.length;
};
time(scan, 2);
time(full, 2);
const tScan = time(scan);
const tFull = time(full);
console.log(`mask ${dims.join(" × ")} (${((ni * nj * nk) / 1e6).toFixed(1)} M voxels), ${lesions} lesions`);
console.log(
  `decompress + scan: ${tScan.toFixed(0)} ms; read + measure: ${tFull.toFixed(0)} ms; ratio ${(tFull / tScan).toFixed(2)} (goal ≤ 2)`,
);

// Growth: one spherical lesion, radius doubling; geometry cost per lesion voxel.
console.log("radius  voxels     geometry ms  ns/voxel");
for (const r of [8, 16, 32, 64]) {
  const n = 2 * r + 3;
  const voxels: number[] = [];
  for (let k = 0; k < n; k++)
    for (let j = 0; j < n; j++)
      for (let i = 0; i < n; i++)
        if ((i - r - 1) ** 2 + (j - r - 1) ** 2 + (k - r - 1) ** 2 <= r * r) voxels.push(i + n * (j + n * k));
  const grid = { dims: [n, n, n] as const, spacingMm: [1, 1, 1] as const, affine };
  const v = Uint32Array.from(voxels);
  const t = time(() => measureLesionGeometry(grid, v, defaultGeometryOptions), 3);
  console.log(
    `${String(r).padEnd(8)}${String(v.length).padEnd(11)}${t.toFixed(1).padEnd(13)}${((t * 1e6) / v.length).toFixed(0)}`,
  );
}
