// Explanation templates. Every sentence the time line prints is rendered here from the decision: the
// criteria set, the measure and its unit, the thresholds of the deciding profile and method, the
// reference (kind, date, value) and the change. No criteria-specific number is written in a literal;
// docs/criteria/*.md list each template.
import type { Component, ComponentResult, Decision, ReferenceValue } from "../../model/result.ts";
import { displayPercentChange, formatPercent } from "../exact.ts";
import { ugToMg } from "../steroids.ts";
import type { SumMethod } from "../sum-track.ts";
import type { Thresholds } from "./component.ts";

/** Everything a template needs besides the numbers of the time point; one per walk and method. */
export interface Wording {
  criteria: string;
  method: SumMethod;
  measure: Decision["measure"];
  unit: Decision["unit"];
  thresholds: Thresholds;
  /** RANO-BM-PD-2, mm. */
  absoluteMm: number | null;
  /** Signed thresholds (+PD, −PR, −MR) a displayed change must never be rounded onto. */
  displayThresholds: number[];
  /** Whether MR applies (a measured non-enhancing component, RANO-LGG). */
  minorResponse: boolean;
  anchorName: string;
  /** What CR needs to have disappeared: "all enhancing disease", … */
  crDisease: string;
  /** What CR allows of steroids, with the dose. */
  crSteroids: string;
  /** Physiologic replacement ceiling in µg/day dex-eq (0 where CR allows none). */
  physiologicUg: number;
  /** The thresholds as the decision record carries them (one shared object per walk and method). */
  decisionThresholds: Decision["thresholds"];
  /** Per walk: reference values shared by the rows that use them, and their rendered text (the same
   * baseline or nadir is quoted on many rows). */
  cache: {
    baseline: Map<number, ReferenceValue>;
    nadir: Map<number, ReferenceValue>;
    text: Map<ReferenceValue, string>;
  };
}

export const MEASURE: Record<SumMethod, Decision["measure"]> = {
  bidimensional: "sum of products",
  volumetric: "volume",
  unidimensional: "sum of longest diameters",
};

export function componentName(c: Component): string {
  return c === "enhancing" ? "enhancing" : "non-enhancing";
}

/** A display value in mm / mm² / mm³ with at most three decimals. */
export function num(v: number): string {
  if (Number.isInteger(v)) return String(v);
  const n = Math.round(v * 1000);
  // Below 2^40 thousandths the doubles near n/1000 are < 0.0005 apart, so the shortest round-trip text
  // of n/1000 (what String gives) is the exact decimal with trailing zeros dropped: build it from integers
  // instead of running the double-to-shortest conversion on every explained value.
  if (!(Math.abs(n) < 2 ** 40) || n === 0) return String(n / 1000);
  const abs = n < 0 ? -n : n;
  const whole = Math.floor(abs / 1000);
  let frac = abs - whole * 1000;
  let digits = 3;
  while (frac % 10 === 0 && digits > 0) {
    frac /= 10;
    digits--;
  }
  const sign = n < 0 ? "-" : "";
  if (digits === 0) return `${sign}${whole}`;
  const f = String(frac);
  return `${sign}${whole}.${f.length === digits ? f : "0".repeat(digits - f.length) + f}`;
}

export const pct = formatPercent;

/** Boundary-safe displayed change of `value` vs `reference` (both in engine integer units). */
export function change(w: Wording, value: number, reference: number): number | null {
  return displayPercentChange(value, reference, w.displayThresholds);
}

export function referenceName(w: Wording, kind: ReferenceValue["kind"]): string {
  return kind === "anchor" ? w.anchorName : kind;
}

/** "nadir 2024-03-01 (120 mm²)". */
export function referenceText(w: Wording, ref: ReferenceValue): string {
  const hit = w.cache.text.get(ref);
  if (hit !== undefined) return hit;
  const text = `${referenceName(w, ref.kind)} ${ref.date} (${num(ref.value)} ${ref.unit})`;
  w.cache.text.set(ref, text);
  return text;
}

/** "+12.5% vs nadir 2024-03-01 (120 mm²)", or the reference alone when it is 0. */
export function versus(w: Wording, p: number | null, ref: ReferenceValue): string {
  return p === null ? `vs ${referenceText(w, ref)}` : `${pct(p)} vs ${referenceText(w, ref)}`;
}

/** "enhancing sum of products 80 mm², +12.5% vs nadir … (120 mm²)" for the given references. */
export function componentChange(
  w: Wording,
  c: ComponentResult,
  refs: ReadonlyArray<"baseline" | "nadir">,
): string {
  let out = `${componentName(c.component)} ${w.measure} ${c.sum === null ? "not complete" : `${num(c.sum)} ${c.unit}`}`;
  if (c.sum === null) return out;
  for (const k of refs) {
    const ref = k === "baseline" ? c.baseline : c.nadir;
    if (ref) out += `, ${versus(w, k === "baseline" ? c.changeFromBaselinePct : c.changeFromNadirPct, ref)}`;
  }
  return out;
}

