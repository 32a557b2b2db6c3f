// Invariants of the ROC, agreement and pooling statistics on random inputs (fast-check).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { blandAltman, cohenKappa, linConcordance } from "../../src/stats/agreement/index.ts";
import { poolAccuracy } from "../../src/stats/pooling/index.ts";
import { auc, deLongAuc, pairedDeLong, rocCurve } from "../../src/stats/roc/index.ts";

// Marker values on a coarse grid so that ties are frequent; both classes present.
const labelled = fc
  .array(fc.record({ v: fc.integer({ min: 0, max: 12 }), pos: fc.boolean() }), {
    minLength: 4,
    maxLength: 60,
  })
  .filter((xs) => xs.filter((x) => x.pos).length >= 2 && xs.filter((x) => !x.pos).length >= 2)
  .map((xs) => ({ values: xs.map((x) => x.v / 2), positive: xs.map((x) => x.pos) }));

// Measurement pairs (e.g. mm²) on a 0.1 grid.
const measure = fc.integer({ min: -5000, max: 5000 }).map((v) => v / 10);
const pairs = fc
  .array(fc.tuple(measure, measure), { minLength: 3, maxLength: 50 })
  .map((xs) => ({ x: xs.map((p) => p[0]), y: xs.map((p) => p[1]) }));

describe("ROC properties", () => {
  it("negating the marker or flipping the direction gives 1 − AUC", () => {
    fc.assert(
      fc.property(labelled, (d) => {
        const a = auc(d);
        expect(auc({ values: d.values.map((v) => -v), positive: d.positive })).toBeCloseTo(1 - a, 12);
        expect(auc(d, "lower")).toBeCloseTo(1 - a, 12);
      }),
    );
  });
  it("the DeLong CI contains the AUC, which lies in [0, 1]", () => {
    fc.assert(
      fc.property(labelled, (d) => {
        const e = deLongAuc(d.values, d.positive);
        expect(e.auc).toBeGreaterThanOrEqual(0);
        expect(e.auc).toBeLessThanOrEqual(1);
        expect(e.lower!).toBeLessThanOrEqual(e.auc);
        expect(e.upper!).toBeGreaterThanOrEqual(e.auc);
      }),
    );
  });
  it("the trapezoidal area under the empirical curve equals the Mann–Whitney AUC", () => {
    fc.assert(
      fc.property(labelled, (d) => {
        const pts = rocCurve(d).points;
        let area = 0;
        for (let i = 1; i < pts.length; i++) {
          const [p, q] = [pts[i - 1]!, pts[i]!];
          area += ((1 - q.specificity - (1 - p.specificity)) * (p.sensitivity + q.sensitivity)) / 2;
        }
        expect(area).toBeCloseTo(auc(d), 12);
        expect(pts.at(-1)).toMatchObject({ sensitivity: 1, specificity: 0 });
      }),
    );
  });
  it("the paired difference CI contains the difference", () => {
    fc.assert(
      fc.property(labelled, fc.integer({ min: 1, max: 1000 }), (d, seed) => {
        const other = d.values.map((v, i) => ((v * 7 + i * seed) % 13) / 3);
        const t = pairedDeLong(d.values, other, d.positive);
        if (t.lower !== null) {
          expect(t.lower).toBeLessThanOrEqual(t.difference + 1e-12);
          expect(t.upper!).toBeGreaterThanOrEqual(t.difference - 1e-12);
        }
      }),
    );
  });
});

describe("agreement properties", () => {
  const ratings = fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 2, maxLength: 80 });
  it("a reader agrees perfectly with itself (κ = 1 whenever defined), all weightings", () => {
    fc.assert(
      fc.property(ratings, fc.constantFrom("none", "linear", "quadratic" as const), (r, w) => {
        fc.pre(new Set(r).size > 1);
        expect(cohenKappa(r, r, ["CR", "PR", "MR", "SD", "PD"], w).kappa).toBeCloseTo(1, 12);
      }),
    );
  });
  it("the kappa CI contains kappa", () => {
    fc.assert(
      fc.property(ratings, ratings, fc.constantFrom("none", "linear", "quadratic" as const), (a, b, w) => {
        const n = Math.min(a.length, b.length);
        const [x, y] = [a.slice(0, n), b.slice(0, n)];
        fc.pre(new Set([...x, ...y]).size > 1);
        const k = cohenKappa(x, y, ["CR", "PR", "MR", "SD", "PD"], w);
        expect(k.lower).toBeLessThanOrEqual(k.kappa);
        expect(k.upper).toBeGreaterThanOrEqual(k.kappa);
      }),
    );
  });
  it("CCC ≤ |Pearson r| and its CI contains it", () => {
    fc.assert(
      fc.property(pairs, ({ x, y }) => {
        fc.pre(new Set(x).size > 1 && new Set(y).size > 1);
        const c = linConcordance(x, y);
        expect(Math.abs(c.ccc)).toBeLessThanOrEqual(Math.abs(c.pearson) + 1e-12);
        if (c.lower !== null) {
          expect(c.lower).toBeLessThanOrEqual(c.ccc + 1e-12);
          expect(c.upper!).toBeGreaterThanOrEqual(c.ccc - 1e-12);
        }
      }),
    );
  });
  it("Bland–Altman CIs contain the bias and the limits", () => {
    fc.assert(
      fc.property(pairs, ({ x, y }) => {
        const r = blandAltman(x, y);
        for (const iv of [r.bias, r.lowerLimit, r.upperLimit]) {
          expect(iv.lower).toBeLessThanOrEqual(iv.estimate);
          expect(iv.upper).toBeGreaterThanOrEqual(iv.estimate);
        }
        expect(r.lowerLimit.estimate).toBeLessThanOrEqual(r.upperLimit.estimate);
      }),
    );
  });
});

describe("pooling properties", () => {
  const study = fc.record({
    tp: fc.integer({ min: 0, max: 60 }),
    fn: fc.integer({ min: 0, max: 60 }),
    fp: fc.integer({ min: 0, max: 60 }),
    tn: fc.integer({ min: 0, max: 60 }),
  });
  it("pooled CIs contain the pooled estimates; τ² ≥ 0 and 0 ≤ I² < 1", () => {
    fc.assert(
      fc.property(fc.array(study, { minLength: 2, maxLength: 12 }), (xs) => {
        fc.pre(xs.every((s) => s.tp + s.fn > 0 && s.fp + s.tn > 0));
        const r = poolAccuracy(xs.map((s, i) => ({ study: `S${i}`, ...s })));
        for (const p of [r.sensitivity, r.specificity]) {
          expect(p.lower).toBeLessThanOrEqual(p.estimate);
          expect(p.upper).toBeGreaterThanOrEqual(p.estimate);
          expect(p.tau2).toBeGreaterThanOrEqual(0);
          expect(p.i2!).toBeGreaterThanOrEqual(0);
          expect(p.i2!).toBeLessThan(1);
        }
      }),
    );
  });
});
