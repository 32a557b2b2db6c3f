// `npm run bench:stats [-- --cases N]`: DeLong AUC with CI and the paired DeLong test on N cases
// (default 100,000) with two tie-rich synthetic markers, plus the empirical ROC curve, compared with
// sorting the same values once (the algorithm is a handful of sorts: Sun & Xu 2014, O(N log N)).
import { deLongAuc, pairedDeLong, rocCurve } from "../src/stats/roc/index.ts";

const i = process.argv.indexOf("--cases");
const n = i >= 0 ? Number(process.argv[i + 1]) : 100_000;
let seed = 12345;
const rand = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
const positive = Array.from({ length: n }, () => rand() < 0.4);
const m1 = positive.map((p) => Math.round((p ? 2.2 : 1.5) * 10 + rand() * 20) / 10);
const m2 = positive.map((p) => Math.round((p ? 1150 : 1350) + (rand() - 0.5) * 800));

const time = (f: () => unknown) => {
  f(); // warm-up
  const t = performance.now();
  for (let k = 0; k < 3; k++) f();
  return (performance.now() - t) / 3;
};
const sortMs = time(() => [...m1].sort((a, b) => a - b));
const aucMs = time(() => deLongAuc(m1, positive));
const pairedMs = time(() => pairedDeLong(m1, m2, positive, ["higher", "lower"]));
const curveMs = time(() => rocCurve({ values: m1, positive }));
const a = deLongAuc(m1, positive);
console.log(`cases ${n.toLocaleString("en")} (AUC ${a.auc.toFixed(3)}, ${new Set(m1).size} distinct values)`);
console.log(`sort once            ${sortMs.toFixed(1)} ms`);
console.log(`DeLong AUC + CI      ${aucMs.toFixed(1)} ms (${(aucMs / sortMs).toFixed(1)} × sort)`);
console.log(`paired DeLong test   ${pairedMs.toFixed(1)} ms`);
console.log(`ROC curve            ${curveMs.toFixed(1)} ms`);