/** The components in the order shown: the deciding one first, then the other measured ones. */
export function shownComponents(
  list: ReadonlyArray<ComponentResult>,
  deciding: Component | null,
  measured: ReadonlySet<Component>,
): ComponentResult[] {
  if (list.length === 1) {
    const only = list[0]!;
    return measured.has(only.component) || only.component === deciding ? [only] : [];
  }
  const own = list.filter((x) => measured.has(x.component) || x.component === deciding);
  return [...own.filter((x) => x.component === deciding), ...own.filter((x) => x.component !== deciding)];
}

export function changes(
  w: Wording,
  list: ReadonlyArray<ComponentResult>,
  refs: ReadonlyArray<"baseline" | "nadir">,
): string {
  if (list.length === 1) return componentChange(w, list[0]!, refs);
  let out = "";
  for (const c of list) out += out === "" ? componentChange(w, c, refs) : `; ${componentChange(w, c, refs)}`;
  return out;
}

// ------------------------------------------------------------------------------ category templates

export const text = {
  pr: (w: Wording, parts: string) =>
    `≥ ${w.thresholds.pr}% decrease of the ${w.measure} from baseline: ${parts}`,
  mr: (w: Wording, parts: string) =>
    `minor response, a decrease of the ${w.measure} from baseline of ≥ ${w.thresholds.mr}% but < ${w.thresholds.pr}%: ${parts}`,
  sd: (w: Wording, parts: string) =>
    `neither ≥ ${w.thresholds.pr}% decrease from baseline${w.minorResponse && w.thresholds.mr !== null ? ` (nor ≥ ${w.thresholds.mr}% for a minor response)` : ""} nor ≥ ${w.thresholds.pd}% increase over the nadir: ${parts}`,
  sdAbsolute: (w: Wording, parts: string) =>
    `${w.measure} ≥ ${w.thresholds.pd}% over the nadir, but no target grew ≥ ${w.absoluteMm} mm over its nadir-scan value (BM-PD-2), so not progression: ${parts}`,
  sdNonMeasurable: () => "no measurable disease at baseline: stable disease at best",
  cr: (w: Wording, extra: string) =>
    `complete disappearance of ${w.crDisease}, no new lesions, ${w.crSteroids}${extra}`,
  crSteroidsTooHigh: (w: Wording, doseUg: number) =>
    `${w.crDisease} gone, but steroids ${ugToMg(doseUg)} mg/day exceed ${w.physiologicUg > 0 ? `physiologic replacement (${ugToMg(w.physiologicUg)} mg/day dexamethasone-equivalent)` : `0 mg/day (${w.criteria} CR needs no corticosteroids)`}: PR, not CR`,
  nonTargetGrew: (category: string, parts: string) =>
    `targets meet ${category} (${parts}), but a non-target lesion grew: SD`,
  flairOtherCause: (category: string) =>
    `enhancing disease meets ${category}, but T2/FLAIR is worse (attributed to another cause): SD`,
};

/** CR under steroids: the steroid phrase for the profile. */
export function crSteroidPhrase(criteria: string, physiologicUg: number): string {
  return physiologicUg > 0
    ? `steroids ≤ physiologic replacement (${ugToMg(physiologicUg)} mg/day dexamethasone-equivalent)`
    : `no corticosteroids (${criteria})`;
}

/** What CR requires to have disappeared, from the components assessed. */
export function crDiseasePhrase(components: ReadonlyArray<Component>, t2FlairMeasured: boolean): string {
  if (t2FlairMeasured) return "all T2/FLAIR and enhancing disease";
  return components.includes("non_enhancing")
    ? "all enhancing and non-enhancing disease"
    : "all enhancing disease";
}

/** Growth of a component over its nadir (the PD trigger text). */
export function growthText(
  w: Wording,
  component: Component,
  sum: number,
  complete: boolean,
  nadir: ReferenceValue,
  p: number | null,
  grewId: string | null,
  grewMm: number | null,
): string {
  const head = `${componentName(component)} ${w.measure} ${complete ? "" : "of the measured lesions alone "}${num(sum)} ${w.unit}, ${versus(w, p, nadir)}: ≥ ${w.thresholds.pd}% increase`;
  return grewId !== null && w.absoluteMm !== null
    ? `${head}, and lesion ${grewId} grew ${num(grewMm ?? 0)} mm over its nadir-scan value (≥ ${w.absoluteMm} mm)`
    : head;
}
