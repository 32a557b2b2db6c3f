import { Rng } from "/work/wt-11b/fuzz/rng.ts";
import { materialise } from "/work/wt-11b/fuzz/run-cli.ts";
import { allTargets } from "/work/wt-11b/fuzz/targets/index.ts";
const ts = allTargets.filter((t) => !t.selfTest);
const i = Number(process.argv[2]);
const t = ts[i % ts.length]!;
const input = t.generate(Rng.forInput(1, i));
materialise(input, "/tmp/one");
console.log(input.argv.map((a) => a.replaceAll("{dir}", "/tmp/one")).join(" "));
