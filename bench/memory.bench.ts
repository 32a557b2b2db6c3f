// `npm run bench:memory [-- --patients N --before DIR]`: peak resident memory and throughput of the
// streaming commands (issue 11, item 13). Writes a synthetic NDJSON cohort (40,000 cases ≈ 50 MB by
// default), then runs `ranokit assess` in every output format and a 3-criteria `cohort` under
// `/usr/bin/time -v`, reading "Maximum resident set size" and the wall-clock time. With `--before DIR`
// (a checkout of an earlier commit with node_modules) both trees are measured in the same run, so the
// throughput ratio compares like with like on a shared machine.
import { spawnSync } from "node:child_process";
import { createWriteStream, existsSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { syntheticCases } from "./synthetic-cohort.ts";

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const patients = Number(arg("--patients") ?? 40_000);
const before = arg("--before");
const limitMb = 250;
const file = `/tmp/ranokit-bench-${patients}.ndjson`;

if (!existsSync(file)) {
  const out = createWriteStream(file);
  for (const line of syntheticCases(patients, 6, 11, true)) {
    if (!out.write(`${line}\n`)) await new Promise<void>((r) => out.once("drain", () => r()));
  }
  await new Promise<void>((r) => out.end(() => r()));
}
const inputMb = statSync(file).size / 1e6;

const runs: Array<{ label: string; args: string[] }> = [
  ...["table", "csv", "ndjson", "json"].map((f) => ({
    label: `assess --format ${f}`,
    args: ["assess", file, "--format", f],
  })),
  { label: "cohort rano2,hgg,mrano (table)", args: ["cohort", file, "--criteria", "rano2,hgg,mrano"] },
  {
    label: "cohort rano2,hgg,mrano --format json",
    args: ["cohort", file, "--criteria", "rano2,hgg,mrano", "--format", "json"],
  },
];

interface Figures {
  rssMb: number;
  seconds: number;
  /** User + system CPU time: less sensitive than wall time to other load on a shared machine. */
  cpu: number;
  status: number | null;
}

function measure(tree: string, args: string[]): Figures {
  const bin = join(tree, "bin/ranokit.js");
  // stdout goes to /dev/null through the shell so the child writes to a file, as in a real redirect.
  const r = spawnSync(
    "sh",
    ["-c", `/usr/bin/time -v node ${bin} ${args.map((a) => `'${a}'`).join(" ")} > /dev/null`],
    { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } },
  );
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(r.stderr);
  if (!rss || !wall) throw new Error(`no /usr/bin/time figures for ${args.join(" ")}:\n${r.stderr}`);
  const seconds = Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]);
  const exit = /Exit status: (\d+)/.exec(r.stderr);
  const user = Number(/User time \(seconds\): ([\d.]+)/.exec(r.stderr)?.[1] ?? Number.NaN);
  const sys = Number(/System time \(seconds\): ([\d.]+)/.exec(r.stderr)?.[1] ?? Number.NaN);
  return {
    rssMb: Number(rss[1]) / 1024,
    seconds,
    cpu: user + sys,
    status: exit ? Number(exit[1]) : r.status,
  };
}

const after = resolve(import.meta.dirname, "..");
console.log(`input ${file}: ${patients} cases, ${inputMb.toFixed(1)} MB; limit ${limitMb} MB peak RSS`);
console.log(
  before
    ? "| command | before: peak RSS | before: wall / CPU | after: peak RSS (÷ limit) | after: wall / CPU | throughput after ÷ before (CPU) |"
    : "| command | peak RSS (÷ limit) | wall / CPU | cases per CPU second |",
);
console.log(before ? "|---|---:|---:|---:|---:|---:|" : "|---|---:|---:|---:|");
const t = (f: Figures) => `${f.seconds.toFixed(1)} s / ${f.cpu.toFixed(1)} s`;
for (const run of runs) {
  // Before first, then after, so that each pair runs back to back under the same machine load.
  const b = before ? measure(before, run.args) : null;
  const a = measure(after, run.args);
  const ratio = (a.rssMb / limitMb).toFixed(2);
  const rate = (s: number) => Math.round(patients / s).toLocaleString("en");
  if (a.status !== 0) console.error(`  (exit ${a.status} for ${run.label})`);
  if (b) {
    console.log(
      `| ${run.label} | ${b.rssMb.toFixed(0)} MB | ${t(b)} | ${a.rssMb.toFixed(0)} MB (${ratio}) | ${t(a)} | ${(b.cpu / a.cpu).toFixed(2)} |`,
    );
  } else {
    console.log(`| ${run.label} | ${a.rssMb.toFixed(0)} MB (${ratio}) | ${t(a)} | ${rate(a.cpu)} |`);
  }
}
