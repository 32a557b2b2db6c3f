// The engine's assessment as the server sends it (GET /subjects/{id}/timeline, GET /reads/{id}/assessment):
// the OpenAPI contract declares `comparison` as an open object, so its shape is the engine's own result
// types, imported as types only (no engine code reaches the browser through this file).
import type {
  Comparison,
  ComparisonRow,
  CriteriaCell,
  CriteriaSummary,
} from "../../../src/engine/compare.ts";
import type {
  ComponentResult,
  Label,
  LabelStatus,
  PatientResult,
  ReferenceValue,
  TimepointResult,
} from "../../../src/engine/model/result.ts";

export type {
  Comparison,
  ComparisonRow,
  ComponentResult,
  CriteriaCell,
  CriteriaSummary,
  Label,
  LabelStatus,
  PatientResult,
  ReferenceValue,
  TimepointResult,
};

/** The comparison of a timeline answer, typed (null when the read has nothing assessable yet). */
export function asComparison(c: { [key: string]: unknown } | null | undefined): Comparison | null {
  if (!c || typeof c !== "object" || !("results" in c) || !("rows" in c)) return null;
  return c as unknown as Comparison;
}

/** Badge category and preliminary flag of an engine label: PD-P is PD, preliminary. */
export function badgeOf(label: Label | null): { category: string | null; preliminary: boolean } {
  if (label === "PD-P") return { category: "PD", preliminary: true };
  return { category: label, preliminary: false };
}

export const statusText: Record<LabelStatus, string> = {
  confirmed: "confirmed",
  unconfirmed: "not confirmed",
  awaiting_confirmation: "awaiting confirmation",
  immediate: "no confirmation needed",
  resolved: "resolved later",
  pending: "pending",
  none: "",
};

export const kindText: Record<TimepointResult["kind"], string> = {
  pre_baseline: "before baseline",
  baseline: "baseline",
  follow_up: "follow-up",
  clinical: "clinical event",
  missed: "missed scan",
  after_progression: "after progression",
};

export const referenceKindText: Record<ReferenceValue["kind"], string> = {
  baseline: "baseline",
  nadir: "nadir",
  anchor: "preliminary-progression scan",
};

const numberFormat = new Intl.NumberFormat("en", { maximumFractionDigits: 1 });

/** A number with its unit, e.g. "580 mm²". */
export function withUnit(value: number | null | undefined, unit: string): string {
  return value === null || value === undefined ? "—" : `${numberFormat.format(value)} ${unit}`;
}

/** A signed percentage with one decimal, e.g. "+17.9 %", "−75.0 %". */
export function pct(value: number | null | undefined): string {
  if (value === null || value === undefined) return "—";
  const s = Math.abs(value).toFixed(1);
  return value > 0 ? `+${s} %` : value < 0 ? `−${s} %` : "0.0 %";
}

/** "nadir 2024-03-29: 580 mm²" */
export function referenceText(r: ReferenceValue | null | undefined): string {
  if (!r) return "—";
  return `${referenceKindText[r.kind]} ${r.date}: ${withUnit(r.value, r.unit)}`;
}
