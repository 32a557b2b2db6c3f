// Use case: CDISC SDTM TU/TR/RS and ADaM-style ADRS/ADTTE for assessed cases, one evaluator
// (src/io/sdtm.ts does the mapping; bicr-sdtm.ts is the multi-reader variant of a study). Cases are
// added one at a time, each assessed under its criteria set; the datasets grow in input order.
// `ranokit sdtm` is the command-line adapter (it writes the CSV files).
import type { Case, CriteriaModule } from "../engine/index.ts";
import { type SdtmDatasets, type SdtmOptions, toSdtm } from "../io/sdtm.ts";

export class SdtmCollector {
  readonly datasets: SdtmDatasets = { TU: [], TR: [], RS: [], ADRS: [], ADTTE: [] };
  constructor(readonly options: SdtmOptions) {}

  /** The records of one case under a criteria set (throws if the criteria set fails on it). */
  records(c: Case, criteria: CriteriaModule): SdtmDatasets {
    return toSdtm(c, criteria.assess(c), this.options);
  }

  add(d: SdtmDatasets): void {
    for (const k of Object.keys(this.datasets) as Array<keyof SdtmDatasets>) this.datasets[k].push(...d[k]);
  }

  /** Records per dataset, e.g. "TU 12, TR 30, RS 6, ADRS 2, ADTTE 4". */
  counts(): string {
    return Object.entries(this.datasets)
      .map(([k, v]) => `${k} ${v.length}`)
      .join(", ");
  }
}
