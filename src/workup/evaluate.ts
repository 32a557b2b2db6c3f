// Evaluation of the work-up itself on held-out data: the site calibration is refitted on each training
// part (k-fold cross-validation or one stratified split) and the work-up's probability of true
// progression is computed for the held-out rows exactly as `assess` would (combined model when all its
// markers are present, else the post-test probability of the best calibrated marker present, else the
// pre-test probability). It is compared with the criteria-only decision — at an uncertain time point
// the criteria treat the enlargement as progression until a confirming scan refutes it, unless the
// table says otherwise per row — by the categorical net reclassification improvement (Pencina et al.,
// Stat Med 2008;27:157–172), with its asymptotic SE.

import { proportion } from "../stats/accuracy/index.ts";
import { predictLogistic, seededRandom, stratifiedFolds } from "../stats/logistic/index.ts";
import { normalQuantile, twoSidedP } from "../stats/normal.ts";
import { type AucEstimate, type Direction, deLongAuc, type ThresholdRule } from "../stats/roc/index.ts";
import { postTestProbability } from "./bayes.ts";
import { type CalibrateInput, calibrate, type ReferenceRow } from "./calibrate.ts";
import type { CalibrationFile } from "./calibration-file.ts";

/** The work-up's probability of true progression for one set of marker values. */
export function workupProbability(
  cal: CalibrationFile,
  values: Record<string, number | null | undefined>,
  pretest = cal.prevalence.estimate!,
): { probability: number; source: "model" | "marker" | "pretest"; marker?: string } {
  const m = cal.model;
  if (m?.markers.every((id) => values[id] !== null && values[id] !== undefined))
    return {
      probability: predictLogistic(
        m,
        m.markers.map((id) => values[id] as number),
      ),
      source: "model",
    };
  const pre = Math.min(Math.max(pretest, 0.001), 0.999);
  // The best calibrated marker present, chosen by AUC alone (not by the value), so the probability is
  // monotone in every marker.
  const best = [...cal.markers]
    .filter((k) => values[k.id] !== null && values[k.id] !== undefined)
    .sort((a, b) => b.auc.estimate - a.auc.estimate)[0];
  if (!best) return { probability: pre, source: "pretest" };
  const v = values[best.id] as number;
  const tumour = best.direction === "higher" ? v >= best.threshold : v <= best.threshold;
  const lr = (tumour ? best.lrPositive : best.lrNegative).estimate ?? correctedLr(best, tumour);
  return { probability: postTestProbability(pre, lr), source: "marker", marker: best.id };
}

/** LR with 0.5 added to every cell, for a 2×2 with an empty cell (LR+ infinite, LR− 0). */
function correctedLr(m: CalibrationFile["markers"][number], tumour: boolean): number {
  const se = (m.tp + 0.5) / (m.positives + 1);
  const sp = (m.tn + 0.5) / (m.negatives + 1);
  return tumour ? se / (1 - sp) : (1 - se) / sp;
}

export interface NetReclassification {
  events: number;
  nonEvents: number;
  eventsUp: number;
  eventsDown: number;
  nonEventsUp: number;
  nonEventsDown: number;
  /** P(up | event) − P(down | event). */
  nriEvents: number;
  /** P(down | non-event) − P(up | non-event). */
  nriNonEvents: number;
  nri: number;
  se: number;
  lower: number;
  upper: number;
  p: number | null;
}

/** Categorical NRI of a new binary call against an old one (true = called progression). */
export function netReclassification(
  outcome: readonly boolean[],
  oldCall: readonly boolean[],
  newCall: readonly boolean[],
  level = 0.95,
): NetReclassification {
  let e = 0;
  let ne = 0;
  let eu = 0;
  let ed = 0;
  let nu = 0;
  let nd = 0;
  outcome.forEach((y, i) => {
    const up = newCall[i]! && !oldCall[i]!;
    const down = !newCall[i]! && oldCall[i]!;
    if (y) {
      e++;
      if (up) eu++;
      if (down) ed++;
    } else {
      ne++;
      if (up) nu++;
      if (down) nd++;
    }
  });
  if (e === 0 || ne === 0) throw new RangeError("NRI needs both outcomes among the held-out rows");
  const nriE = (eu - ed) / e;
  const nriN = (nd - nu) / ne;
  // Pencina 2008: var = (p_up + p_down − (p_up − p_down)²)/n per class, classes independent.
  const varE = (eu / e + ed / e - nriE ** 2) / e;
  const varN = (nu / ne + nd / ne - nriN ** 2) / ne;
  const se = Math.sqrt(varE + varN);
  const z = normalQuantile(1 - (1 - level) / 2);
  const nri = nriE + nriN;
  return {
    events: e,
    nonEvents: ne,
    eventsUp: eu,
    eventsDown: ed,
    nonEventsUp: nu,
    nonEventsDown: nd,
    nriEvents: nriE,
    nriNonEvents: nriN,
    nri,
    se,
    lower: nri - z * se,
    upper: nri + z * se,
    p: se > 0 ? twoSidedP(nri / se) : null,
  };
}

