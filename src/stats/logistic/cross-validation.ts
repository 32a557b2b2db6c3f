// Cross-validation for the penalised logistic model: stratified fold assignment from a seeded
// generator (reproducible: the seed is written to the calibration file), λ chosen by the smallest mean
// held-out deviance over a fixed grid (glmnet's "lambda.min"), and out-of-fold predictions from a
// procedure that repeats the λ choice inside every training fold (nested), so the cross-validated AUC
// is not flattered by tuning on the cases it is scored on.
import { fitRidgeLogistic, predictLogistic, type RidgeFit } from "./ridge.ts";

/** λ grid on the standardised scale, strongest penalty first (warm starts run down the path). */
export const DEFAULT_LAMBDA_GRID: readonly number[] = [
  1, 0.5, 0.2, 0.1, 0.05, 0.02, 0.01, 0.005, 0.002, 0.001,
];

/** Mulberry32: a small, seedable PRNG (deterministic folds across platforms). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fold 0…k−1 per case; each class is shuffled and dealt round-robin, so folds keep the prevalence. */
export function stratifiedFolds(y: readonly boolean[], k: number, seed: number): number[] {
  if (!Number.isInteger(k) || k < 2) throw new RangeError(`folds must be an integer ≥ 2 (got ${k})`);
  const rnd = seededRandom(seed);
  const folds = new Array<number>(y.length).fill(0);
  for (const cls of [true, false]) {
    const idx = y.flatMap((v, i) => (v === cls ? [i] : []));
    for (let i = idx.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [idx[i], idx[j]] = [idx[j]!, idx[i]!];
    }
    idx.forEach((i, r) => {
      folds[i] = r % k;
    });
  }
  return folds;
}

const subset = <T>(xs: readonly T[], keep: readonly boolean[]): T[] => xs.filter((_, i) => keep[i]);

/** Binomial deviance −2 Σ log-likelihood of predictions. */
function deviance(p: readonly number[], y: readonly boolean[]): number {
  let d = 0;
  p.forEach((pi, i) => {
    const q = Math.min(Math.max(pi, 1e-15), 1 - 1e-15);
    d -= 2 * (y[i] ? Math.log(q) : Math.log(1 - q));
  });
  return d;
}

export interface PathOptions {
  grid?: readonly number[];
  signs?: readonly (-1 | 0 | 1)[];
}

/** Fits the whole λ path with warm starts. */
export function ridgePath(
  columns: readonly (readonly number[])[],
  y: readonly boolean[],
  o: PathOptions = {},
): RidgeFit[] {
  const fits: RidgeFit[] = [];
  let start: number[] | undefined;
  for (const lambda of o.grid ?? DEFAULT_LAMBDA_GRID) {
    const fit = fitRidgeLogistic(columns, y, { lambda, signs: o.signs, start });
    fits.push(fit);
    start = fit.standardized;
  }
  return fits;
}

const rowOf = (columns: readonly (readonly number[])[], i: number) => columns.map((c) => c[i]!);

export interface LambdaChoice {
  lambda: number;
  /** Mean held-out deviance per grid value. */
  cvDeviance: number[];
  grid: readonly number[];
}

/** λ with the smallest k-fold held-out deviance. */
export function chooseLambda(
  columns: readonly (readonly number[])[],
  y: readonly boolean[],
  folds: readonly number[],
  o: PathOptions = {},
): LambdaChoice {
  const grid = o.grid ?? DEFAULT_LAMBDA_GRID;
  const k = Math.max(...folds) + 1;
  const total = new Array<number>(grid.length).fill(0);
  for (let f = 0; f < k; f++) {
    const train = folds.map((x) => x !== f);
    const test = folds.map((x) => x === f);
    const path = ridgePath(
      columns.map((c) => subset(c, train)),
      subset(y, train),
      { ...o, grid },
    );
    const testIdx = folds.flatMap((x, i) => (x === f ? [i] : []));
    const yTest = subset(y, test);
    path.forEach((fit, g) => {
      total[g]! += deviance(
        testIdx.map((i) => predictLogistic(fit, rowOf(columns, i))),
        yTest,
      );
    });
  }
  const cvDeviance = total.map((d) => d / y.length);
  let best = 0;
  cvDeviance.forEach((d, g) => {
    if (d < cvDeviance[best]!) best = g;
  });
  return { lambda: grid[best]!, cvDeviance, grid };
}

/** Out-of-fold probabilities with λ fixed (non-nested; used to check against R) or chosen per fold. */
export function outOfFoldPredictions(
  columns: readonly (readonly number[])[],
  y: readonly boolean[],
  folds: readonly number[],
  lambda: number | { innerFolds: number; seed: number },
  o: PathOptions = {},
): { predictions: number[]; lambdas: number[] } {
  const k = Math.max(...folds) + 1;
  const predictions = new Array<number>(y.length).fill(Number.NaN);
  const lambdas: number[] = [];
  for (let f = 0; f < k; f++) {
    const train = folds.map((x) => x !== f);
    const cols = columns.map((c) => subset(c, train));
    const yTrain = subset(y, train);
    let lam: number;
    if (typeof lambda === "number") lam = lambda;
    else {
      const inner = stratifiedFolds(yTrain, lambda.innerFolds, lambda.seed + f + 1);
      lam = chooseLambda(cols, yTrain, inner, o).lambda;
    }
    lambdas.push(lam);
    const fit = fitRidgeLogistic(cols, yTrain, { lambda: lam, signs: o.signs });
    folds.forEach((x, i) => {
      if (x === f) predictions[i] = predictLogistic(fit, rowOf(columns, i));
    });
  }
  return { predictions, lambdas };
}
