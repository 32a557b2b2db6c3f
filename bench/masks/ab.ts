// Interleaved A/B of measureMask in one process: A = a copy of src/ at another commit (argv[2], a
// directory holding src/), B = this tree. Per map: CPU time of each call, pairs alternating A, B.
// Usage: node --import tsx bench/masks/ab.ts DIR [pairs] [maps: b,1,2] [options as JSON]
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { measureMask } from "../../src/imaging/measure-mask.ts";
import { readLabelVolume } from "../../src/imaging/nifti/read-label-volume.ts";
import { encodeLabelVolume } from "../../src/imaging/nifti/write-label-volume.ts";
import { bratsLikeMask, irregularMask } from "./maps.ts";

const dir = process.argv[2];
if (!dir) throw new Error("usage: ab.ts DIR [pairs] [maps]");
const pairs = Number(process.argv[3] ?? 30);
const maps = (process.argv[4] ?? "b,1,2").split(",");
const opts = JSON.parse(process.argv[5] ?? "{}") as Parameters<typeof measureMask>[1];
const A = (await import(pathToFileURL(`${dir}/src/imaging/measure-mask.ts`).href)) as {
  measureMask: typeof measureMask;
};
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const median = (x: number[]) => [...x].sort((p, q) => p - q)[x.length >> 1]!;
for (const w of maps) {
  const file = `/tmp/mprof/m${w}.nii.gz`;
  try {
    readFileSync(file);
  } catch {
    const v = w === "b" ? bratsLikeMask() : irregularMask(Number(w), w === "1" ? 0.015 : 0.06);
    writeFileSync(file, encodeLabelVolume(v, { gzip: true }));
  }
  const v = readLabelVolume(file);
  const ta: number[] = [];
  const tb: number[] = [];
  for (let r = 0; r < pairs + 3; r++) {
    for (const [f, t] of (r & 1
      ? [
          [measureMask, tb],
          [A.measureMask, ta],
        ]
      : [
          [A.measureMask, ta],
          [measureMask, tb],
        ]) as Array<[typeof measureMask, number[]]>) {
      const c = cpu();
      f(v, opts);
      if (r >= 3) t.push(cpu() - c);
    }
  }
  const ma = median(ta);
  const mb = median(tb);
  console.log(
    `${w}: A median ${ma.toFixed(1)} min ${Math.min(...ta).toFixed(1)} · B median ${mb.toFixed(1)} min ${Math.min(...tb).toFixed(1)} ms · B/A ${(mb / ma).toFixed(3)} (min ${(Math.min(...tb) / Math.min(...ta)).toFixed(3)})`,
  );
}
