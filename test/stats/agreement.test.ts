// Kappas, CCC and Bland–Altman against R (vcd::Kappa, psych::cohen.kappa, epiR::epi.ccc, direct
// formulas; scripts/fixtures/stats-reference.R), the Fleiss (1971)-type worked example and the
// Bland & Altman (1986) peak-flow data.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  blandAltman,
  cohenKappa,
  fleissKappa,
  linConcordance,
  UndefinedConcordanceError,
  UndefinedKappaError,
} from "../../src/stats/agreement/index.ts";

const load = (f: string) =>
  JSON.parse(readFileSync(join(import.meta.dirname, "../fixtures/stats", f), "utf8"));
const ag = load("agreement.json");
const ms = load("measurements.json");
const idx = (xs: string[]) => xs.map((x) => ag.categories.indexOf(x));

describe("Cohen's kappa (RANO categories CR<PR<MR<SD<PD)", () => {
  const a = idx(ag.readerA);
  const b = idx(ag.readerB);
  it.each([
    ["none", ag.unweighted],
    ["linear", ag.linear],
    ["quadratic", ag.quadratic],
  ] as const)("%s weights match vcd::Kappa (estimate, FCE ASE) and the null SE", (w, ref) => {
    const k = cohenKappa(a, b, ag.categories, w);
    expect(k.kappa).toBeCloseTo(ref.kappa, 12);
    expect(k.se).toBeCloseTo(ref.se, 12);
    expect(k.seNull).toBeCloseTo(ref.seNull, 12);
    expect(k.lower).toBeCloseTo(ref.kappa - 1.959963984540054 * ref.se, 10);
    expect(k.percentAgreement.estimate).toBeCloseTo(ag.percentAgreement, 12);
  });
  it("agrees with psych::cohen.kappa", () => {
    expect(cohenKappa(a, b, ag.categories).kappa).toBeCloseTo(ag.psych.unweighted, 12);
    expect(cohenKappa(a, b, ag.categories).se).toBeCloseTo(ag.psych.unweightedSe, 12);
    expect(cohenKappa(a, b, ag.categories, "quadratic").kappa).toBeCloseTo(ag.psych.quadratic, 12);
  });
  it("Cohen (1960)-style 2×2 by hand: po 0.7, pe 0.5 → κ 0.4", () => {
    // 20 yes/yes, 15 no/no, 5 yes/no, 10 no/yes: po = 35/50, pe = 0.5·0.6 + 0.5·0.4 = 0.5.
    const a2 = [...Array(20).fill(0), ...Array(15).fill(1), ...Array(5).fill(0), ...Array(10).fill(1)];
    const b2 = [...Array(20).fill(0), ...Array(15).fill(1), ...Array(5).fill(1), ...Array(10).fill(0)];
    const k = cohenKappa(a2, b2, ["yes", "no"]);
    expect(k.observed).toBeCloseTo(0.7, 12);
    expect(k.expected).toBeCloseTo(0.5, 12);
    expect(k.kappa).toBeCloseTo(0.4, 12);
  });
  it("is undefined when expected agreement is 1", () => {
    expect(() => cohenKappa([3, 3, 3], [3, 3, 3], ag.categories)).toThrow(UndefinedKappaError);
    expect(() => cohenKappa([3, 3, 3], [3, 3, 3], ag.categories)).toThrow(/expected agreement is 1/);
  });
});

describe("Fleiss' kappa", () => {
  it("matches the direct R implementation for three readers", () => {
    const ratings = ag.readerA.map((_: string, i: number) =>
      [ag.readerA[i], ag.readerB[i], ag.readerC[i]].map((x: string) => ag.categories.indexOf(x)),
    );
    const f = fleissKappa(ratings, ag.categories);
    expect(f.kappa).toBeCloseTo(ag.fleiss.kappa, 12);
    expect(f.seNull).toBeCloseTo(ag.fleiss.seNull, 12);
    expect(f.z).toBeCloseTo(ag.fleiss.z, 9);
    expect(f.observed).toBeCloseTo(ag.fleiss.observed, 12);
  });
  // Worked example of the Wikipedia article "Fleiss' kappa" (10 subjects, 14 raters, 5 categories).
  it("reproduces the 10 subjects × 14 raters worked example (P̄ 0.378, P̄e 0.213, κ 0.210)", () => {
    const counts = [
      [0, 0, 0, 0, 14],
      [0, 2, 6, 4, 2],
      [0, 0, 3, 5, 6],
      [0, 3, 9, 2, 0],
      [2, 2, 8, 1, 1],
      [7, 7, 0, 0, 0],
      [3, 2, 6, 3, 0],
      [2, 5, 3, 2, 2],
      [6, 5, 2, 1, 0],
      [0, 2, 2, 3, 7],
    ];
    const ratings = counts.map((row) => row.flatMap((c, j) => Array(c).fill(j)));
    const f = fleissKappa(ratings, ["1", "2", "3", "4", "5"]);
    expect(f.observed).toBeCloseTo(0.378, 3);
    expect(f.expected).toBeCloseTo(0.213, 3);
    expect(f.kappa).toBeCloseTo(0.21, 3);
  });
});

