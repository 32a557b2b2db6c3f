// npm run bench:masks — measuring label maps against the floor of merely decompressing and scanning the
// same file, in one process and one run (issue 12 part 2):
//   1. a BraTS-like 240 × 240 × 155 uint8 map (7 lesions, one large oedema component);
//   2. irregular anatomy-like maps (noisy thresholded smooth fields: many concave, ragged components);
//   3. growth with the boundary of one cross-section (disc, ellipse, crescent, L, ragged blob), against a
//      brute-force chord search written from rano2.0-assist's published description, with the error of
//      both against the analytic answer;
//   4. `measure --batch` of 100 full-size masks vs a plain gunzip of the same files, same worker count.
// While iterating: `-- --skip-batch` leaves out part 4, `--maps-only` stops after part 1–2,
// `--no-reference` skips the reference on the whole maps. Recorded figures come from a full run.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { gunzipSync } from "node:zlib";
import { measureBatch } from "../src/imaging/batch.ts";
import { defaultGeometryOptions, measureLesionGeometry } from "../src/imaging/measure/lesion-geometry.ts";
import { measureMask } from "../src/imaging/measure-mask.ts";
import { readLabelVolume } from "../src/imaging/nifti/read-label-volume.ts";
import { encodeLabelVolume } from "../src/imaging/nifti/write-label-volume.ts";
import type { LabelVolume } from "../src/imaging/types.ts";
import { AFFINE, bratsLikeMask, DIMS, irregularMask, shapes } from "./masks/maps.ts";
import { referenceLesion, referenceSlice } from "./masks/reference-chords.ts";

const args = new Set(process.argv.slice(2));
const dir = join(tmpdir(), `ranokit-bench-masks-${process.pid}`);
mkdirSync(dir, { recursive: true });

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
const ms = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(0));

// Floor: decompress and touch every voxel once (what any reader must do).
const scan = (file: string) => () => {
  const raw = gunzipSync(readFileSync(file));
  let s = 0;
  for (let i = 352; i < raw.length; i++) s += raw[i]!;
  return s;
};

function wholeMap(name: string, volume: LabelVolume, goal: number, reference: boolean): (() => void) | null {
  const file = join(dir, `${name}.nii.gz`);
  writeFileSync(file, encodeLabelVolume(volume, { gzip: true }));
  let m = measureMask(readLabelVolume(file));
  const full = () => {
    m = measureMask(readLabelVolume(file));
  };
  // Interleaved pairs (floor, then measure) so that both see the same machine load; the ratio is the
  // median of the per-pair ratios, the times the medians of each.
  // Also in CPU time (process.cpuUsage, all threads): on a shared machine, wall time also counts the
  // moments another process held the core.
  const pairs = 9;
  const floor: number[] = [];
  const measured: number[] = [];
  const ratios: number[] = [];
  const cpuRatios: number[] = [];
  const cpu = (f: () => unknown) => {
    const u = process.cpuUsage();
    f();
    const d = process.cpuUsage(u);
    return d.user + d.system;
  };
  for (let r = -2; r < pairs; r++) {
    const a = time(scan(file), 1);
    const b = time(full, 1);
    const ca = cpu(scan(file));
    const cb = cpu(full);
    if (r < 0) continue;
    floor.push(a);
    measured.push(b);
    ratios.push(b / a);
    cpuRatios.push(cb / ca);
  }
  const median = (x: number[]) => x.slice().sort((p, q) => p - q)[Math.floor(x.length / 2)]!;
  const tScan = median(floor);
  const tFull = median(measured);
  const ratio = median(ratios);
  const cpuRatio = median(cpuRatios);
  const voxels = m.lesions.reduce((s, l) => s + l.voxelCount, 0);
  console.log(
    `${name}: ${m.lesions.length} lesions, ${voxels} lesion voxels · decompress + scan ${ms(tScan)} ms · read + measure ${ms(tFull)} ms · ratio ${ratio.toFixed(2)}, in CPU time ${cpuRatio.toFixed(2)} (goal ≤ ${goal})`,
  );
  if (!reference) return null;
  // Geometry alone, RANOkit vs the reference chord search, over the same components (axial slices);
  // run after every map's ratio, so that the reference's garbage never weighs on a ratio.
  return () => {
    const geometry = () => {
      for (const l of m.lesions) measureLesionGeometry(volume, l.voxels, defaultGeometryOptions);
    };
    const tOurs = time(geometry, 3);
    const t = performance.now();
    for (const l of m.lesions) referenceLesion(volume.dims, volume.spacingMm, l.voxels);
    const tRef = performance.now() - t;
    console.log(
      `${name}, geometry of every lesion: RANOkit ${ms(tOurs)} ms · reference chord search ${ms(tRef)} ms · ${(tRef / tOurs).toFixed(0)}× faster (goal ≥ 50× on the full map)`,
    );
  };
}

console.log(
  `maps ${DIMS.join(" × ")} uint8, 1 mm, gzip; 9 interleaved floor/measure pairs after 2 warm-up pairs, medians\n`,
);
const reference = !args.has("--no-reference");
const references = [
  wholeMap("BraTS-like", bratsLikeMask(), 2, reference),
  wholeMap("irregular (seed 1, 1.5 % of the head)", irregularMask(1, 0.015), 3, reference),
  wholeMap("irregular (seed 2, 6 % of the head)", irregularMask(2, 0.06), 3, false),
];
if (references.some((r) => r)) console.log("");
for (const r of references) r?.();
if (args.has("--maps-only")) process.exit(0);

