// `npm run bench [-- --patients N --timepoints T]`: assess a synthetic cohort and compare each phase with
// plain JSON.parse of the same documents (issue 12 §5: validation ≤ 1.5×, assessment under RANO 2.0 ≤ 2×).
// All three phases are timed in one run on the same documents, so the ratios are comparable under load.
import { cpus, loadavg } from "node:os";
import { assess, type Case, parseCase } from "../src/engine/index.ts";
import { syntheticCases } from "./synthetic-cohort.ts";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const patients = arg("patients", 20_000);
const timepoints = arg("timepoints", 10);

const lines = [...syntheticCases(patients, timepoints)];
const totalTimepoints = patients * timepoints;
const megabytes = lines.reduce((n, l) => n + l.length, 0) / 1e6;

// Warm-up on a slice so every phase runs optimised code.
for (const line of lines.slice(0, 2000)) {
  const r = parseCase(JSON.parse(line));
  if (r.ok) assess(r.value, "rano2");
}

// Interleaved rounds (JSON.parse, validation, assessment in turn), so that load from other processes on the
// shared machine hits every phase alike; the figures are per-phase medians over the rounds. Each phase is
// timed in CPU time of this process (all its threads, so concurrent GC counts) — on a loaded machine wall
// time mostly measures the other processes — and starts from a collected heap (`--expose-gc`), so that no
// phase pays for the garbage of the one before.
const rounds = arg("rounds", 5);
const times = { json: [] as number[], validate: [] as number[], assess: [] as number[] };
const wall = { json: [] as number[], validate: [] as number[], assess: [] as number[] };
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) console.warn("run with node --expose-gc for comparable phases (npm run bench does)");
let phaseStart = { cpu: process.cpuUsage(), wall: 0 };
const begin = () => {
  gc?.();
  phaseStart = { cpu: process.cpuUsage(), wall: performance.now() };
};
const end = (phase: keyof typeof times) => {
  const d = process.cpuUsage(phaseStart.cpu);
  times[phase].push((d.user + d.system) / 1000);
  wall[phase].push(performance.now() - phaseStart.wall);
};
let progressed = 0;
for (let round = 0; round < rounds; round++) {
  begin();
  let values: unknown[] = new Array(lines.length);
  for (let i = 0; i < lines.length; i++) values[i] = JSON.parse(lines[i] as string);
  end("json");

  begin();
  let cases: Case[] = new Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const r = parseCase(values[i]);
    if (!r.ok) throw new Error(`synthetic case invalid: ${JSON.stringify(r.errors[0])}`);
    cases[i] = r.value;
  }
  end("validate");

  begin();
  progressed = 0;
  for (const c of cases) if (assess(c, "rano2").progression.date !== null) progressed++;
  end("assess");
  values = [];
  cases = [];
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const jsonMs = median(times.json);
const validateMs = median(times.validate);
const assessMs = median(times.assess);
const perRound = (xs: number[], of = times.json) =>
  xs.map((x, i) => (x / (of[i] as number)).toFixed(2)).join(", ");

const rate = (ms: number) => Math.round((totalTimepoints / ms) * 1000).toLocaleString("en-US");
const ratio = (ms: number) => (ms / jsonMs).toFixed(2);
console.log(
  `RANOkit assessment benchmark — ${patients.toLocaleString("en-US")} patients × ${timepoints} time points ` +
    `(${megabytes.toFixed(1)} MB), ${rounds} rounds, Node ${process.version}, ${cpus().length} cores, ` +
    `load average ${loadavg()[0]?.toFixed(1)} at start`,
);
console.log("");
console.log("| phase (median of rounds) | CPU time (ms) | time points / s | × JSON.parse | goal |");
console.log("|---|---:|---:|---:|---:|");
console.log(`| JSON.parse alone | ${jsonMs.toFixed(0)} | ${rate(jsonMs)} | 1.00 | |`);
console.log(
  `| schema validation alone (parseCase) | ${validateMs.toFixed(0)} | ${rate(validateMs)} | ${ratio(validateMs)} | ≤ 1.5 |`,
);
console.log(
  `| assessment alone (RANO 2.0, all rules and endpoints) | ${assessMs.toFixed(0)} | ${rate(assessMs)} | ${ratio(assessMs)} | ≤ 2 |`,
);
console.log("");
console.log(
  `per round, CPU time (× that round's JSON.parse): validation ${perRound(times.validate)}; assessment ${perRound(times.assess)}`,
);
console.log(
  `assess / (JSON.parse + validation) = ${(assessMs / (jsonMs + validateMs)).toFixed(2)}; patients with progression: ${progressed}`,
);
