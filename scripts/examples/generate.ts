// `npm run examples [-- DIR]`: writes the example data that README.md and docs/*.md run their commands
// on (into DIR, default examples/). Deterministic (no clock, no randomness beyond a fixed seed), so
// re-running it reproduces the committed files; test/docs/examples.test.ts checks that.
//
//   examples/masks/P001-t0…t3.nii.gz  one patient's co-registered BraTS 2023 label maps, 4 time points
//   examples/ndjson/cohort.ndjson     24 synthetic patients, one case document per line
//   examples/stats/*.csv              the statistics tables (copies of the R-verified test fixtures)
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { syntheticCases } from "../../bench/synthetic-cohort.ts";
import { encodeLabelVolume } from "../../src/imaging/nifti/write-label-volume.ts";
import type { LabelVolume } from "../../src/imaging/types.ts";

const root = join(import.meta.dirname, "../..");
const target = process.argv[2] ?? join(root, "examples");
const out = (...p: string[]) => join(target, ...p);

// --- masks -------------------------------------------------------------------------------------------
// 64 × 64 × 20 voxels of 1 × 1 × 2 mm. Labels (BraTS 2023): 1 non-enhancing core, 2 FLAIR
// hyperintensity, 3 enhancing tissue. Two lesions: L1 (a ring-enhancing ellipsoid with a non-enhancing
// core and oedema) and L2 (a small solid nodule). The course: baseline, response at t1 (sum −55 %),
// nadir at t2, regrowth at t3 (≥ 25 % over the nadir) — a RANO 2.0 partial response, then progression.
const DIMS = [64, 64, 20] as const;
const SPACING = [1, 1, 2] as const;
export const MASK_DATES = ["2024-01-10", "2024-03-05", "2024-05-02", "2024-07-01"] as const;

interface Blob {
  centre: readonly [number, number, number]; // mm in grid coordinates
  semiAxesMm: readonly [number, number, number];
}
/** L1 semi-axes per time point (mm); L2 keeps its size. */
const L1_AXES: readonly (readonly [number, number, number])[] = [
  [13, 10, 7],
  [7.5, 5.5, 5],
  [7, 5, 5],
  [10, 7.5, 6],
];

function inside(b: Blob, x: number, y: number, z: number, grow = 0): boolean {
  const [a, bb, c] = b.semiAxesMm.map((s) => s + grow) as [number, number, number];
  return ((x - b.centre[0]) / a) ** 2 + ((y - b.centre[1]) / bb) ** 2 + ((z - b.centre[2]) / c) ** 2 <= 1;
}

function maskAt(t: number): LabelVolume {
  const [ni, nj, nk] = DIMS;
  const labels = new Uint8Array(ni * nj * nk);
  const l1: Blob = { centre: [24, 30, 20], semiAxesMm: L1_AXES[t]! };
  const core: Blob = {
    centre: l1.centre,
    semiAxesMm: l1.semiAxesMm.map((s) => s * 0.45) as [number, number, number],
  };
  const l2: Blob = { centre: [48, 44, 20], semiAxesMm: [6, 5.5, 5] };
  for (let k = 0; k < nk; k++)
    for (let j = 0; j < nj; j++)
      for (let i = 0; i < ni; i++) {
        const [x, y, z] = [i * SPACING[0], j * SPACING[1], k * SPACING[2]];
        let label = 0;
        if (inside(l1, x, y, z, 4) || inside(l2, x, y, z, 2)) label = 2;
        if (inside(l1, x, y, z) || inside(l2, x, y, z)) label = 3;
        if (inside(core, x, y, z)) label = 1;
        labels[i + ni * (j + nj * k)] = label;
      }
  const affine = [
    [SPACING[0], 0, 0, -32],
    [0, SPACING[1], 0, -32],
    [0, 0, SPACING[2], -20],
    [0, 0, 0, 1],
  ];
  return { dims: DIMS, spacingMm: SPACING, affine, labels };
}

mkdirSync(out("masks"), { recursive: true });
MASK_DATES.forEach((_, t) => {
  // gzip output depends only on the bytes and zlib's level, not on the clock (NIfTI has no time stamp).
  writeFileSync(out("masks", `P001-t${t}.nii.gz`), encodeLabelVolume(maskAt(t), { gzip: true }));
});

// --- NDJSON cohort -----------------------------------------------------------------------------------
mkdirSync(out("ndjson"), { recursive: true });
const cohort = [...syntheticCases(24, 8, 20261201)].map((line, i) => {
  const doc = JSON.parse(line);
  doc.patient.id = `SYN-${String(i + 1).padStart(3, "0")}`; // pseudonyms of the example cohort
  return JSON.stringify(doc);
});
writeFileSync(out("ndjson", "cohort.ndjson"), `${cohort.join("\n")}\n`);

// --- statistics tables -------------------------------------------------------------------------------
mkdirSync(out("stats"), { recursive: true });
const fixtures = join(root, "test/fixtures/stats");
for (const [from, to] of [
  ["rcbv-adc.csv", "cases.csv"], // ROC: progression vs pseudoprogression, rCBV max and mean ADC
  ["readers.csv", "reads.csv"], // agreement: three readers' response categories
  ["products.csv", "lesions.csv"], // agreement --measure: automated vs manual products (mm²)
  ["studies.csv", "studies.csv"], // pool: per-study 2 × 2 counts
]) {
  copyFileSync(join(fixtures, from!), out("stats", to!));
}