// Growth with the boundary of one cross-section, and accuracy against the analytic answer.
console.log(
  "\nshape              r mm  boundary pts  RANOkit ms  µs/(B·log2 B)  reference ms  ×faster  error LD/PD mm (RANOkit | reference), bound √2",
);
const refSkip = new Set<string>();
// r = 256 shows the growth beyond the range the reference can run in (RANOkit only there).
for (const r of [8, 16, 32, 64, 128, 256]) {
  for (const shape of shapes(r)) {
    const half = Math.ceil(shape.extent) + 2;
    const n = 2 * half + 1;
    const pixels: number[] = [];
    for (let j = 0; j < n; j++)
      for (let i = 0; i < n; i++) if (shape.inside(i - half, j - half)) pixels.push(i + n * j);
    const grid = { dims: [n, n, 1] as const, spacingMm: [1, 1, 1] as const, affine: AFFINE };
    const voxels = Uint32Array.from(pixels);
    const set = new Set(pixels);
    const inside = (x: number, y: number) => x >= 0 && y >= 0 && x < n && y < n && set.has(x + n * y);
    let boundary = 0;
    for (const p of pixels) {
      const [x, y] = [p % n, Math.floor(p / n)];
      if (!(inside(x - 1, y) && inside(x + 1, y) && inside(x, y - 1) && inside(x, y + 1))) boundary++;
    }
    let ours = measureLesionGeometry(grid, voxels, defaultGeometryOptions);
    const runs = r >= 64 ? 3 : 5;
    const tOurs = time(() => {
      ours = measureLesionGeometry(grid, voxels, defaultGeometryOptions);
    }, runs);
    let ref: { longestMm: number; perpendicularMm: number } | undefined;
    let tRef = Number.NaN;
    if (!refSkip.has(shape.name) && r <= 128) {
      const t = performance.now();
      ref = referenceSlice(n, n, inside, 1, 1);
      tRef = performance.now() - t;
      if (tRef > 4000) refSkip.add(shape.name);
    }
    const b = ours.bidimensional;
    const err = (got: number | undefined, truth: number | undefined) =>
      got === undefined || truth === undefined ? "–" : Math.abs(got - truth).toFixed(2);
    const B = boundary * 2; // ≈ boundary pixel corners
    console.log(
      [
        shape.name.padEnd(19),
        String(r).padStart(4),
        String(boundary).padStart(13),
        ms(tOurs).padStart(11),
        ((tOurs * 1000) / (B * Math.log2(B))).toFixed(3).padStart(14),
        (ref ? ms(tRef) : "(skipped)").padStart(13),
        (ref ? `${(tRef / tOurs).toFixed(0)}×` : "").padStart(8),
        `  ${err(b?.longest.lengthMm, shape.longestMm)}/${err(b?.perpendicular.lengthMm, shape.perpendicularMm)} | ${ref ? `${err(ref.longestMm, shape.longestMm)}/${err(ref.perpendicularMm, shape.perpendicularMm)}` : "–"}`,
      ].join(""),
    );
  }
}

if (!args.has("--skip-batch")) await batch();
rmSync(dir, { recursive: true, force: true });

async function batch(): Promise<void> {
  // 100 full-size BraTS-like masks with lesions shifted, measured by `measure --batch`'s worker pool vs a
  // plain gunzip of the same files on the same number of worker threads (both include worker start-up).
  const files: string[] = [];
  for (let f = 0; f < 100; f++) {
    const file = join(dir, `batch-${String(f).padStart(3, "0")}.nii.gz`);
    writeFileSync(
      file,
      encodeLabelVolume(bratsLikeMask([(f % 10) - 5, Math.floor(f / 10) - 5, (f % 7) - 3]), { gzip: true }),
    );
    files.push(file);
  }
  const workers = 2;
  let t = performance.now();
  await gunzipPool(files, workers);
  const tGunzip = (performance.now() - t) / 1000;
  t = performance.now();
  const results = await measureBatch(files, {}, workers, () => {});
  const tMeasure = (performance.now() - t) / 1000;
  const failed = results.filter((r) => !r.ok).length;
  console.log(
    `\nmeasure --batch, 100 masks, ${workers} workers: ${(100 / tMeasure).toFixed(1)} files/s (${tMeasure.toFixed(2)} s, ${failed} failed) · plain gunzip + scan ${(100 / tGunzip).toFixed(1)} files/s (${tGunzip.toFixed(2)} s) · ratio ${(tMeasure / tGunzip).toFixed(2)}`,
  );
}

async function gunzipPool(files: string[], workers: number): Promise<void> {
  const code = `const { parentPort } = require("node:worker_threads");
const { readFileSync } = require("node:fs");
const { gunzipSync } = require("node:zlib");
parentPort.on("message", (path) => {
  const raw = gunzipSync(readFileSync(path));
  let s = 0;
  for (let i = 352; i < raw.length; i++) s += raw[i];
  parentPort.postMessage(s);
});`;
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      const worker = new Worker(code, { eval: true });
      while (next < files.length) {
        const path = files[next++];
        await new Promise((resolve) => {
          worker.once("message", resolve);
          worker.postMessage(path);
        });
      }
      await worker.terminate();
    }),
  );
}
