// CSF cytology and flow cytometry (LM-CSF-1…5): binarisation, conversion to positive (CSF-defined
// progression), clearance at every previously positive site (both sites when a ventricular access
// device is in place) and failure to clear after induction (refractory).
import type { CsfSample } from "../../model/lm.ts";

export type Binary = "NEG" | "POS" | null;

/** LM-CSF-1: negative and atypical → NEG; suspicious and positive → POS; not done / inadequate → unknown. */
export function binariseCytology(c: CsfSample["cytology"]): Binary {
  if (c === "negative" || c === "atypical") return "NEG";
  if (c === "suspicious" || c === "positive") return "POS";
  return null;
}

/** LM-CSF-4: flow cytometry counts for haematologic cancers only (false positives elsewhere). */
function binariseFlow(s: CsfSample, haematologic: boolean): Binary {
  if (!haematologic || !s.flowCytometry || s.flowCytometry === "not_done") return null;
  return s.flowCytometry === "positive" ? "POS" : "NEG";
}

export interface CsfState {
  /** Sites positive at baseline (cytology, or flow cytometry for haematologic cancers). */
  baselinePositive: Set<string>;
  /** Sites sampled at baseline (a ventricular sample implies a device: both sites then required). */
  baselineSites: Set<string>;
  lastKnown: Map<string, { cytology: Binary; flow: Binary }>;
  everCleared: boolean;
}

export interface CsfResult {
  status:
    | "negative"
    | "cleared"
    | "positive"
    | "converted"
    | "refractory_cytology"
    | "refractory_flow"
    | "not_sampled";
  rules: string[];
  text: string;
  /** LM-CSF-5 adequacy problems, one line each. */
  adequacy: string[];
}

export function initialCsfState(baseline: ReadonlyArray<CsfSample>, haematologic: boolean): CsfState {
  const baselinePositive = new Set<string>();
  const lastKnown = new Map<string, { cytology: Binary; flow: Binary }>();
  for (const s of baseline) {
    const cytology = binariseCytology(s.cytology);
    const flow = binariseFlow(s, haematologic);
    if (cytology === "POS" || flow === "POS") baselinePositive.add(s.site);
    lastKnown.set(s.site, { cytology, flow });
  }
  return {
    baselinePositive,
    baselineSites: new Set(baseline.map((s) => s.site)),
    lastKnown,
    everCleared: false,
  };
}

export function evaluateCsf(
  state: CsfState,
  samples: ReadonlyArray<CsfSample>,
  haematologic: boolean,
  afterInduction: boolean,
): CsfResult {
  if (samples.length === 0)
    return { status: "not_sampled", rules: [], text: "CSF not sampled", adequacy: [] };
  // LM-CSF-5: an inadequate sample gives no result for its site; < 10 mL makes a negative unreliable.
  const adequacy: string[] = [];
  for (const s of samples) {
    if (s.cytology === "inadequate")
      adequacy.push(`${s.site} sample inadequate: no CSF result for that site`);
    else if (s.volumeMl !== undefined && s.volumeMl < 10)
      adequacy.push(`${s.site} sample ${s.volumeMl} mL < 10 mL: a negative result may be falsely negative`);
  }
  const rules = adequacy.length > 0 ? ["LM-CSF-1", "LM-CSF-5"] : ["LM-CSF-1"];
  return { ...classify(state, samples, haematologic, afterInduction, rules), adequacy };
}

function classify(
  state: CsfState,
  samples: ReadonlyArray<CsfSample>,
  haematologic: boolean,
  afterInduction: boolean,
  rules: string[],
): Omit<CsfResult, "adequacy"> {
  const now = new Map<string, { cytology: Binary; flow: Binary }>();
  for (const s of samples) {
    const flow = binariseFlow(s, haematologic);
    now.set(s.site, { cytology: binariseCytology(s.cytology), flow });
  }
  // LM-CSF-3: conversion of a negative site to positive is CSF-defined progression.
  const converted = [...now].filter(([site, v]) => {
    const before = state.lastKnown.get(site);
    const wasNeg = before ? before.cytology === "NEG" && before.flow !== "POS" : false;
    return wasNeg && (v.cytology === "POS" || v.flow === "POS");
  });
  for (const [site, v] of now) {
    const prev = state.lastKnown.get(site) ?? { cytology: null, flow: null };
    state.lastKnown.set(site, { cytology: v.cytology ?? prev.cytology, flow: v.flow ?? prev.flow });
  }
  if (converted.length > 0) {
    return {
      status: "converted",
      rules: [...rules, "LM-CSF-3"],
      text: `CSF converted negative → positive (${converted.map(([s]) => s).join(", ")})`,
    };
  }
  const positiveNow = [...now].filter(([, v]) => v.cytology === "POS" || v.flow === "POS").map(([s]) => s);
  if (state.baselinePositive.size === 0) {
    return positiveNow.length === 0
      ? { status: "negative", rules, text: "CSF negative" }
      : { status: "positive", rules, text: `CSF positive (${positiveNow.join(", ")})` };
  }
  // LM-CSF-2: clearance needs every previously positive site negative, and both sites sampled when a
  // ventricular access device is in place.
  const required = new Set([
    ...state.baselinePositive,
    ...(state.baselineSites.has("ventricular") ? ["lumbar", "ventricular"] : []),
  ]);
  const missing = [...required].filter((s) => !now.has(s) || now.get(s)!.cytology === null);
  const allNeg =
    missing.length === 0 &&
    [...required].every((s) => now.get(s)!.cytology === "NEG" && now.get(s)!.flow !== "POS");
  if (allNeg) {
    state.everCleared = true;
    return {
      status: "cleared",
      rules: [...rules, "LM-CSF-2"],
      text: `CSF cleared at every previously positive site (${[...required].join(", ")})`,
    };
  }
  const flowPositive = haematologic && [...now.values()].some((v) => v.flow === "POS");
  if (afterInduction && !state.everCleared && positiveNow.length > 0) {
    if (flowPositive) {
      return {
        status: "refractory_flow",
        rules: [...rules, "LM-CSF-3", "LM-CSF-4"],
        text: "flow cytometry still positive after induction (refractory)",
      };
    }
    return {
      status: "refractory_cytology",
      rules: [...rules, "LM-CSF-3"],
      text: "cytology still positive after induction (refractory)",
    };
  }
  const why = missing.length > 0 ? ` (not sampled: ${missing.join(", ")}; both sites are needed)` : "";
  return {
    status: "positive",
    rules: missing.length > 0 ? [...rules, "LM-CSF-2"] : rules,
    text: `CSF not cleared${why}`,
  };
}
