// Ridge-penalised logistic regression, fitted by Newton–Raphson with step halving, with the objective
// and standardisation of glmnet (Friedman, Hastie & Tibshirani, J Stat Softw 2010;33(1)) at alpha = 0:
//   minimise  −(1/N) Σ [yᵢηᵢ − log(1 + e^ηᵢ)] + (λ/2) Σⱼ βⱼ²,   ηᵢ = β₀ + Σⱼ βⱼ zᵢⱼ,
// where zᵢⱼ are the columns centred and scaled by their population SD (1/N) and the intercept is not
// penalised; coefficients are reported on the original scale. Optional sign constraints (glmnet's
// lower.limits = 0 / upper.limits = 0) are handled by an active set: a constrained coefficient is
// held at 0 while the gradient pushes it past 0 (KKT), which is exactly the constrained optimum.
//
// Hand-written rather than taken from npm: the maintained JS packages (ml-logistic-regression 2.0.0)
// fit unpenalised models by fixed-step gradient descent without convergence checks or sign
// constraints, which cannot be checked against glmnet. Checked against R glmnet and glm in
// test/stats/logistic.test.ts (fixture scripts/fixtures/workup-reference.R).

export interface RidgeOptions {
  lambda: number;
  /** Per column: +1 coefficient must be ≥ 0, −1 must be ≤ 0, 0 free. Default all free. */
  signs?: readonly (-1 | 0 | 1)[];
  maxIterations?: number;
  /** Convergence: largest absolute Newton step on the standardised scale. */
  tolerance?: number;
  /** Warm start on the standardised scale: [β₀, β₁…βp]. */
  start?: readonly number[];
}

export interface RidgeFit {
  lambda: number;
  intercept: number;
  /** Original-scale coefficients, one per column. */
  coefficients: number[];
  /** Standardised-scale parameters [β₀, β₁…βp] (warm starts). */
  standardized: number[];
  means: number[];
  sds: number[];
  iterations: number;
  converged: boolean;
}

