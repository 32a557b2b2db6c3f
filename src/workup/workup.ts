// The advisory pseudoprogression work-up of one case: at every time point that is PD-P or IND, that
// shows progression within the pseudoprogression window after radiotherapy, or that has a new enhancing
// lesion after radiotherapy, each available advanced-imaging marker against its threshold, the post-test
// probability of true progression, the combined model where all its markers are present, and the
// clinical context Thust, van den Bent & Smits (JMRI 2018) name. Pure: reads the case and the engine's
// results, never changes a category or a date — the criteria are conventional-MRI based.
import { addDays, daysBetween } from "../engine/core/dates.ts";
import type { AdvancedImaging, Case, Label, PatientResult, Warning } from "../engine/index.ts";
import { predictLogistic } from "../stats/logistic/index.ts";
import { type Pretest, type Probability, postTest } from "./bayes.ts";
import type { CalibrationFile, MarkerCalibration } from "./calibration-file.ts";
import { MARKERS, type MarkerDef } from "./markers.ts";
import {
  REVIEW_CITATION,
  REVIEW_ESTIMATES,
  REVIEW_PSEUDOPROGRESSION_INCIDENCE,
  reviewLikelihoodRatios,
} from "./review-estimates.ts";

export const ADVISORY_STATEMENT =
  "advisory only: the work-up does not change the RANO category or any date (the criteria are conventional-MRI based)";

export interface WorkupOptions {
  calibration: CalibrationFile | null;
  /** Pre-test probability of true progression chosen by the user; overrides the site prevalence. */
  pretest?: number;
  /** Days after the end of radiotherapy treated as the pseudoprogression window (review: "within 3–4
   * months", most within 6). Default 183. */
  windowDays?: number;
  /** RANO2-CONF-4 minimum interval to a confirming scan, days (the timeline option confirmMinDays). */
  confirmMinDays?: number;
}

export type Call = "favours_tumour" | "favours_treatment_effect" | "indeterminate" | "no_threshold";

export interface MarkerFinding {
  lesionId: string;
  marker: string;
  label: string;
  value: number;
  unit: string;
  direction: "higher" | "lower";
  /** Site threshold, or the review's range of reported cut-offs. */
  threshold: { value: number } | { low: number; high: number } | null;
  call: Call;
  /** The likelihood ratio applied (LR+ on the tumour side, LR− on the other, 1 when indeterminate). */
  lr: number | null;
  postTest: Probability | null;
  source: string;
  note?: string;
}

export interface ModelFinding {
  lesionId: string;
  probability: number | null;
  missing: string[];
  crossValidatedAuc: { auc: number; lower: number | null; upper: number | null };
}

export interface WorkupContext {
  daysSinceRtEnd: number | null;
  rtEnd: string | null;
  mgmt: "methylated" | "unmethylated" | "unknown";
  idh: "mutant" | "wildtype" | "unknown";
  symptomatic: boolean | null;
  steroidDexEqMgPerDay: number | null;
  notes: string[];
}

export interface WorkupBlock {
  date: string;
  assessmentIndex: number;
  /** Why this time point gets a work-up. */
  triggers: string[];
  labels: { criteria: string; label: Label | null; finalLabel: Label | null }[];
  context: WorkupContext;
  pretest: Pretest;
  findings: MarkerFinding[];
  qualitative: string[];
  model: ModelFinding[];
  confirmation: string[];
  calibrated: boolean;
  statement: string;
  warnings: Warning[];
}

const DEFAULT_WINDOW_DAYS = 183;

/** The rules that set the confirmation interval: RANO2-CONF-4 under RANO 2.0, else the time point's CONF rules. */
export function confirmationRules(criteria: string, rules: readonly string[]): string[] {
  if (criteria.startsWith("RANO 2.0")) return ["RANO2-CONF-4"];
  const conf = rules.filter((x) => x.includes("-CONF-"));
  return conf.length > 0 ? conf : ["≥ 4 weeks"];
}

function rtEndBefore(c: Case, date: string): string | null {
  let best: string | null = null;
  for (const t of c.treatments)
    if (t.type === "radiotherapy" && t.end <= date && (best === null || t.end > best)) best = t.end;
  return best;
}

function symptomaticOn(c: Case, date: string): boolean | null {
  const before = c.clinical.filter((x) => x.date <= date && daysBetween(x.date, date) <= 14);
  const last = before[before.length - 1];
  if (!last || last.status === "unknown") return null;
  return last.status === "worse" && last.attributableToTumor === true;
}

