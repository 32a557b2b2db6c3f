// `npm run bench [-- --patients N --timepoints T]`: assess a synthetic cohort and compare with the cost
// of merely parsing the same input (JSON.parse + schema validation). Goal: assessment < parsing.
import { cpus } from "node:os";
import { assess, type Case, parseCase } from "../src/engine/index.ts";
import { syntheticCases } from "./synthetic-cohort.ts";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const patients = arg("patients", 100_000);
const timepoints = arg("timepoints", 10);

const lines = [...syntheticCases(patients, timepoints)];
const totalTimepoints = patients * timepoints;

// Warm-up on a slice so both phases run optimised code.
for (const line of lines.slice(0, 2000)) {
  const r = parseCase(JSON.parse(line));
  if (r.ok) assess(r.value, "rano2");
}

let t = performance.now();
const cases: Case[] = [];
for (const line of lines) {
  const r = parseCase(JSON.parse(line));
  if (!r.ok) throw new Error(`synthetic case invalid: ${JSON.stringify(r.errors[0])}`);
  cases.push(r.value);
}
const parseMs = performance.now() - t;

t = performance.now();
let progressed = 0;
for (const c of cases) if (assess(c, "rano2").progression.date !== null) progressed++;
const assessMs = performance.now() - t;

const rate = (ms: number) => Math.round((totalTimepoints / ms) * 1000).toLocaleString("en-US");
console.log(
  `RANOkit assessment benchmark — ${patients.toLocaleString("en-US")} patients × ${timepoints} time points, Node ${process.version}, ${cpus().length} cores`,
);
console.log("");
console.log("| phase | time (ms) | time points / s |");
console.log("|---|---:|---:|");
console.log(`| parse (JSON.parse + schema validation) | ${parseMs.toFixed(0)} | ${rate(parseMs)} |`);
console.log(`| assess (RANO 2.0, all rules and endpoints) | ${assessMs.toFixed(0)} | ${rate(assessMs)} |`);
console.log("");
console.log(
  `assess / parse = ${(assessMs / parseMs).toFixed(2)} (goal < 1.00); patients with progression: ${progressed}`,
);
