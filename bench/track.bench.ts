// `npm run bench:track [-- --lesions N --timepoints T]`: lesion tracking and case building on a
// BraTS-size grid (240 × 240 × 155, 1 mm). Each time point has N spherical lesions (radius 3–20 mm)
// that drift by up to 2 mm and change size; one lesion disappears and one new lesion appears at every
// time point. Synthetic MaskMeasurement objects (voxel lists built here) stand in for measureMask.
import { buildCase } from "../src/imaging/case-builder/index.ts";
import { trackSeries } from "../src/imaging/tracking/index.ts";
import type { MaskMeasurement, MeasuredLesion, Vec3 } from "../src/imaging/types.ts";

const arg = (name: string, d: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : d;
};
const N = arg("--lesions", 30);
const T = arg("--timepoints", 10);
const DIMS = [240, 240, 155] as const;

let seed = 42;
const rand = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
};

function sphere(id: string, c: Vec3, r: number, component: MeasuredLesion["component"]): MeasuredLesion {
  const v: number[] = [];
  const r2 = r * r;
  for (let k = Math.max(0, Math.floor(c[2] - r)); k <= Math.min(DIMS[2] - 1, Math.ceil(c[2] + r)); k++)
    for (let j = Math.max(0, Math.floor(c[1] - r)); j <= Math.min(DIMS[1] - 1, Math.ceil(c[1] + r)); j++)
      for (let i = Math.max(0, Math.floor(c[0] - r)); i <= Math.min(DIMS[0] - 1, Math.ceil(c[0] + r)); i++)
        if ((i - c[0]) ** 2 + (j - c[1]) ** 2 + (k - c[2]) ** 2 <= r2)
          v.push(i + DIMS[0] * (j + DIMS[1] * k));
  const d = 2 * r;
  const line = { lengthMm: d, fromVoxel: c, toVoxel: c, fromWorld: c, toWorld: c };
  return {
    id,
    component,
    voxels: Uint32Array.from(v),
    voxelCount: v.length,
    volumeMm3: v.length,
    centroidWorld: c,
    sliceCount: Math.max(1, Math.round(d)),
    extentsMm: [d, d, d],
    bidimensional: {
      planeAxis: 2,
      slice: Math.round(c[2]),
      longest: line,
      perpendicular: line,
      productMm2: d * d,
    },
    longestDiameterMm: d,
    measurable: d >= 10,
    notes: [],
  };
}

// Lesion centres on a lattice so that lesions of one time point do not touch.
const R_MAX = N > 60 ? 10 : 20;
const STEP = 2 * R_MAX + 6;
const slots: Vec3[] = [];
for (let x = R_MAX + 3; x < DIMS[0] - R_MAX - 3; x += STEP)
  for (let y = R_MAX + 3; y < DIMS[1] - R_MAX - 3; y += STEP)
    for (let z = R_MAX + 3; z < DIMS[2] - R_MAX - 3; z += STEP) slots.push([x, y, z]);
if (N + T > slots.length) throw new Error(`at most ${slots.length - T} lesions`);
const comp = (): MeasuredLesion["component"] => (rand() < 0.7 ? "enhancing" : "non_enhancing");
let live = slots.slice(0, N).map((c) => ({ c, r: 3 + rand() * (R_MAX - 3), comp: comp() }));
let next = N;
const t0 = performance.now();
const series: MaskMeasurement[] = [];
for (let t = 0; t < T; t++) {
  if (t > 0) {
    live = live.slice(1).map((l) => ({
      c: [l.c[0] + (rand() - 0.5) * 4, l.c[1] + (rand() - 0.5) * 4, l.c[2] + (rand() - 0.5) * 4] as Vec3,
      r: Math.max(2, Math.min(R_MAX, l.r * (0.8 + rand() * 0.4))),
      comp: l.comp,
    }));
    live.push({ c: slots[next++]!, r: 3 + rand() * (R_MAX - 3), comp: comp() });
  }
  series.push({
    source: `t${t}`,
    dims: DIMS,
    spacingMm: [1, 1, 1],
    lesions: live.map((l, i) => sphere(`E${i + 1}`, l.c, l.r, l.comp)),
  });
}
const buildMs = performance.now() - t0;
const voxels = series.reduce((s, m) => s + m.lesions.reduce((a, l) => a + l.voxelCount, 0), 0);

trackSeries(series); // warm-up
let t = performance.now();
const tracking = trackSeries(series);
const trackMs = performance.now() - t;
const dates = series.map((_, i) => new Date(Date.UTC(2024, 0, 10 + 56 * i)).toISOString().slice(0, 10));
t = performance.now();
const built = buildCase({
  tracking,
  dates,
  patient: {
    id: "BENCH",
    tumorType: "astrocytoma_idh_mutant",
    setting: "recurrent",
    significantNonEnhancing: true,
  },
});
const caseMs = performance.now() - t;
const ids = new Set(tracking.timePoints.flatMap((tp) => tp.lesions.map((l) => l.id)));
// Every lesion is followed: N at the start plus one new per later time point.
if (ids.size !== N + T - 1) throw new Error(`expected ${N + T - 1} ids, got ${ids.size}`);

console.log(
  `grid ${DIMS.join("×")}, ${T} time points × ${N} lesions, ${(voxels / 1e6).toFixed(2)} M lesion voxels`,
);
console.log(`synthetic input: ${buildMs.toFixed(0)} ms (not part of the measurement)`);
console.log(
  `trackSeries: ${trackMs.toFixed(1)} ms (${(trackMs / T).toFixed(2)} ms per time point, ${ids.size} ids)`,
);
console.log(
  `buildCase:   ${caseMs.toFixed(1)} ms (targets ${built.targets.join(", ")}; ${built.newLesions.length} new)`,
);
