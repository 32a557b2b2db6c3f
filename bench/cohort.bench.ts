// `npm run bench:cohort [-- --patients N]`: a mixed cohort (gliomas, grade-2 gliomas, immunotherapy,
// brain metastases) through every criteria set that applies to each case, plus the cohort endpoints,
// compared with the time to merely parse the same input.
import { cpus } from "node:os";
import { disagreementRates, summariseCohort } from "../src/endpoints/cohort.ts";
import { type Case, criteriaRegistry, type PatientResult, parseCase } from "../src/engine/index.ts";
import { syntheticCases } from "./synthetic-cohort.ts";

const i = process.argv.indexOf("--patients");
const patients = i >= 0 ? Number(process.argv[i + 1]) : 10_000;
const timepoints = 10;
const lines = [...syntheticCases(patients, timepoints, 7, true)];
const modules = [...criteriaRegistry.values()].filter((m) => m.id !== "rano-lm");

const parseAll = (): Case[] =>
  lines.map((line) => {
    const r = parseCase(JSON.parse(line));
    if (!r.ok) throw new Error(`synthetic case invalid: ${JSON.stringify(r.errors[0])}`);
    return r.value;
  });
parseAll(); // warm-up
let t = performance.now();
const cases = parseAll();
const parseMs = performance.now() - t;

const run = () => {
  const byCriteria = new Map<string, Map<number, PatientResult>>();
  let assessments = 0;
  for (const m of modules) {
    const results = new Map<number, PatientResult>();
    cases.forEach((c, k) => {
      if (m.appliesTo ? m.appliesTo(c) : m.tumorTypes.includes(c.patient.tumorType)) {
        results.set(k, m.assess(c));
        assessments++;
      }
    });
    byCriteria.set(m.id, results);
  }
  const summaries = modules.map((m) => summariseCohort([...byCriteria.get(m.id)!.values()]));
  const disagreements = disagreementRates(byCriteria);
  return { assessments, summaries, disagreements };
};
run(); // warm-up
t = performance.now();
const { assessments, summaries, disagreements } = run();
const assessMs = performance.now() - t;

console.log(
  `RANOkit cohort benchmark — ${patients.toLocaleString("en-US")} patients × ${timepoints} time points, ${modules.length} criteria sets, Node ${process.version}, ${cpus().length} cores`,
);
console.log("");
console.log("| phase | time (ms) |");
console.log("|---|---:|");
console.log(`| parse (JSON.parse + schema validation, once) | ${parseMs.toFixed(0)} |`);
console.log(
  `| ${assessments.toLocaleString("en-US")} patient assessments (every applicable criteria set) + endpoints (ORR/DCR CIs, KM PFS/DOR, ${disagreements.length} disagreement pairs) | ${assessMs.toFixed(0)} |`,
);
console.log("");
console.log(
  `all criteria + endpoints / parse = ${(assessMs / parseMs).toFixed(2)}; per criteria-assessment / parse-per-case = ${(assessMs / assessments / (parseMs / patients)).toFixed(2)}`,
);
for (const s of summaries)
  console.log(
    `  ${s.criteria}: n = ${s.n}, ORR ${(100 * (s.orr.estimate ?? 0)).toFixed(1)}%, median PFS ${s.pfs.median ?? "NR"} days`,
  );
