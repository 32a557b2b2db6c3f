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

function measure(tree: string, args: string[]): { rssMb: number; seconds: number; status: number | null } {
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
  return { rssMb: Number(rss[1]) / 1024, seconds, status: exit ? Number(exit[1]) : r.status };
}

const after = resolve(import.meta.dirname, "..");
console.log(`input ${file}: ${patients} cases, ${inputMb.toFixed(1)} MB; limit ${limitMb} MB peak RSS`);
console.log(
  before
    ? "| command | before: peak RSS | before: time | after: peak RSS (÷ limit) | after: time | after cases/s ÷ before |"
    : "| command | peak RSS (÷ limit) | time | cases/s |",
);
console.log(before ? "|---|---:|---:|---:|---:|---:|" : "|---|---:|---:|---:|");
for (const run of runs) {
  const a = measure(after, run.args);
  const ratio = (a.rssMb / limitMb).toFixed(2);
  const rate = (s: number) => Math.round(patients / s).toLocaleString("en");
  if (a.status !== 0) console.error(`  (exit ${a.status} for ${run.label})`);
  if (before) {
    const b = measure(before, run.args);
    console.log(
      `| ${run.label} | ${b.rssMb.toFixed(0)} MB | ${b.seconds.toFixed(1)} s | ${a.rssMb.toFixed(0)} MB (${ratio}) | ${a.seconds.toFixed(1)} s | ${(b.seconds / a.seconds).toFixed(2)} |`,
    );
  } else {
    console.log(
      `| ${run.label} | ${a.rssMb.toFixed(0)} MB (${ratio}) | ${a.seconds.toFixed(1)} s | ${rate(a.seconds)} |`,
    );
  }
}