export function pretestFor(o: WorkupOptions): Pretest {
  if (o.pretest !== undefined) return { kind: "user", probability: o.pretest, source: "--pretest" };
  if (o.calibration) {
    const p = o.calibration.prevalence.estimate!;
    return {
      kind: "site",
      probability: Math.min(Math.max(p, 0.001), 0.999),
      source: `site calibration: ${o.calibration.positives}/${o.calibration.n} true progression`,
    };
  }
  const inc = REVIEW_PSEUDOPROGRESSION_INCIDENCE;
  return {
    kind: "band",
    low: 1 - inc.high,
    high: 1 - inc.low,
    source: `review: pseudoprogression incidence ${inc.low * 100}–${inc.high * 100}% (refs ${inc.refs}), not site-calibrated`,
  };
}

export function workupForCase(c: Case, results: readonly PatientResult[], o: WorkupOptions): WorkupBlock[] {
  const windowDays = o.windowDays ?? DEFAULT_WINDOW_DAYS;
  const pretest = pretestFor(o);
  const seen = new Set<string>();
  const blocks: WorkupBlock[] = [];
  c.assessments.forEach((a, i) => {
    const firstSeen = a.lesions.filter((l) => !seen.has(l.id));
    for (const l of a.lesions) seen.add(l.id);
    if (!a.performed) return;
    const rtEnd = rtEndBefore(c, a.date);
    const days = rtEnd ? daysBetween(rtEnd, a.date) : null;
    const inWindow = days !== null && days <= windowDays;
    const triggers: string[] = [];
    const labels: WorkupBlock["labels"] = [];
    const confirmation: string[] = [];
    let steroid: number | null = null;
    for (const r of results) {
      const t = r.timepoints.find((x) => x.date === a.date && x.kind !== "pre_baseline");
      if (!t || t.kind === "baseline") continue;
      steroid ??= t.steroidDexEqMgPerDay;
      labels.push({ criteria: r.criteria, label: t.label, finalLabel: t.finalLabel });
      if (t.label === "PD-P" || t.label === "IND") triggers.push(`${t.label} under ${r.criteria}`);
      else if (t.label === "PD" && inWindow) triggers.push(`PD under ${r.criteria} ${days} days after RT`);
      if (t.label === "PD-P" && t.status === "awaiting_confirmation")
        confirmation.push(
          `${r.criteria}: confirming scan on or after ${addDays(a.date, o.confirmMinDays ?? 28)} (≥ ${o.confirmMinDays ?? 28} days, ${confirmationRules(r.criteria, t.rules).join(", ")})`,
        );
      else if (t.nextAction) confirmation.push(`${r.criteria}: ${t.nextAction}`);
      else if ((t.label === "PD-P" || t.label === "IND") && t.finalLabel !== t.label)
        confirmation.push(`${r.criteria}: later resolved as ${t.finalLabel}`);
    }
    if (labels.length === 0) return;
    const newEnhancing = rtEnd
      ? firstSeen.filter((l) => l.component === "enhancing" && i > 0 && l.status !== "absent")
      : [];
    for (const l of newEnhancing) triggers.push(`new enhancing lesion ${l.id} after RT`);
    const hasAdvanced = a.lesions.some((l) => l.advancedImaging);
    if (inWindow && hasAdvanced && triggers.length === 0)
      triggers.push(`advanced imaging ${days} days after RT (within ${windowDays})`);
    if (triggers.length === 0) return;
    const b = block(
      c,
      i,
      [...new Set(triggers)],
      labels,
      [...new Set(confirmation)],
      rtEnd,
      days,
      pretest,
      o,
    );
    b.context.steroidDexEqMgPerDay = steroid;
    blocks.push(b);
  });
  return blocks;
}