export interface EvaluationInput {
  rows: readonly ReferenceRow[];
  /** Criteria-only call per row (true = progression); default: all true (PD-P treated as progression). */
  criteriaCall?: readonly boolean[];
  markers: readonly { id: string; direction: Direction }[];
  modelMarkers?: readonly string[];
  rule: ThresholdRule;
  design: { kind: "cv"; folds: number } | { kind: "split"; testFraction: number };
  seed: number;
  /** The work-up calls progression when its probability is ≥ this. */
  riskThreshold: number;
}

export interface Evaluation {
  design: EvaluationInput["design"];
  seed: number;
  riskThreshold: number;
  heldOut: number;
  sources: Record<"model" | "marker" | "pretest", number>;
  auc: AucEstimate;
  workup: { sensitivity: ReturnType<typeof proportion>; specificity: ReturnType<typeof proportion> };
  criteria: { sensitivity: ReturnType<typeof proportion>; specificity: ReturnType<typeof proportion> };
  nri: NetReclassification;
  warnings: string[];
}

export function evaluateWorkup(input: EvaluationInput): Evaluation {
  const y = input.rows.map((r) => r.positive);
  const n = y.length;
  let parts: number[];
  let testParts: number[];
  if (input.design.kind === "cv") {
    parts = stratifiedFolds(y, input.design.folds, input.seed);
    testParts = Array.from({ length: input.design.folds }, (_, k) => k);
  } else {
    const f = input.design.testFraction;
    if (!(f > 0 && f < 1)) throw new RangeError(`test fraction must be in (0, 1), got ${f}`);
    // Per class, a seeded shuffle; the first round(f · class size) rows are held out (part 0).
    const rnd = seededRandom(input.seed);
    parts = new Array<number>(n).fill(1);
    for (const cls of [true, false]) {
      const idx = y.flatMap((v, i) => (v === cls ? [i] : []));
      for (let i = idx.length - 1; i > 0; i--) {
        const j = Math.floor(rnd() * (i + 1));
        [idx[i], idx[j]] = [idx[j]!, idx[i]!];
      }
      for (const i of idx.slice(0, Math.round(f * idx.length))) parts[i] = 0;
    }
    testParts = [0];
  }
  const prob = new Array<number>(n).fill(Number.NaN);
  const sources = { model: 0, marker: 0, pretest: 0 };
  const warnings = new Set<string>();
  for (const t of testParts) {
    const train = input.rows.filter((_, i) => parts[i] !== t);
    const cal = calibrate({
      rows: train,
      markers: input.markers,
      ...(input.modelMarkers ? { modelMarkers: input.modelMarkers } : {}),
      rule: input.rule,
      ciMethod: "wilson",
      folds: 5,
      seed: input.seed + t + 1,
      meta: {
        createdOn: "1970-01-01",
        software: "evaluation",
        source: "training part",
        reference: "outcome",
      },
    } satisfies CalibrateInput);
    for (const w of cal.warnings) warnings.add(`training part ${t + 1}: ${w}`);
    input.rows.forEach((r, i) => {
      if (parts[i] !== t) return;
      const p = workupProbability(cal, r.values);
      prob[i] = p.probability;
      sources[p.source]++;
    });
  }
  const held = prob.flatMap((p, i) => (Number.isNaN(p) ? [] : [i]));
  const yh = held.map((i) => y[i]!);
  const ph = held.map((i) => prob[i]!);
  const newCall = ph.map((p) => p >= input.riskThreshold);
  const oldCall = held.map((i) => input.criteriaCall?.[i] ?? true);
  const acc = (call: boolean[]) => {
    let tp = 0;
    let tn = 0;
    call.forEach((c, k) => {
      if (c && yh[k]) tp++;
      if (!c && !yh[k]) tn++;
    });
    const pos = yh.filter(Boolean).length;
    return {
      sensitivity: proportion(tp, pos, "wilson", 0.95, "no true progression held out"),
      specificity: proportion(tn, yh.length - pos, "wilson", 0.95, "no treatment effect held out"),
    };
  };
  return {
    design: input.design,
    seed: input.seed,
    riskThreshold: input.riskThreshold,
    heldOut: held.length,
    sources,
    auc: deLongAuc(ph, yh),
    workup: acc(newCall),
    criteria: acc(oldCall),
    nri: netReclassification(yh, oldCall, newCall),
    warnings: [...warnings],
  };
}
