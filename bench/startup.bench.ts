// `npm run bench:startup [-- --runs N]`: whole-process start-up of the compiled CLI against a bare Node
// process (issue 12, goal ≤ 2× `node -e 0`). Each run spawns a fresh process and takes its wall time
// from spawn to exit; the commands are interleaved round-robin so that machine load hits all of them
// alike, and the median of N runs is reported. Requires `npm run build` (done by `npm install`).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

const arg = (name: string, d: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : d;
};
const RUNS = arg("--runs", 40);
const root = join(import.meta.dirname, "..");
const bin = join(root, "bin/ranokit.js");
if (!existsSync(join(root, "dist/ranokit.cjs"))) {
  process.stderr.write("dist/ranokit.cjs is missing: run `npm run build` first\n");
  process.exit(2);
}

const commands: { name: string; args: string[] }[] = [
  { name: "node -e 0", args: ["-e", "0"] },
  { name: "ranokit --version", args: [bin, "--version"] },
  // What every command cost before the build (issue 12): the sources through tsx's loader.
  {
    name: "from sources via tsx: assess 01-….json",
    args: [
      "--import",
      "tsx",
      "src/cli/main.ts",
      "assess",
      "examples/01-recurrent-gbm-response-then-progression.json",
    ],
  },
  {
    name: "ranokit assess examples/01-….json",
    args: [bin, "assess", "examples/01-recurrent-gbm-response-then-progression.json"],
  },
  {
    name: "ranokit compare examples/02-….json",
    args: [bin, "compare", "examples/02-pseudoprogression-confirmed-as-progression.json"],
  },
  {
    name: "ranokit measure examples/masks/…-t0.nii.gz",
    args: [bin, "measure", "examples/masks/P001-t0.nii.gz"],
  },
];

function once(args: string[]): number {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  return ms;
}

const usable = commands.filter((c) =>
  c.args.every((a) => !a.startsWith("examples/") || existsSync(join(root, a))),
);
for (const c of usable) once(c.args); // warm the file cache
const times = new Map(usable.map((c) => [c.name, [] as number[]]));
for (let i = 0; i < RUNS; i++) for (const c of usable) times.get(c.name)!.push(once(c.args));

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const base = median(times.get("node -e 0")!);
process.stdout.write(`Start-up, median of ${RUNS} interleaved runs (Node ${process.version})\n`);
for (const c of usable) {
  const m = median(times.get(c.name)!);
  const min = Math.min(...times.get(c.name)!);
  process.stdout.write(
    `  ${c.name.padEnd(42)} ${m.toFixed(1).padStart(7)} ms  (min ${min.toFixed(1)} ms)  ${(m / base).toFixed(2)}× node -e 0\n`,
  );
}
