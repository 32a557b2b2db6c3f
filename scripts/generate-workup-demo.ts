// Writes the demo site reference table for the pseudoprogression work-up (docs/pseudoprogression.md):
//   node --import tsx scripts/generate-workup-demo.ts > examples/workup/site-reference.csv
// 240 synthetic lesions, 60% true progression (the review's meta-analysis mean tumour prevalence,
// Thust et al. 2018 ref 39), DCE missing in 40%, MRS in 50%, PET in 70% of rows.
import { syntheticReference, toCsv } from "../bench/synthetic-reference.ts";

process.stdout.write(
  toCsv(
    syntheticReference({ rows: 240, seed: 2018, prevalence: 0.6, missing: { dce: 0.4, mrs: 0.5, pet: 0.7 } }),
  ),
);