function block(
  c: Case,
  i: number,
  triggers: string[],
  labels: WorkupBlock["labels"],
  confirmation: string[],
  rtEnd: string | null,
  days: number | null,
  pretest: Pretest,
  o: WorkupOptions,
): WorkupBlock {
  const a = c.assessments[i]!;
  const warnings: Warning[] = [];
  const findings: MarkerFinding[] = [];
  const qualitative: string[] = [];
  const model: ModelFinding[] = [];
  const cal = o.calibration;
  const calById = cal ? markersById(cal) : EMPTY;
  const measured = new Set<string>();
  a.lesions.forEach((l, j) => {
    const ai = l.advancedImaging;
    if (!ai) return;
    const base = `$.assessments[${i}].lesions[${j}].advancedImaging`;
    for (const def of MARKERS) {
      const v = def.read(ai);
      if (v === undefined) continue;
      measured.add(def.id);
      findings.push(
        cal
          ? calibratedFinding(l.id, def, v, calById.get(def.id), pretest)
          : reviewFinding(l.id, def, v, pretest),
      );
    }
    acquisitionWarnings(ai, base, warnings);
    if (ai.mrs?.lipidLactate === true)
      qualitative.push(
        `${l.id}: lipid–lactate peak present — a feature of radiation necrosis (review, refs 68, 69)`,
      );
    if (ai.pet?.tacPattern)
      qualitative.push(
        `${l.id}: ${ai.pet.tracer} PET time–activity curve ${ai.pet.tacPattern} (not quantified by the review)`,
      );
    if (cal?.model) {
      const m = cal.model;
      const x = m.markers.map((id) => {
        const def = MARKERS.find((d) => d.id === id);
        return def ? def.read(ai) : undefined;
      });
      const missing = m.markers.filter((_, k) => x[k] === undefined);
      model.push({
        lesionId: l.id,
        probability: missing.length === 0 ? predictLogistic(m, x as number[]) : null,
        missing,
        crossValidatedAuc: {
          auc: m.crossValidated.auc,
          lower: m.crossValidated.lower,
          upper: m.crossValidated.upper,
        },
      });
    }
  });
  if (cal) {
    const lacking = cal.markers.map((m) => m.id).filter((id) => !measured.has(id));
    if (lacking.length > 0)
      warnings.push({
        code: "WORKUP-CAL-MISSING",
        message: `the calibration has ${lacking.join(", ")}, not measured at this assessment`,
        path: `$.assessments[${i}]`,
      });
    for (const f of findings)
      if (!calById.has(f.marker))
        warnings.push({
          code: "WORKUP-CAL-UNCALIBRATED",
          message: `${f.marker} is not in the calibration: no call`,
          path: `$.assessments[${i}]`,
        });
  } else if (findings.length > 0) {
    warnings.push({
      code: "WORKUP-NOT-CALIBRATED",
      message: `no site calibration: pooled estimates from ${REVIEW_CITATION}; thresholds are not transferable between sites`,
    });
  }
  const mol = c.patient.molecular;
  const symptomatic = symptomaticOn(c, a.date);
  const context: WorkupContext = {
    daysSinceRtEnd: days,
    rtEnd,
    mgmt: mol?.mgmt ?? "unknown",
    idh: mol?.idh ?? "unknown",
    symptomatic,
    steroidDexEqMgPerDay: null,
    notes: contextNotes(days, mol?.mgmt, mol?.idh, symptomatic),
  };
  return {
    date: a.date,
    assessmentIndex: i,
    triggers,
    labels,
    context,
    pretest,
    findings,
    qualitative,
    model,
    confirmation,
    calibrated: cal !== null,
    statement: ADVISORY_STATEMENT,
    warnings,
  };
}

function contextNotes(
  days: number | null,
  mgmt?: string,
  idh?: string,
  symptomatic?: boolean | null,
): string[] {
  const notes: string[] = [];
  if (days !== null && days <= 91)
    notes.push("within 3 months of RT, when the uncertainty is most troublesome (review)");
  if (mgmt === "methylated")
    notes.push("MGMT promoter methylated: pseudoprogression more frequent (review, Brandes et al ref 9)");
  if (idh === "mutant") notes.push("IDH mutant: pseudoprogression more frequent (review)");
  if (symptomatic === true)
    notes.push(
      "symptomatic: clinical signs were less frequent in pseudoprogression (34% vs 57% of early PD, ref 9)",
    );
  if (symptomatic === false)
    notes.push("asymptomatic: treatment continues as planned while awaiting confirmation (review)");
  return notes;
}

function acquisitionWarnings(ai: AdvancedImaging, base: string, warnings: Warning[]): void {
  if (ai.dsc && (ai.dsc.rcbvMaxRatio !== undefined || ai.dsc.rcbvMeanRatio !== undefined)) {
    if (ai.dsc.leakageCorrection === false)
      warnings.push({
        code: "WORKUP-DSC-LEAKAGE",
        message: "rCBV without leakage correction is overestimated in enhancing tissue (review, Fig. 8)",
        path: `${base}.dsc.leakageCorrection`,
      });
    if (ai.dsc.leakageCorrection === undefined && ai.dsc.preloadBolus === undefined)
      warnings.push({
        code: "WORKUP-DSC-ACQUISITION",
        message: "leakage correction and preload bolus not recorded: thresholds depend on both",
        path: `${base}.dsc`,
      });
  }
}

