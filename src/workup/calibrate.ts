// Site calibration of the pseudoprogression work-up from a reference table (one row per lesion or
// patient, outcome = true progression vs treatment effect by pathology or follow-up). The review is
// explicit that published cut-offs do not transfer between sites ("ideally, a particular parameter or
// threshold value is optimized and validated locally", Thust et al. 2018), so each marker's threshold,
// accuracy and likelihood ratios are estimated here, with the ROC module (src/stats/roc) and the
// accuracy CIs (src/stats/accuracy); the multi-marker model is a ridge logistic regression whose AUC
// is cross-validated (nested), so a small sample cannot report an optimistic in-sample AUC.
import {
  type CiMethod,
  negativeLikelihoodRatio,
  positiveLikelihoodRatio,
  proportion,
} from "../stats/accuracy/index.ts";
import {
  chooseLambda,
  fitRidgeLogistic,
  outOfFoldPredictions,
  predictLogistic,
  stratifiedFolds,
} from "../stats/logistic/index.ts";
import {
  type Direction,
  deLongAuc,
  operatingPoint,
  rocCurve,
  type ThresholdRule,
} from "../stats/roc/index.ts";
import {
  CALIBRATION_FORMAT,
  CALIBRATION_VERSION,
  type CalibrationFile,
  type MarkerCalibration,
  type ModelCalibration,
} from "./calibration-file.ts";

/** Fewer outcomes than this in a class make thresholds and the model unstable (warned; model skipped). */
export const MIN_OUTCOMES_PER_CLASS = 10;

export interface ReferenceRow {
  positive: boolean;
  /** Marker id → value; null = not measured for this row. */
  values: Record<string, number | null>;
}

export interface CalibrateInput {
  rows: readonly ReferenceRow[];
  markers: readonly { id: string; direction: Direction }[];
  /** Markers of the multi-marker model (default: all); rows need all of them. */
  modelMarkers?: readonly string[];
  rule: ThresholdRule;
  ciMethod: CiMethod;
  folds: number;
  seed: number;
  meta: {
    createdOn: string;
    software: string;
    source: string;
    reference: string;
    site?: string;
    protocol?: string;
  };
}

const ruleText = (r: ThresholdRule) => (r.kind === "youden" ? "youden" : `${r.kind} >= ${r.target}`);

const interval = (p: { estimate: number | null; lower: number | null; upper: number | null }) => ({
  estimate: p.estimate,
  lower: p.lower,
  upper: p.upper,
});

export function calibrate(input: CalibrateInput): CalibrationFile {
  const warnings: string[] = [];
  const { rows } = input;
  const positives = rows.filter((r) => r.positive).length;
  const negatives = rows.length - positives;
  if (positives < MIN_OUTCOMES_PER_CLASS || negatives < MIN_OUTCOMES_PER_CLASS)
    warnings.push(
      `only ${positives} true-progression and ${negatives} treatment-effect outcome(s); fewer than ${MIN_OUTCOMES_PER_CLASS} in a class makes thresholds unstable and the multi-marker model is not fitted`,
    );

  const markers: MarkerCalibration[] = [];
  for (const { id, direction } of input.markers) {
    const present = rows.filter((r) => r.values[id] !== null && r.values[id] !== undefined);
    const values = present.map((r) => r.values[id] as number);
    const positive = present.map((r) => r.positive);
    const m = positive.filter(Boolean).length;
    const n = positive.length - m;
    if (m === 0 || n === 0) {
      warnings.push(
        `${id}: measured in ${m} true-progression and ${n} treatment-effect row(s): no threshold`,
      );
      continue;
    }
    if (m < MIN_OUTCOMES_PER_CLASS || n < MIN_OUTCOMES_PER_CLASS)
      warnings.push(
        `${id}: only ${m} / ${n} outcomes with the marker measured (< ${MIN_OUTCOMES_PER_CLASS} per class)`,
      );
    const curve = rocCurve({ values, positive }, direction);
    const op = operatingPoint(curve, input.rule, input.ciMethod === "wilson" ? "wilson" : "clopper-pearson");
    if (!op.ok) {
      warnings.push(`${id}: ${op.reason}`);
      continue;
    }
    const pt = op.point;
    if (pt.youden <= 0)
      warnings.push(
        `${id}: sensitivity + specificity ≤ 1 at the chosen threshold: the marker does not discriminate at this site and is not used`,
      );
    const t = { tp: pt.tp, fp: pt.fp, fn: pt.fn, tn: pt.tn };
    const a = deLongAuc(values, positive, direction);
    const lrOf = (x: ReturnType<typeof positiveLikelihoodRatio>) => ({
      estimate: x.estimate,
      lower: x.lower,
      upper: x.upper,
      undefinedReason: x.undefinedReason,
    });
    if (pt.youden > 0)
      markers.push({
        id,
        direction,
        threshold: pt.threshold,
        rule: ruleText(input.rule),
        n: present.length,
        positives: m,
        negatives: n,
        ...t,
        sensitivity: interval(pt.sensitivity),
        specificity: interval(pt.specificity),
        lrPositive: lrOf(positiveLikelihoodRatio(t)),
        lrNegative: lrOf(negativeLikelihoodRatio(t)),
        auc: { estimate: a.auc, lower: a.lower, upper: a.upper },
      });
  }

  const modelIds = input.modelMarkers ?? input.markers.map((m) => m.id);
  for (const id of modelIds)
    if (!input.markers.some((m) => m.id === id))
      throw new RangeError(`model marker ${id} is not among the markers`);
  const model =
    positives >= MIN_OUTCOMES_PER_CLASS && negatives >= MIN_OUTCOMES_PER_CLASS && modelIds.length >= 2
      ? fitModel(input, modelIds, warnings)
      : null;
  if (modelIds.length < 2) warnings.push("fewer than 2 model markers: no multi-marker model");

  return {
    format: CALIBRATION_FORMAT,
    version: CALIBRATION_VERSION,
    createdOn: input.meta.createdOn,
    software: input.meta.software,
    ...(input.meta.site ? { site: input.meta.site } : {}),
    ...(input.meta.protocol ? { protocol: input.meta.protocol } : {}),
    source: input.meta.source,
    reference: input.meta.reference,
    n: rows.length,
    positives,
    negatives,
    prevalence: interval(proportion(positives, rows.length, input.ciMethod, 0.95, "no rows")),
    markers,
    model,
    warnings,
  };
}

