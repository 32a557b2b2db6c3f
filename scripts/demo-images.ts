// Writes the demo study's synthetic images and masks to examples/demo-study/ (npm run demo-images):
// per subject and time point an MRI-like image and its BraTS-2021 label mask (NIfTI-1, gzipped,
// 96 × 96 × 32 voxels of 1 × 1 × 3 mm), and measurements.json with what src/imaging measures on each
// mask. Deterministic: `ranokit serve --demo` generates the same bytes (test/server/demo.test.ts checks
// the committed files against it).
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DEMO_CASES } from "../src/server/demo/cases.ts";
import { demoSeed, lesionFromMeasurement, phantomTimepoint } from "../src/server/demo/phantom.ts";
import { phantomLesions } from "../src/server/demo/seed.ts";

const out = join(import.meta.dirname, "..", "examples", "demo-study");
rmSync(out, { recursive: true, force: true });
let total = 0;
const measurements: Record<string, Record<string, Record<string, unknown>>> = {};
for (const [n, c] of DEMO_CASES.entries()) {
  mkdirSync(join(out, c.pseudonym), { recursive: true });
  measurements[c.pseudonym] = {};
  for (const [i, a] of c.assessments.entries()) {
    const t = phantomTimepoint(phantomLesions(c, i), demoSeed(n, i));
    writeFileSync(join(out, c.pseudonym, `${a.date}-image.nii.gz`), t.image);
    writeFileSync(join(out, c.pseudonym, `${a.date}-mask.nii.gz`), t.mask);
    total += t.image.length + t.mask.length;
    measurements[c.pseudonym]![a.date] = Object.fromEntries(
      [...t.measured].map(([id, m]) => [id, lesionFromMeasurement(m)]),
    );
  }
}
writeFileSync(join(out, "measurements.json"), `${JSON.stringify(measurements, null, 1)}\n`);
process.stdout.write(`wrote ${out}: ${(total / 1024).toFixed(0)} KiB of NIfTI\n`);