/** Columns as arrays (column-major), y as booleans. */
export function fitRidgeLogistic(
  columns: readonly (readonly number[])[],
  y: readonly boolean[],
  options: RidgeOptions,
): RidgeFit {
  const p = columns.length;
  const n = y.length;
  if (n === 0) throw new RangeError("no cases to fit");
  const means: number[] = [];
  const sds: number[] = [];
  const z: Float64Array[] = columns.map((col, j) => {
    if (col.length !== n) throw new RangeError(`column ${j} has ${col.length} values for ${n} cases`);
    let s = 0;
    for (const v of col) s += v;
    const mean = s / n;
    let ss = 0;
    for (const v of col) ss += (v - mean) ** 2;
    const sd = Math.sqrt(ss / n);
    if (!(sd > 0)) throw new RangeError(`column ${j} is constant: it cannot enter the model`);
    means.push(mean);
    sds.push(sd);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = (col[i]! - mean) / sd;
    return out;
  });
  const yv = new Float64Array(n);
  for (let i = 0; i < n; i++) yv[i] = y[i] ? 1 : 0;
  const signs = options.signs ?? new Array<0>(p).fill(0);
  const lambda = options.lambda;
  const maxIt = options.maxIterations ?? 100;
  const tol = options.tolerance ?? 1e-10;

  const beta = options.start ? [...options.start] : new Array<number>(p + 1).fill(0);
  // Columns held at 0 by their sign constraint.
  const fixed = new Set<number>();
  for (let j = 0; j < p; j++) if (signs[j] !== 0 && beta[j + 1]! * signs[j]! < 0) beta[j + 1] = 0;

  const eta = new Float64Array(n);
  const linear = (b: readonly number[]) => {
    for (let i = 0; i < n; i++) {
      let e = b[0]!;
      for (let j = 0; j < p; j++) e += b[j + 1]! * z[j]![i]!;
      eta[i] = e;
    }
  };
  const objective = (b: readonly number[]) => {
    linear(b);
    let ll = 0;
    for (let i = 0; i < n; i++) {
      const e = eta[i]!;
      // log(1 + e^η) without overflow.
      ll += yv[i]! * e - (e > 0 ? e + Math.log1p(Math.exp(-e)) : Math.log1p(Math.exp(e)));
    }
    let pen = 0;
    for (let j = 1; j <= p; j++) pen += b[j]! ** 2;
    return -ll / n + (lambda / 2) * pen;
  };
  /** Gradient over all parameters at b (eta must be current). */
  const gradient = (b: readonly number[]) => {
    const g = new Array<number>(p + 1).fill(0);
    for (let i = 0; i < n; i++) {
      const r = 1 / (1 + Math.exp(-eta[i]!)) - yv[i]!;
      g[0]! += r;
      for (let j = 0; j < p; j++) g[j + 1]! += r * z[j]![i]!;
    }
    for (let k = 0; k <= p; k++) g[k] = g[k]! / n + (k > 0 ? lambda * b[k]! : 0);
    return g;
  };

  let iterations = 0;
  let converged = false;
  for (let round = 0; round < 4 * (p + 1) && !converged; round++) {
    let f = objective(beta);
    let inner = false;
    for (; iterations < maxIt; ) {
      iterations++;
      const free = [0, ...Array.from({ length: p }, (_, j) => j + 1).filter((k) => !fixed.has(k - 1))];
      const g = gradient(beta);
      // Hessian over the free parameters: (1/N) Zᵀ W Z + λ I (no penalty on the intercept).
      const m = free.length;
      const h = Array.from({ length: m }, () => new Float64Array(m));
      for (let i = 0; i < n; i++) {
        const pr = 1 / (1 + Math.exp(-eta[i]!));
        const w = pr * (1 - pr);
        for (let a = 0; a < m; a++) {
          const za = free[a] === 0 ? 1 : z[free[a]! - 1]![i]!;
          const wa = w * za;
          for (let c = a; c < m; c++) h[a]![c]! += wa * (free[c] === 0 ? 1 : z[free[c]! - 1]![i]!);
        }
      }
      for (let a = 0; a < m; a++) {
        for (let c = a; c < m; c++) {
          h[a]![c] = h[a]![c]! / n + (a === c && free[a] !== 0 ? lambda : 0);
          h[c]![a] = h[a]![c]!;
        }
      }
      const step = solve(
        h,
        free.map((k) => g[k]!),
      );
      let t = 1;
      let next = beta;
      let fNext = f;
      for (let half = 0; half < 40; half++) {
        next = [...beta];
        free.forEach((k, a) => {
          next[k] = beta[k]! - t * step[a]!;
        });
        fNext = objective(next);
        if (fNext <= f + 1e-15) break;
        t /= 2;
      }
      const maxStep = Math.max(...step.map((s) => Math.abs(s * t)));
      for (let k = 0; k <= p; k++) beta[k] = next[k]!;
      f = fNext;
      if (maxStep < tol) {
        inner = true;
        break;
      }
    }
    linear(beta);
    if (!inner) break;
    // Active set: release a fixed column whose gradient would move it into its allowed side; fix the
    // free column furthest on the wrong side.
    let worst = -1;
    let worstValue = 0;
    for (let j = 0; j < p; j++) {
      if (fixed.has(j) || signs[j] === 0) continue;
      const v = beta[j + 1]! * signs[j]!;
      if (v < worstValue) {
        worstValue = v;
        worst = j;
      }
    }
    if (worst >= 0) {
      fixed.add(worst);
      beta[worst + 1] = 0;
      continue;
    }
    const g = gradient(beta);
    let release = -1;
    let releaseValue = 0;
    for (const j of fixed) {
      const v = -g[j + 1]! * signs[j]!; // > 0: moving into the allowed side lowers the objective
      if (v > releaseValue + 1e-12) {
        releaseValue = v;
        release = j;
      }
    }
    if (release >= 0) {
      fixed.delete(release);
      continue;
    }
    converged = true;
  }
  const coefficients = Array.from({ length: p }, (_, j) => beta[j + 1]! / sds[j]!);
  const intercept = beta[0]! - coefficients.reduce((s, c, j) => s + c * means[j]!, 0);
  return { lambda, intercept, coefficients, standardized: [...beta], means, sds, iterations, converged };
}

/** Linear predictor and probability of a fitted model for one case. */
export function predictLogistic(fit: Pick<RidgeFit, "intercept" | "coefficients">, x: readonly number[]) {
  let eta = fit.intercept;
  fit.coefficients.forEach((c, j) => {
    eta += c * x[j]!;
  });
  return 1 / (1 + Math.exp(-eta));
}

/** Solves a small symmetric positive-definite system by Gaussian elimination with partial pivoting. */
function solve(a: Float64Array[], b: number[]): number[] {
  const m = b.length;
  const A = a.map((r) => Float64Array.from(r));
  const x = [...b];
  for (let c = 0; c < m; c++) {
    let piv = c;
    for (let r = c + 1; r < m; r++) if (Math.abs(A[r]![c]!) > Math.abs(A[piv]![c]!)) piv = r;
    if (Math.abs(A[piv]![c]!) < 1e-300)
      throw new RangeError("singular Hessian: the model is not identifiable");
    [A[c], A[piv]] = [A[piv]!, A[c]!];
    [x[c], x[piv]] = [x[piv]!, x[c]!];
    for (let r = c + 1; r < m; r++) {
      const f = A[r]![c]! / A[c]![c]!;
      if (f === 0) continue;
      for (let k = c; k < m; k++) A[r]![k]! -= f * A[c]![k]!;
      x[r]! -= f * x[c]!;
    }
  }
  for (let c = m - 1; c >= 0; c--) {
    let s = x[c]!;
    for (let k = c + 1; k < m; k++) s -= A[c]![k]! * x[k]!;
    x[c] = s / A[c]![c]!;
  }
  return x;
}
