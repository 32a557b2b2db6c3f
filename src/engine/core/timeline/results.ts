// Building the displayed results of a time point: component sums, references and percentages, in
// the display units (mm², mm³, mm), computed after classification (MEAS-4).
import type { Component, ComponentResult, ReferenceValue } from "../../model/result.ts";
import { displayPercentChange, milliToMm3, um2ToMm2 } from "../exact.ts";
import type { ScanLesions, SumMethod } from "../sum-track.ts";
import type { ComponentEvaluation } from "./component.ts";

/** The reference that decides the category: the PD component first, else the first assessed one. */
export function decisiveReference(
  results: ReadonlyArray<ComponentResult>,
  combined: string,
): { reference: ReferenceValue; change: number | null } | null {
  const list = results.filter((x) => x.category !== "NA");
  const pick = list.find((x) => x.category === "PD") ?? list.find((x) => x.category === combined) ?? list[0];
  if (!pick) return null;
  if (pick.category === "PD" || pick.category === "SD" || pick.category === "NE") {
    return pick.nadir ? { reference: pick.nadir, change: pick.changeFromNadirPct } : null;
  }
  return pick.baseline ? { reference: pick.baseline, change: pick.changeFromBaselinePct } : null;
}

export function toComponentResult(
  ev: ComponentEvaluation,
  scans: ReadonlyArray<ScanLesions>,
  baselineDate: string,
): ComponentResult {
  const result = componentResult(
    ev.component,
    ev.method,
    ev.category,
    ev.sum.complete ? ev.sum.value : null,
    ev.baselineSum,
    ev.nadir ? { value: ev.nadir.value, date: scans[ev.nadir.pos]!.date } : null,
    baselineDate,
    ev.sum.value,
  );
  if (ev.exploratory) {
    const x = ev.exploratory;
    result.exploratory = componentResult(
      x.component,
      x.method,
      x.category,
      x.sum.complete ? x.sum.value : null,
      x.baselineSum,
      x.nadir ? { value: x.nadir.value, date: scans[x.nadir.pos]!.date } : null,
      baselineDate,
      x.sum.value,
    );
  }
  return result;
}

export function componentResult(
  component: Component,
  method: SumMethod,
  category: ComponentResult["category"],
  sum: number | null,
  baselineSum: number | null,
  nadir: { value: number; date: string } | null,
  baselineDate: string,
  rawSum?: number,
): ComponentResult {
  const unit = unitOf(method);
  const s = rawSum ?? sum;
  return {
    component,
    method,
    category,
    sum: sum === null ? null : toDisplay(sum, method),
    unit,
    baseline:
      baselineSum === null
        ? null
        : { kind: "baseline", date: baselineDate, value: toDisplay(baselineSum, method), unit },
    nadir: nadir ? { kind: "nadir", date: nadir.date, value: toDisplay(nadir.value, method), unit } : null,
    changeFromBaselinePct:
      s === null || s === undefined || baselineSum === null ? null : displayPercentChange(s, baselineSum),
    changeFromNadirPct:
      s === null || s === undefined || nadir === null ? null : displayPercentChange(s, nadir.value),
  };
}

export function unitOf(method: SumMethod): "mm²" | "mm³" | "mm" {
  return method === "volumetric" ? "mm³" : method === "unidimensional" ? "mm" : "mm²";
}
export function toDisplay(v: number, method: SumMethod): number {
  return method === "volumetric" ? milliToMm3(v) : method === "unidimensional" ? v / 1000 : um2ToMm2(v);
}
export function formatPct(p: number): string {
  return `${p > 0 ? "+" : ""}${p.toFixed(1)}%`;
}