function fitModel(
  input: CalibrateInput,
  modelIds: readonly string[],
  warnings: string[],
): ModelCalibration | null {
  // Markers with variation among the complete cases.
  let ids = [...modelIds];
  const complete = (which: string[]) =>
    input.rows.filter((r) => which.every((id) => r.values[id] !== null && r.values[id] !== undefined));
  let rows = complete(ids);
  const constant = ids.filter((id) => new Set(rows.map((r) => r.values[id])).size < 2);
  if (constant.length > 0) {
    warnings.push(`model: ${constant.join(", ")} constant among complete rows, left out`);
    ids = ids.filter((id) => !constant.includes(id));
    rows = complete(ids);
  }
  const y = rows.map((r) => r.positive);
  const m = y.filter(Boolean).length;
  const n = y.length - m;
  if (ids.length < 2 || m < MIN_OUTCOMES_PER_CLASS || n < MIN_OUTCOMES_PER_CLASS) {
    warnings.push(
      `model not fitted: ${rows.length} row(s) have all of ${ids.join(", ")} (${m} true progression, ${n} treatment effect; needs ≥ ${MIN_OUTCOMES_PER_CLASS} per class and ≥ 2 markers)`,
    );
    return null;
  }
  const directions = ids.map((id) => input.markers.find((x) => x.id === id)!.direction);
  const columns = ids.map((id) => rows.map((r) => r.values[id] as number));
  // Each coefficient may only push towards tumour in the marker's direction, so the model's
  // probability never falls as a marker moves towards tumour (glmnet lower/upper.limits = 0).
  const signs = directions.map((d) => (d === "higher" ? 1 : -1) as 1 | -1);
  const folds = stratifiedFolds(y, input.folds, input.seed);
  const choice = chooseLambda(columns, y, folds, { signs });
  const fit = fitRidgeLogistic(columns, y, { lambda: choice.lambda, signs });
  if (!fit.converged) warnings.push("model: the fit did not converge; treat its probabilities with caution");
  const apparent = deLongAuc(
    rows.map((_, i) =>
      predictLogistic(
        fit,
        columns.map((c) => c[i]!),
      ),
    ),
    y,
  ).auc;
  const cv = outOfFoldPredictions(
    columns,
    y,
    folds,
    { innerFolds: input.folds, seed: input.seed },
    { signs },
  );
  const cvAuc = deLongAuc(cv.predictions, y);
  const zeroed = ids.filter((_, j) => fit.coefficients[j] === 0);
  if (zeroed.length > 0)
    warnings.push(
      `model: ${zeroed.join(", ")} add nothing towards tumour given the other markers (coefficient held at 0)`,
    );
  if (m / ids.length < 10 || n / ids.length < 10)
    warnings.push(
      `model: fewer than 10 outcomes per class per marker (${m} / ${n} for ${ids.length} markers); the cross-validated AUC is the honest figure`,
    );
  return {
    kind: "ridge-logistic",
    markers: ids,
    directions,
    intercept: fit.intercept,
    coefficients: fit.coefficients,
    lambda: choice.lambda,
    n: rows.length,
    positives: m,
    negatives: n,
    apparentAuc: apparent,
    crossValidated: {
      folds: input.folds,
      seed: input.seed,
      auc: cvAuc.auc,
      lower: cvAuc.lower,
      upper: cvAuc.upper,
      lambdas: cv.lambdas,
    },
    zeroed,
  };
}
