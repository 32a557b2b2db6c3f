// Building the displayed results of a time point: component sums, references and percentages, in
// the display units (mm², mm³, mm), computed after classification (MEAS-4), and the decision record the
// explanation is rendered from.
import type { Component, ComponentResult, Decision, ReferenceValue } from "../../model/result.ts";
import { displayPercentChange } from "../exact.ts";
import type { ScanLesions, SumMethod } from "../sum-track.ts";
import type { ComponentEvaluation } from "./component.ts";
import type { Wording } from "./explain.ts";
import { toDisplay, unitOf } from "./units.ts";

export { formatPercent as formatPct } from "../exact.ts";
export { toDisplay, unitOf };

/**
 * The component that decides the category: the progressing one first; else a measured component (one
 * holding targets) in the combined category; else the first measured one. A component without targets
 * (e.g. the enhancing component RANO-LGG only watches) never supplies the reference of a response.
 */
export function decidingComponent(
  results: ReadonlyArray<ComponentResult>,
  combined: string,
  measured: ReadonlySet<Component>,
): ComponentResult | null {
  let first: ComponentResult | null = null;
  let same: ComponentResult | null = null;
  for (const x of results) {
    if (x.category === "PD") return x;
    if (x.category === "NA" || !measured.has(x.component)) continue;
    if (first === null) first = x;
    if (same === null && x.category === combined) same = x;
  }
  return same ?? first;
}

/** The reference that decides: the nadir for PD / SD / NE, the baseline for a response. */
export function decisiveReference(
  pick: ComponentResult | null,
): { reference: ReferenceValue; change: number | null } | null {
  if (!pick) return null;
  if (pick.category === "PD" || pick.category === "SD" || pick.category === "NE") {
    return pick.nadir ? { reference: pick.nadir, change: pick.changeFromNadirPct } : null;
  }
  return pick.baseline ? { reference: pick.baseline, change: pick.changeFromBaselinePct } : null;
}

export function decisionRecord(
  w: Wording,
  deciding: ComponentResult | null,
  reference: ReferenceValue | null,
  changePct: number | null,
): Decision {
  return {
    criteria: w.criteria,
    method: w.method,
    measure: w.measure,
    unit: w.unit,
    thresholds: w.decisionThresholds,
    deciding: deciding?.component ?? null,
    reference,
    changePct,
  };
}

export function toComponentResult(
  ev: ComponentEvaluation,
  scans: ReadonlyArray<ScanLesions>,
  baselineDate: string,
  w: Wording,
  other: Wording | null,
): ComponentResult {
  const result = componentResult(
    ev.component,
    ev.method,
    ev.category,
    ev.sum.complete ? ev.sum.value : null,
    ev.baselineSum,
    ev.nadir ? { value: ev.nadir.value, date: scans[ev.nadir.pos]!.date } : null,
    baselineDate,
    w.displayThresholds,
    references(w, ev, scans, baselineDate),
  );
  if (ev.exploratory && other) {
    const x = ev.exploratory;
    result.exploratory = componentResult(
      x.component,
      x.method,
      x.category,
      x.sum.complete ? x.sum.value : null,
      x.baselineSum,
      x.nadir ? { value: x.nadir.value, date: scans[x.nadir.pos]!.date } : null,
      baselineDate,
      other.displayThresholds,
    );
  }
  return result;
}

/** The baseline and nadir reference values of a component, shared between the rows that quote them. */
function references(
  w: Wording,
  ev: ComponentEvaluation,
  scans: ReadonlyArray<ScanLesions>,
  baselineDate: string,
): { baseline: ReferenceValue; nadir: ReferenceValue | null } {
  let baseline = w.cache.baseline.get(ev.baselineSum);
  if (baseline === undefined) {
    baseline = {
      kind: "baseline",
      date: baselineDate,
      value: toDisplay(ev.baselineSum, ev.method),
      unit: w.unit,
    };
    w.cache.baseline.set(ev.baselineSum, baseline);
  }
  let nadir: ReferenceValue | null = null;
  if (ev.nadir) {
    const key = ev.nadir.pos * 2 + (ev.component === "enhancing" ? 0 : 1);
    const value = toDisplay(ev.nadir.value, ev.method);
    nadir = w.cache.nadir.get(key) ?? null;
    if (nadir === null || nadir.value !== value) {
      nadir = { kind: "nadir", date: scans[ev.nadir.pos]!.date, value, unit: w.unit };
      w.cache.nadir.set(key, nadir);
    }
  }
  return { baseline, nadir };
}

/** A component's displayed result. A change is shown only with a (complete) sum: an incomplete sum
 * is a lower bound, and a percentage of it would be a number nobody measured. */
export function componentResult(
  component: Component,
  method: SumMethod,
  category: ComponentResult["category"],
  sum: number | null,
  baselineSum: number | null,
  nadir: { value: number; date: string } | null,
  baselineDate: string,
  thresholds: ReadonlyArray<number> = [],
  shared: { baseline: ReferenceValue; nadir: ReferenceValue | null } | null = null,
): ComponentResult {
  const unit = unitOf(method);
  return {
    component,
    method,
    category,
    sum: sum === null ? null : toDisplay(sum, method),
    unit,
    baseline:
      shared?.baseline ??
      (baselineSum === null
        ? null
        : { kind: "baseline", date: baselineDate, value: toDisplay(baselineSum, method), unit }),
    nadir: shared
      ? shared.nadir
      : nadir
        ? { kind: "nadir", date: nadir.date, value: toDisplay(nadir.value, method), unit }
        : null,
    changeFromBaselinePct:
      sum === null || baselineSum === null ? null : displayPercentChange(sum, baselineSum, thresholds),
    changeFromNadirPct:
      sum === null || nadir === null ? null : displayPercentChange(sum, nadir.value, thresholds),
  };
}
