// `npm run bench:accuracy [-- --lesions N]`: diagnostic accuracy of four tests plus two combination
// rules over a synthetic lesion table (≈ 4 lesions per patient), lesion level with cluster-robust
// intervals and three McNemar comparisons, then patient level — compared with reading the same CSV
// text (parse + value validation).
import { accuracyCases } from "../src/io/accuracy-table.ts";
import { parseCsvTable } from "../src/io/csv-table.ts";
import { type AccuracyOptions, analyseAccuracy } from "../src/stats/accuracy/index.ts";

const i = process.argv.indexOf("--lesions");
const lesions = i >= 0 ? Number(process.argv[i + 1]) : 100_000;

// Deterministic pseudo-random numbers (mulberry32) so every run measures the same table.
let seed = 20261123;
const rand = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const rows = ["patient_id,reference,CT,PET,MR,PETMR"];
let patient = 0;
while (rows.length <= lesions) {
  patient++;
  const n = 1 + Math.floor(rand() * 7);
  const diseased = rand() < 0.6;
  const detect = [0.75, 0.6, 0.95, 0.98].map((p) => Math.min(0.99, p * (0.8 + 0.4 * rand())));
  for (let j = 0; j < n && rows.length <= lesions; j++) {
    const ref = diseased && rand() < 0.7;
    const results = detect.map((p, k) => (ref ? rand() < p : rand() < [0.03, 0.01, 0.07, 0.08][k]!));
    rows.push([`P${patient}`, ref ? "pos" : "neg", ...results.map((r) => (r ? "1" : "0"))].join(","));
  }
}
const text = `${rows.join("\n")}\n`;
const tests = ["CT", "PET", "MR", "PETMR"];
const read = () =>
  accuracyCases(parseCsvTable(text, "synthetic.csv"), {
    reference: "reference",
    tests,
    patient: "patient_id",
  });
const options: AccuracyOptions = {
  tests,
  combinations: ["PET|MR", "PET&MR"],
  comparisons: [
    ["PETMR", "CT"],
    ["PETMR", "PET"],
    ["PETMR", "MR"],
  ],
};
read(); // warm-up
let t = performance.now();
const cases = read();
const readMs = performance.now() - t;
analyseAccuracy(cases.slice(0, 2000), { ...options, clusterRobust: true }); // warm-up
t = performance.now();
analyseAccuracy(cases, { ...options, clusterRobust: true });
const lesionMs = performance.now() - t;
t = performance.now();
analyseAccuracy(cases, { ...options, level: "patient" });
const patientMs = performance.now() - t;
console.log(
  JSON.stringify(
    {
      lesions: cases.length,
      patients: patient,
      readMs: Math.round(readMs),
      lesionLevelClusterRobustMs: Math.round(lesionMs),
      patientLevelMs: Math.round(patientMs),
      analysisOverRead: Number(((lesionMs + patientMs) / readMs).toFixed(2)),
    },
    null,
    2,
  ),
);
