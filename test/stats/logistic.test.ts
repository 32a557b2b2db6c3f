// Ridge logistic regression and its cross-validation against R (glmnet alpha = 0 with sign limits, glm)
// on the synthetic table written by scripts/fixtures/workup-reference.R.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  chooseLambda,
  fitRidgeLogistic,
  outOfFoldPredictions,
  stratifiedFolds,
} from "../../src/stats/logistic/index.ts";
import { deLongAuc } from "../../src/stats/roc/index.ts";

const dir = join(import.meta.dirname, "../fixtures/stats");
const fx = JSON.parse(readFileSync(join(dir, "workup.json"), "utf8"));
const rows = readFileSync(join(dir, "workup-calibration.csv"), "utf8").trim().split("\n").slice(1);
const y = rows.map((r) => r.split(",")[1] === "1");
const cols = [2, 3, 4].map((k) => rows.map((r) => Number(r.split(",")[k])));
const signs = [1, -1, 1] as const;

const coefs = (f: { intercept: number; coefficients: number[] }) => [f.intercept, ...f.coefficients];

describe("ridge logistic regression vs glmnet / glm", () => {
  it.each(fx.ridge as { lambda: number; free: number[]; constrained: number[] }[])(
    "λ = $lambda: free and sign-constrained coefficients",
    (r) => {
      const free = fitRidgeLogistic(cols, y, { lambda: r.lambda });
      expect(free.converged).toBe(true);
      coefs(free).forEach((c, k) => {
        expect(c).toBeCloseTo(r.free[k]!, 5);
      });
      const con = fitRidgeLogistic(cols, y, { lambda: r.lambda, signs });
      expect(con.converged).toBe(true);
      coefs(con).forEach((c, k) => {
        expect(c).toBeCloseTo(r.constrained[k]!, 5);
      });
      // Cho/NAA is pushed negative without constraints and held at exactly 0 with them.
      expect(free.coefficients[2]).toBeLessThan(0);
      expect(con.coefficients[2]).toBe(0);
    },
  );

  it("λ = 0 reproduces glm", () => {
    const f = fitRidgeLogistic(cols, y, { lambda: 0 });
    coefs(f).forEach((c, k) => {
      expect(c).toBeCloseTo(fx.unpenalised[k], 6);
    });
  });

  it("rejects a constant column", () => {
    expect(() => fitRidgeLogistic([y.map(() => 1)], y, { lambda: 0.1 })).toThrow(/constant/);
  });
});

describe("cross-validation vs R with R's folds", () => {
  it("mean held-out deviance over the λ grid", () => {
    const choice = chooseLambda(cols, y, fx.folds, { grid: fx.grid, signs });
    choice.cvDeviance.forEach((d, g) => {
      expect(d).toBeCloseTo(fx.cvDeviance[g], 5);
    });
    const best = fx.grid[fx.cvDeviance.indexOf(Math.min(...fx.cvDeviance))];
    expect(choice.lambda).toBe(best);
  });

  it("out-of-fold predictions and their DeLong AUC", () => {
    const { predictions } = outOfFoldPredictions(cols, y, fx.folds, fx.outOfFold.lambda, { signs });
    predictions.forEach((p, i) => {
      expect(p).toBeCloseTo(fx.outOfFold.predictions[i], 6);
    });
    const a = deLongAuc(predictions, y, "higher");
    expect(a.auc).toBeCloseTo(fx.outOfFold.auc, 10);
    expect(a.lower!).toBeCloseTo(fx.outOfFold.lower, 8);
    expect(a.upper!).toBeCloseTo(fx.outOfFold.upper, 8);
  });

  it("stratified folds keep each class spread evenly and are reproducible", () => {
    const f = stratifiedFolds(y, 5, 7);
    expect(stratifiedFolds(y, 5, 7)).toEqual(f);
    const pos = y.filter(Boolean).length;
    for (let k = 0; k < 5; k++) {
      const inFold = f.filter((x, i) => x === k && y[i]).length;
      expect(Math.abs(inFold - pos / 5)).toBeLessThanOrEqual(1);
    }
  });
});
