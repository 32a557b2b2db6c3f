// Property tests (fast-check) for the diagnostic-accuracy statistics.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type AccuracyCase,
  analyseAccuracy,
  clusterRobustProportion,
  compareTests,
  diagnosticMeasures,
  mcnemar,
  PROPORTION_MEASURES,
} from "../../../src/stats/accuracy/index.ts";

const table = fc.record({
  tp: fc.nat(60),
  fp: fc.nat(60),
  fn: fc.nat(60),
  tn: fc.nat(60),
});
const method = fc.constantFrom("wilson" as const, "clopper-pearson" as const);
const caseArb = fc.record({
  patient: fc.constantFrom("p1", "p2", "p3", "p4", "p5", "p6"),
  reference: fc.boolean(),
  results: fc.record({ A: fc.boolean(), B: fc.boolean(), C: fc.boolean() }),
});

describe("properties", () => {
  it("every interval contains its point estimate and lies in [0, 1]; undefined only with an empty denominator", () => {
    fc.assert(
      fc.property(table, method, fc.constantFrom(0.9, 0.95, 0.99), (t, m, level) => {
        const d = diagnosticMeasures(t, m, level);
        for (const key of PROPORTION_MEASURES) {
          const p = d[key];
          if (p.total === 0) {
            expect(p.estimate).toBeNull();
            expect(p.undefinedReason).toMatch(/^no /);
          } else {
            expect(p.lower!).toBeGreaterThanOrEqual(0);
            expect(p.upper!).toBeLessThanOrEqual(1);
            expect(p.lower!).toBeLessThanOrEqual(p.estimate! + 1e-12);
            expect(p.upper!).toBeGreaterThanOrEqual(p.estimate! - 1e-12);
          }
        }
        for (const lr of [d.positiveLikelihoodRatio, d.negativeLikelihoodRatio]) {
          if (lr.lower !== null) {
            expect(lr.lower).toBeLessThanOrEqual(lr.estimate! * (1 + 1e-12));
            expect(lr.upper!).toBeGreaterThanOrEqual(lr.estimate! * (1 - 1e-12));
          } else expect(lr.undefinedReason).not.toBeNull();
        }
      }),
    );
  });

  it("cluster-robust intervals contain the estimate and are no narrower than the ordinary Wilson interval", () => {
    const clusters = fc.array(
      fc
        .nat(8)
        .chain((total) =>
          fc.record({ total: fc.constant(total), count: fc.integer({ min: 0, max: total }) }),
        ),
      { minLength: 2, maxLength: 30 },
    );
    fc.assert(
      fc.property(clusters, (cs) => {
        const r = clusterRobustProportion(cs, "wilson", 0.95, "no cases");
        if (r.total === 0) {
          expect(r.estimate).toBeNull();
          return;
        }
        expect(r.lower!).toBeLessThanOrEqual(r.estimate! + 1e-12);
        expect(r.upper!).toBeGreaterThanOrEqual(r.estimate! - 1e-12);
        expect(r.effectiveN).toBeLessThanOrEqual(r.total + 1e-9);
        const n = r.total;
        const plain = diagnosticMeasures({ tp: r.count, fn: n - r.count, fp: 0, tn: 0 }).sensitivity;
        expect(r.upper! - r.lower!).toBeGreaterThanOrEqual(plain.upper! - plain.lower! - 1e-12);
      }),
    );
  });

  it("swapping the two tests in McNemar keeps every statistic and p-value (b and c swap)", () => {
    fc.assert(
      fc.property(fc.nat(50), fc.nat(50), fc.nat(50), fc.nat(50), (a, b, c, d) => {
        const x = mcnemar(a, b, c, d);
        const y = mcnemar(a, c, b, d);
        expect([y.b, y.c]).toEqual([x.c, x.b]);
        expect(y.asymptotic).toEqual(x.asymptotic);
        expect(y.corrected).toEqual(x.corrected);
        expect(y.exactP).toBeCloseTo(x.exactP, 12);
        expect(y.midP).toBeCloseTo(x.midP, 12);
        expect(x.midP).toBeLessThanOrEqual(x.exactP + 1e-12);
      }),
    );
    fc.assert(
      fc.property(fc.array(caseArb, { maxLength: 80 }), (cases) => {
        const paired = cases.map((k) => ({ reference: k.reference, a: k.results.A, b: k.results.B }));
        const ab = compareTests("A", "B", paired);
        const ba = compareTests(
          "B",
          "A",
          paired.map((p) => ({ reference: p.reference, a: p.b, b: p.a })),
        );
        for (const k of ["sensitivity", "specificity", "accuracy"] as const) {
          expect(ba[k].asymptotic).toEqual(ab[k].asymptotic);
          expect(ba[k].exactP).toBeCloseTo(ab[k].exactP, 12);
        }
        expect(ba.joint).toEqual(ab.joint);
      }),
    );
  });

  it('sensitivity of "A|B" ≥ max(A, B) and of "A&B" ≤ min(A, B) (specificity the other way), at both levels', () => {
    fc.assert(
      fc.property(
        fc.array(caseArb, { minLength: 1, maxLength: 80 }),
        fc.constantFrom("lesion" as const, "patient" as const),
        (cases: AccuracyCase[], level) => {
          const r = analyseAccuracy(cases, { tests: ["A", "B"], combinations: ["A|B", "A&B"], level });
          const [a, b, or, and] = r.tests;
          const sens = (t: typeof a) => t!.sensitivity.estimate;
          const spec = (t: typeof a) => t!.specificity.estimate;
          if (sens(a) !== null) {
            expect(sens(or)!).toBeGreaterThanOrEqual(Math.max(sens(a)!, sens(b)!));
            expect(sens(and)!).toBeLessThanOrEqual(Math.min(sens(a)!, sens(b)!));
          }
          if (spec(a) !== null) {
            expect(spec(or)!).toBeLessThanOrEqual(Math.min(spec(a)!, spec(b)!));
            expect(spec(and)!).toBeGreaterThanOrEqual(Math.max(spec(a)!, spec(b)!));
          }
        },
      ),
    );
  });

  it("patient level: a patient is reference/test positive exactly when one of its lesions is", () => {
    fc.assert(
      fc.property(fc.array(caseArb, { minLength: 1, maxLength: 60 }), (cases) => {
        const r = analyseAccuracy(cases, { tests: ["A"], level: "patient" });
        const ids = [...new Set(cases.map((c) => c.patient))];
        const refPos = ids.filter((id) => cases.some((c) => c.patient === id && c.reference)).length;
        const tp = ids.filter(
          (id) =>
            cases.some((c) => c.patient === id && c.reference) &&
            cases.some((c) => c.patient === id && c.results.A),
        ).length;
        expect(r.cases).toBe(ids.length);
        expect(r.tests[0]!.table.tp + r.tests[0]!.table.fn).toBe(refPos);
        expect(r.tests[0]!.table.tp).toBe(tp);
      }),
    );
  });
});