function side(v: number, threshold: number, d: "higher" | "lower"): boolean {
  return d === "higher" ? v >= threshold : v <= threshold;
}

// Findings are built field by field, not by object spread: spreads cost microseconds each, and the
// work-up must add < 10% to assessing a cohort (BENCHMARKS.md).
function finding(
  lesionId: string,
  def: MarkerDef,
  v: number,
  threshold: MarkerFinding["threshold"],
  call: Call,
  lr: number | null,
  post: Probability | null,
  source: string,
  note?: string,
): MarkerFinding {
  const f: MarkerFinding = {
    lesionId,
    marker: def.id,
    label: def.label,
    value: v,
    unit: def.unit,
    direction: def.direction,
    threshold,
    call,
    lr,
    postTest: post,
    source,
  };
  if (note !== undefined) f.note = note;
  return f;
}

const noCall = (lesionId: string, def: MarkerDef, v: number, source: string) =>
  finding(lesionId, def, v, null, "no_threshold", null, null, source);

function calibratedFinding(
  lesionId: string,
  def: MarkerDef,
  v: number,
  m: MarkerCalibration | undefined,
  pretest: Pretest,
): MarkerFinding {
  if (!m) return noCall(lesionId, def, v, "not in the site calibration");
  const tumour = side(v, m.threshold, m.direction);
  const lr = tumour ? m.lrPositive : m.lrNegative;
  return finding(
    lesionId,
    def,
    v,
    { value: m.threshold },
    tumour ? "favours_tumour" : "favours_treatment_effect",
    lr.estimate,
    lr.estimate === null ? null : postTest(pretest, lr.estimate),
    siteSource(m),
    lr.estimate === null ? `likelihood ratio undefined: ${lr.undefinedReason}` : undefined,
  );
}

function reviewFinding(lesionId: string, def: MarkerDef, v: number, pretest: Pretest): MarkerFinding {
  const e = REVIEW_ESTIMATES[def.technique];
  if (!e)
    return noCall(
      lesionId,
      def,
      v,
      "the review gives no sensitivity/specificity (FET PET accuracy ≥ 85%, ref 125): calibrate at the site",
    );
  const cut = e.cutoffs?.[def.id];
  const src = REVIEW_SOURCE.get(e.technique)!;
  if (!cut) return noCall(lesionId, def, v, `${src}; the review reports no usable cut-off for ${def.label}`);
  const lrs = reviewLikelihoodRatios(e);
  // Outside the whole range of reported cut-offs every published threshold agrees; inside it they don't.
  const tumour =
    def.direction === "higher" ? v > cut.high || (cut.low === cut.high && v >= cut.high) : v < cut.low;
  const treatment = def.direction === "higher" ? v < cut.low : v > cut.high;
  const call: Call = tumour ? "favours_tumour" : treatment ? "favours_treatment_effect" : "indeterminate";
  const lr = tumour ? lrs.positive : treatment ? lrs.negative : 1;
  return finding(
    lesionId,
    def,
    v,
    cut.low === cut.high ? { value: cut.low } : { low: cut.low, high: cut.high },
    call,
    lr,
    postTest(pretest, lr),
    src,
    `reported cut-offs ${cut.quoted}`,
  );
}

const EMPTY = new Map<string, MarkerCalibration>();
const byIdCache = new WeakMap<CalibrationFile, Map<string, MarkerCalibration>>();
function markersById(cal: CalibrationFile): Map<string, MarkerCalibration> {
  let m = byIdCache.get(cal);
  if (!m) {
    m = new Map(cal.markers.map((x) => [x.id, x]));
    byIdCache.set(cal, m);
  }
  return m;
}

const siteSources = new WeakMap<MarkerCalibration, string>();
function siteSource(m: MarkerCalibration): string {
  let s = siteSources.get(m);
  if (s === undefined) {
    s = `site calibration (Se ${pc(m.sensitivity.estimate)}, Sp ${pc(m.specificity.estimate)}, n = ${m.n})`;
    siteSources.set(m, s);
  }
  return s;
}

const pc = (p: number | null) => (p === null ? "–" : `${Math.round(p * 1000) / 10}%`);

const REVIEW_SOURCE = new Map(
  Object.values(REVIEW_ESTIMATES).flatMap((e) =>
    e
      ? [
          [
            e.technique,
            `review pooled estimate (refs ${e.refs}): Se ${pc(e.sensitivity.estimate)}, Sp ${pc(e.specificity.estimate)}${e.singleStudy ? ", single study" : ""}; not site-calibrated`,
          ] as const,
        ]
      : [],
  ),
);