describe("Lin's CCC and Bland–Altman", () => {
  it("Bland & Altman (1986) PEFR data: bias −2.1 l/min, SD 38.8", () => {
    const r = blandAltman(ms.pefr.wright, ms.pefr.mini);
    expect(r.bias.estimate).toBeCloseTo(-2.1, 1);
    expect(r.sdDifference).toBeCloseTo(38.8, 1);
  });
  it.each(["pefr", "products"])("%s: limits and their CIs match R", (name) => {
    const d = ms[name];
    const [a, b] = name === "pefr" ? [d.wright, d.mini] : [d.automated, d.manual];
    const r = blandAltman(a, b);
    // CIs to 1e-5: jstat's t quantile agrees with R's qt to ~1e-8 relative.
    const e = d.blandAltman;
    expect(r.bias.estimate).toBeCloseTo(e.bias, 10);
    expect(r.bias.lower).toBeCloseTo(e.biasLower, 5);
    expect(r.bias.upper).toBeCloseTo(e.biasUpper, 5);
    expect(r.sdDifference).toBeCloseTo(e.sd, 10);
    expect(r.lowerLimit.estimate).toBeCloseTo(e.lowerLimit, 8);
    expect(r.lowerLimit.lower).toBeCloseTo(e.lowerLimitLower, 5);
    expect(r.lowerLimit.upper).toBeCloseTo(e.lowerLimitUpper, 5);
    expect(r.upperLimit.estimate).toBeCloseTo(e.upperLimit, 8);
    expect(r.upperLimit.lower).toBeCloseTo(e.upperLimitLower, 5);
    expect(r.upperLimit.upper).toBeCloseTo(e.upperLimitUpper, 5);
  });
  it.each(["pefr", "products"])("%s: CCC and Fisher-z CI match epiR::epi.ccc", (name) => {
    const d = ms[name];
    const [a, b] = name === "pefr" ? [d.wright, d.mini] : [d.automated, d.manual];
    const c = linConcordance(a, b);
    expect(c.ccc).toBeCloseTo(d.ccc.ccc, 12);
    expect(c.pearson).toBeCloseTo(d.ccc.pearson, 12);
    expect(c.biasCorrection).toBeCloseTo(d.ccc.biasCorrection, 10);
    expect(c.lower!).toBeCloseTo(d.ccc.lower, 8);
    expect(c.upper!).toBeCloseTo(d.ccc.upper, 8);
  });
  it("CCC is undefined for a constant measurement", () => {
    expect(() => linConcordance([1, 1, 1], [1, 2, 3])).toThrow(UndefinedConcordanceError);
  });
});

// Issue 11: degenerate inputs give a warned zero-width CI, and huge values no NaN (found by the fuzzer).
describe("degenerate and extreme agreement data", () => {
  it("a reader who uses one category: κ = 0, SE 0, and a warning naming that reader", () => {
    const k = cohenKappa([0, 0, 0, 0], [0, 1, 2, 1], ["PR", "SD", "PD"]);
    expect(k.kappa).toBe(0);
    expect(k.lower).toBe(k.upper);
    expect(k.warning).toContain("the first reader gave every case the same category");
    expect(cohenKappa([0, 1, 2, 1], [0, 1, 1, 1], ["PR", "SD", "PD"]).warning).toBeNull();
  });
  it("CCC and Bland–Altman are unchanged by a power-of-two scale, even near the double range", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.integer({ min: -800, max: 800 }).map((x) => x / 8),
            fc.integer({ min: -800, max: 800 }).map((x) => x / 8),
          ),
          {
            minLength: 4,
            maxLength: 30,
          },
        ),
        fc.integer({ min: 340, max: 1000 }),
        (pairs, e) => {
          const a = pairs.map((p) => p[0]);
          const b = pairs.map((p) => p[1]);
          fc.pre(new Set(a).size > 1 && new Set(b).size > 1);
          const s = 2 ** e;
          fc.pre(Math.max(...a.map(Math.abs), ...b.map(Math.abs)) * s < 1e306);
          const small = linConcordance(a, b);
          const big = linConcordance(
            a.map((x) => x * s),
            b.map((x) => x * s),
          );
          expect(big.ccc).toBeCloseTo(small.ccc, 9);
          expect(Number.isFinite(big.pearson)).toBe(true);
          const ba = blandAltman(
            a.map((x) => x * s),
            b.map((x) => x * s),
          );
          expect(ba.bias.estimate / s).toBeCloseTo(blandAltman(a, b).bias.estimate, 6);
        },
      ),
      { numRuns: 200 },
    );
  });
});
