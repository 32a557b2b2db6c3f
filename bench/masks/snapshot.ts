// Prints every measurement of the bench maps and shapes (for before/after comparisons while optimising).
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { defaultGeometryOptions, measureLesionGeometry } from "../../src/imaging/measure/lesion-geometry.ts";
import { measureMask } from "../../src/imaging/measure-mask.ts";
import { AFFINE, bratsLikeMask, irregularMask, shapes } from "./maps.ts";

const out: unknown[] = [];
const vols = [bratsLikeMask(), irregularMask(1, 0.015), irregularMask(2, 0.06), irregularMask(3, 0.03)];
for (const v of vols) {
  for (const opts of [
    {},
    { longestDiameter: true },
    { method: "max-product" as const },
    { fillHoles: false, edgeConvention: "centres" as const },
    { planeAxis: 0 as const },
  ]) {
    const m = measureMask(v, opts);
    out.push(m.lesions.map((l) => ({ ...l, voxels: l.voxels.length })));
  }
}
for (const r of [8, 16, 32, 64])
  for (const s of shapes(r)) {
    const half = Math.ceil(s.extent) + 2;
    const n = 2 * half + 1;
    const px: number[] = [];
    for (let j = 0; j < n; j++)
      for (let i = 0; i < n; i++) if (s.inside(i - half, j - half)) px.push(i + n * j);
    const g = { dims: [n, n, 1] as const, spacingMm: [1, 1, 1] as const, affine: AFFINE };
    out.push(measureLesionGeometry(g, Uint32Array.from(px), defaultGeometryOptions));
    out.push(
      measureLesionGeometry(g, Uint32Array.from(px), { ...defaultGeometryOptions, method: "max-product" }),
    );
  }
const text = JSON.stringify(out, null, 1);
writeFileSync(process.argv[2] ?? "/tmp/mprof/snap.json", text);
console.log(createHash("sha256").update(text).digest("hex"));
