// Human wording shared by the output formats.

import { daysBetween } from "../../engine/core/dates.ts";
import { formatPercent } from "../../engine/core/exact.ts";
import type { Case, PatientResult, TimepointResult } from "../../engine/index.ts";

export const TUMOR_TYPE_NAMES: Record<Case["patient"]["tumorType"], string> = {
  glioblastoma_idh_wildtype: "glioblastoma, IDH-wildtype",
  astrocytoma_idh_mutant: "astrocytoma, IDH-mutant",
  oligodendroglioma: "oligodendroglioma",
  other_glioma: "glioma (other)",
  brain_metastasis: "brain metastases",
  leptomeningeal_metastasis: "leptomeningeal metastases",
};

export function categoryText(t: TimepointResult): string {
  if (t.kind === "baseline") return "baseline";
  if (t.kind === "pre_baseline") return "(pre-baseline)";
  if (t.kind === "after_progression") return "(after PD)";
  if (t.kind === "missed") return "NE (missed)";
  if (t.label === null) return t.kind === "clinical" ? "(event)" : "—";
  const changed = t.finalLabel !== null && t.finalLabel !== t.label;
  const base = changed ? `${t.label} → ${t.finalLabel}` : t.label;
  const status: Partial<Record<TimepointResult["status"], string>> = {
    confirmed: "confirmed",
    unconfirmed: "unconfirmed",
    awaiting_confirmation: "awaiting",
    pending: "pending",
  };
  const s = status[t.status];
  return s && !changed ? `${base} (${s})` : base;
}

/** "RT+28" (days after the end of radiotherapy, newly diagnosed) or "T0+56". */
export function dayText(c: Case, r: PatientResult, date: string): string {
  const rt = c.treatments
    .filter((t) => t.type === "radiotherapy")
    .map((t) => ("end" in t ? t.end : undefined))[0];
  if (c.patient.setting === "newly_diagnosed" && rt) return `RT${signed(daysBetween(rt, date))}`;
  return `T0${signed(daysBetween(r.t0, date))}`;
}

function signed(n: number): string {
  return n >= 0 ? `+${n}` : `${n}`;
}

export function pct(p: number | null): string {
  if (p === null) return "";
  return formatPercent(p);
}

export function referenceText(t: TimepointResult): string {
  const ref = t.reference;
  if (!ref) {
    const sums = t.components.filter((x) => x.sum !== null && x.category === "NA");
    return t.kind === "baseline" && sums.length > 0
      ? `sum ${sums.map((x) => `${formatNumber(x.sum!)} ${x.unit}`).join(" + ")}`
      : "";
  }
  return `${ref.kind} ${ref.date} ${formatNumber(ref.value)} ${ref.unit}`;
}

export function formatNumber(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(2).replace(/0+$/, "").replace(/\.$/, "");
}
