// Long-CSV columns for the pseudoprogression work-up: advanced imaging per lesion row of lesions.csv
// and molecular markers per row of patients.csv (docs/csv-format.md). Kept apart from csv-import.ts,
// which calls these two readers; each column maps to a case-document path so schema errors (an rCBV
// ratio typed as a percentage) are reported at the CSV cell.

/** The typed cell readers of csv-import (structural, so that class stays private). */
export interface CellReader {
  text(column: string): string | undefined;
  number(column: string): number | undefined;
  boolean(column: string): boolean | undefined;
}

/** Case-document path under the lesion (after `advancedImaging.`) → CSV column. */
export const ADVANCED_IMAGING_COLUMNS: ReadonlyArray<
  readonly [string, string, "number" | "boolean" | "text"]
> = [
  ["dsc.rcbvMaxRatio", "dsc_rcbv_max_ratio", "number"],
  ["dsc.rcbvMeanRatio", "dsc_rcbv_mean_ratio", "number"],
  ["dsc.leakageCorrection", "dsc_leakage_correction", "boolean"],
  ["dsc.preloadBolus", "dsc_preload_bolus", "boolean"],
  ["dce.ktransPerMin", "dce_ktrans_per_min", "number"],
  ["dce.vpFraction", "dce_vp_fraction", "number"],
  ["asl.cbfRatio", "asl_cbf_ratio", "number"],
  ["adc.minimumUm2PerS", "adc_min_um2_per_s", "number"],
  ["adc.meanUm2PerS", "adc_mean_um2_per_s", "number"],
  ["adc.ratio", "adc_ratio", "number"],
  ["adc.bValueSPerMm2", "adc_b_value_s_per_mm2", "number"],
  ["mrs.choNaaRatio", "mrs_cho_naa_ratio", "number"],
  ["mrs.choCrRatio", "mrs_cho_cr_ratio", "number"],
  ["mrs.lipidLactate", "mrs_lipid_lactate", "boolean"],
  ["mrs.echoTimeMs", "mrs_echo_time_ms", "number"],
  ["mrs.technique", "mrs_technique", "text"],
  ["pet.tracer", "pet_tracer", "text"],
  ["pet.tbrMax", "pet_tbr_max", "number"],
  ["pet.tbrMean", "pet_tbr_mean", "number"],
  ["pet.tacPattern", "pet_tac_pattern", "text"],
  ["note", "advanced_imaging_note", "text"],
];

export const MOLECULAR_COLUMNS = [
  ["mgmt", "mgmt_status"],
  ["idh", "idh_status"],
] as const;

/** The lesion's `advancedImaging` object from its row, or undefined when no column is filled. */
export function advancedImagingFromRow(c: CellReader): Record<string, unknown> | undefined {
  const out: Record<string, Record<string, unknown> | unknown> = {};
  let any = false;
  for (const [path, column, kind] of ADVANCED_IMAGING_COLUMNS) {
    const v = kind === "number" ? c.number(column) : kind === "boolean" ? c.boolean(column) : c.text(column);
    if (v === undefined) continue;
    any = true;
    const [group, field] = path.includes(".") ? path.split(".") : [undefined, path];
    if (group === undefined) out[field!] = v;
    else {
      const g = (out[group] ?? {}) as Record<string, unknown>;
      g[field!] = v;
      out[group] = g;
    }
  }
  return any ? out : undefined;
}

export function molecularFromRow(c: CellReader): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const [field, column] of MOLECULAR_COLUMNS) {
    const v = c.text(column);
    if (v !== undefined) out[field] = v;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
