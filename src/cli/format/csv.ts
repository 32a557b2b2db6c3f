// One row per time point; every quantity has its unit in a column of its own.
import type { Case, PatientResult } from "../../engine/index.ts";

export const CSV_COLUMNS = [
  "patient_id",
  "criteria",
  "date",
  "kind",
  "days_from_t0",
  "label",
  "final_label",
  "status",
  "reference_kind",
  "reference_date",
  "reference_value",
  "reference_unit",
  "change_pct",
  "enhancing_sum",
  "non_enhancing_sum",
  "sum_unit",
  "steroid_dex_eq_mg_per_day",
  "clinical_status",
  "rules",
  "explanation",
  "next_action",
] as const;

import { csvField } from "../../io/csv-write.ts";

export function csvHeader(): string {
  return `${CSV_COLUMNS.join(",")}\n`;
}

export function formatCsvRows(_c: Case, r: PatientResult): string {
  const day0 = Date.parse(r.t0);
  return r.timepoints
    .map((t) => {
      const sum = (comp: string) => t.components.find((x) => x.component === comp)?.sum ?? null;
      const unit = t.components[0]?.unit ?? "";
      const row = [
        r.patientId,
        r.criteria,
        t.date,
        t.kind,
        Math.round((Date.parse(t.date) - day0) / 86_400_000),
        t.label,
        t.finalLabel,
        t.status,
        t.reference?.kind,
        t.reference?.date,
        t.reference?.value,
        t.reference?.unit,
        t.changePct,
        sum("enhancing"),
        sum("non_enhancing"),
        unit,
        t.steroidDexEqMgPerDay,
        t.clinicalStatus,
        t.rules.join(";"),
        t.explanation,
        t.nextAction,
      ];
      return `${row.map(csvField).join(",")}\n`;
    })
    .join("");
}
