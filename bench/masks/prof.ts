import { readFileSync, writeFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { labelRunComponents } from "../../src/imaging/components.ts";
import { measureMask, scanParts } from "../../src/imaging/measure-mask.ts";
import { readLabelVolume } from "../../src/imaging/nifti/read-label-volume.ts";
import { encodeLabelVolume } from "../../src/imaging/nifti/write-label-volume.ts";
import { getPreset, labelClassifier } from "../../src/imaging/presets.ts";
import { bratsLikeMask, irregularMask } from "./maps.ts";

const which = process.argv[2] ?? "2";
const file = `/tmp/mprof/m${which}.nii.gz`;
try {
  readFileSync(file);
} catch {
  const v = which === "b" ? bratsLikeMask() : irregularMask(Number(which), which === "1" ? 0.015 : 0.06);
  writeFileSync(file, encodeLabelVolume(v, { gzip: true }));
}
const reps = Number(process.argv[3] ?? 30);
const T: Record<string, number> = {};
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const tick = (k: string, f: () => unknown) => {
  const t = cpu();
  const r = f();
  T[k] = Math.min(T[k] ?? 1e9, cpu() - t);
  return r;
};
const classify = labelClassifier(getPreset("brats2021"));
for (let r = 0; r < reps; r++) {
  tick("floor", () => {
    const raw = gunzipSync(readFileSync(file));
    let s = 0;
    for (let i = 352; i < raw.length; i++) s += raw[i]!;
    return s;
  });
  tick("floorBig", () => {
    const z = readFileSync(file);
    const raw = gunzipSync(z, { chunkSize: z.readUInt32LE(z.length - 4) + 64 });
    let s = 0;
    for (let i = 352; i < raw.length; i++) s += raw[i]!;
    return s;
  });
  const v = tick("read", () => readLabelVolume(file)) as ReturnType<typeof readLabelVolume>;
  const runs = tick("scan", () => scanParts(v, classify, new Set())) as ReturnType<typeof scanParts>;
  tick("components", () => labelRunComponents(runs, 26, 0));
  tick("measureMask", () => measureMask(v));
}
const out = Object.entries(T)
  .map(([k, t]) => `${k} ${t.toFixed(1)}`)
  .join(" · ");
console.log(out, `· ratio ${((T.read! + T.measureMask!) / T.floor!).toFixed(2)}`);
