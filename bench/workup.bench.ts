// `npm run bench:workup`: (1) `calibrate` on 10,000 synthetic lesions × 6 markers with the nested
// 5-fold cross-validation of the model; (2) the share the pseudoprogression work-up adds to assessing a
// cohort: every follow-up lesion of every case carries advanced imaging (the worst case), assessed with
// RANO 2.0 with and without the work-up (work-up computation + its text). One process.
import { cpus } from "node:os";
import { formatTable } from "../src/cli/format/table.ts";
import { formatWorkup } from "../src/cli/format/workup.ts";
import { getCriteria, parseCase } from "../src/engine/index.ts";
import { calibrate, type ReferenceRow } from "../src/workup/calibrate.ts";
import { parseCalibration } from "../src/workup/calibration-file.ts";
import { markerDef } from "../src/workup/markers.ts";
import { workupForCase } from "../src/workup/workup.ts";
import { syntheticCases } from "./synthetic-cohort.ts";
import { SYNTHETIC_MARKERS, syntheticReference } from "./synthetic-reference.ts";

const CALIBRATE_LIMIT_MS = 30_000;
const skipCalibrate = process.argv.includes("--skip-calibrate");
const ASSESS_SHARE_LIMIT = 0.1;

// (1) calibration
// --skip-calibrate: a 1,000-row calibration only to drive part (2) quickly.
const t0 = syntheticReference({ rows: skipCalibrate ? 1_000 : 10_000, seed: 10_000 });
const rows: ReferenceRow[] = t0.rows.map((r) => ({
  positive: r[1] === "tumour",
  values: Object.fromEntries(SYNTHETIC_MARKERS.map((id, k) => [id, Number(r[k + 2])])),
}));
const markers = SYNTHETIC_MARKERS.map((id) => ({ id, direction: markerDef(id)!.direction }));
const input = {
  rows,
  markers,
  rule: { kind: "youden" as const },
  ciMethod: "clopper-pearson" as const,
  folds: 5,
  seed: 1,
  meta: { createdOn: "2026-12-01", software: "bench", source: "synthetic", reference: "outcome" },
};
const t = performance.now();
const cal = calibrate(input);
const calibrateMs = performance.now() - t;
const parsed = parseCalibration(JSON.parse(JSON.stringify(cal)));
if (!parsed.ok) throw new Error(parsed.errors.join("; "));

// (2) `assess` on a cohort as the command does it (schema validation, RANO 2.0, table text) and the
// work-up (blocks + their text) timed within the same pass; medians of 5 passes.
const patients = 2_000;
const docs: unknown[] = [...syntheticCases(patients, 10, 11)].map((line, k) => {
  const doc = JSON.parse(line);
  doc.patient.molecular = { mgmt: k % 2 ? "methylated" : "unmethylated", idh: "wildtype" };
  doc.assessments.forEach((a: { lesions?: { advancedImaging?: object }[] }, i: number) => {
    if (i === 0) return;
    for (const l of a.lesions ?? [])
      l.advancedImaging = {
        dsc: {
          rcbvMaxRatio: 1 + ((k + i) % 30) / 10,
          rcbvMeanRatio: 0.6 + ((k * i) % 20) / 10,
          leakageCorrection: true,
          preloadBolus: true,
        },
        adc: { minimumUm2PerS: 800 + ((k + 3 * i) % 60) * 10 },
        mrs: { choNaaRatio: 1 + (i % 15) / 10 },
      };
  });
  return doc;
});
const rano2 = getCriteria("rano2");
let blocks = 0;
let chars = 0;
/** One pass over the cohort; returns [time without the work-up, time of the work-up] in ms. The
 * work-up is timed inside the same pass, so machine load hits both parts alike. */
const run = (): [number, number] => {
  blocks = 0;
  chars = 0;
  let workupMs = 0;
  const start = performance.now();
  for (const doc of docs) {
    const p = parseCase(doc);
    if (!p.ok) throw new Error(JSON.stringify(p.errors[0]));
    const r = rano2.assess(p.value);
    chars += formatTable(p.value, r).length;
    const w = performance.now();
    const b = workupForCase(p.value, [r], { calibration: parsed.value });
    blocks += b.length;
    chars += formatWorkup(b).length;
    workupMs += performance.now() - w;
  }
  return [performance.now() - start - workupMs, workupMs];
};
run(); // warm-up
const rounds = Array.from({ length: 5 }, run);
const median = (x: number[]) => [...x].sort((a, b) => a - b)[Math.floor(x.length / 2)]!;
const assessMs = median(rounds.map((r) => r[0]));
const workupOnlyMs = median(rounds.map((r) => r[1]));
const share = median(rounds.map((r) => r[1] / r[0]));

console.log(`RANOkit work-up benchmark — Node ${process.version}, ${cpus().length} cores`);
console.log("");
console.log("| measurement | value | limit | ratio to limit |");
console.log("|---|---:|---:|---:|");
console.log(
  `| calibrate ${rows.length.toLocaleString("en-US")} lesions × 6 markers (6 ROC thresholds, ridge model, λ by 5-fold CV, nested 5-fold CV AUC) | ${calibrateMs.toFixed(0)} ms | ${CALIBRATE_LIMIT_MS} ms | ${(calibrateMs / CALIBRATE_LIMIT_MS).toFixed(2)} |`,
);
console.log(
  `| assess ${patients.toLocaleString("en-US")} patients × 10 time points (validate, RANO 2.0, table text; median of 5) | ${assessMs.toFixed(0)} ms | | |`,
);
console.log(
  `| work-up alone (${blocks.toLocaleString("en-US")} blocks and their text; ${chars.toLocaleString("en-US")} characters of output in all) | ${workupOnlyMs.toFixed(0)} ms | | |`,
);
console.log(
  `| work-up share of assess time | ${(share * 100).toFixed(1)} % | ${ASSESS_SHARE_LIMIT * 100} % | ${(share / ASSESS_SHARE_LIMIT).toFixed(2)} |`,
);
console.log("");
console.log(
  `model: ${cal.model?.markers.length} markers, λ ${cal.model?.lambda}, cross-validated AUC ${cal.model?.crossValidated.auc.toFixed(3)}, apparent ${cal.model?.apparentAuc.toFixed(3)}`,
);
