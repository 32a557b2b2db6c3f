// Every statistic against values computed by R (scripts/fixtures/accuracy-reference.R →
// test/fixtures/stats/accuracy-r-reference.json): prop.test / binom.test intervals, mcnemar.test and
// binom.test p-values, epiR::epi.tests likelihood ratios, survey::svymean / svyciprop for clusters.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  analyseAccuracy,
  diagnosticMeasures,
  mcnemar,
  negativeLikelihoodRatio,
  type ProportionMeasure,
  positiveLikelihoodRatio,
  proportion,
} from "../../../src/stats/accuracy/index.ts";
import { FIXTURES, loadCases } from "./support.ts";

interface Reference {
  proportions: Array<{
    count: number;
    total: number;
    wilson: number[];
    clopperPearson: number[];
    wilson90: number[];
  }>;
  mcnemar: Array<{
    bothCorrect: number;
    b: number;
    c: number;
    bothWrong: number;
    chiSquare: number;
    pValue: number;
    chiSquareCorrected: number;
    pValueCorrected: number;
    exactP: number;
    midP: number;
  }>;
  likelihood: Array<{
    tp: number;
    fp: number;
    fn: number;
    tn: number;
    lrPositive: number[];
    lrNegative: number[];
    sensitivityWilson: number[];
    specificityWilson: number[];
  }>;
  clusterRobust: Array<{
    label: ProportionMeasure;
    file: string;
    test: string;
    count: number;
    total: number;
    clusters: number;
    estimate: number;
    variance: number;
    designEffect: number;
    clopperPearson: number[];
    clopperPearsonTruncated: number[];
    wilson: number[];
  }>;
}

const ref = JSON.parse(readFileSync(join(FIXTURES, "accuracy-r-reference.json"), "utf8")) as Reference;
const close = (actual: number | null, expected: number, digits = 9) =>
  expect(actual).toBeCloseTo(expected, digits);

describe("binomial intervals vs R (prop.test without correction = Wilson, binom.test = Clopper–Pearson)", () => {
  it.each(ref.proportions)("$count/$total", (r) => {
    const w = proportion(r.count, r.total, "wilson", 0.95, "none");
    close(w.lower, r.wilson[0]!);
    close(w.upper, r.wilson[1]!);
    const cp = proportion(r.count, r.total, "clopper-pearson", 0.95, "none");
    close(cp.lower, r.clopperPearson[0]!, 7);
    close(cp.upper, r.clopperPearson[1]!, 7);
    const w90 = proportion(r.count, r.total, "wilson", 0.9, "none");
    close(w90.lower, r.wilson90[0]!);
    close(w90.upper, r.wilson90[1]!);
  });
});

describe("McNemar vs R (mcnemar.test with and without correction, binom.test, mid-p)", () => {
  it.each(ref.mcnemar)("b = $b, c = $c", (r) => {
    const m = mcnemar(r.bothCorrect, r.b, r.c, r.bothWrong);
    close(m.asymptotic.statistic, r.chiSquare);
    close(m.asymptotic.pValue, r.pValue);
    close(m.corrected.statistic, r.chiSquareCorrected);
    close(m.corrected.pValue, r.pValueCorrected);
    close(m.exactP, r.exactP);
    close(m.midP, r.midP);
  });
});

describe("likelihood ratios vs epiR::epi.tests (Simel log method)", () => {
  it.each(ref.likelihood)("tp $tp fp $fp fn $fn tn $tn", (r) => {
    const t = { tp: r.tp, fp: r.fp, fn: r.fn, tn: r.tn };
    const pos = positiveLikelihoodRatio(t);
    const neg = negativeLikelihoodRatio(t);
    close(pos.estimate, r.lrPositive[0]!);
    close(pos.lower, r.lrPositive[1]!);
    close(pos.upper, r.lrPositive[2]!);
    close(neg.estimate, r.lrNegative[0]!);
    close(neg.lower, r.lrNegative[1]!);
    close(neg.upper, r.lrNegative[2]!);
    // epiR's own Wilson intervals for sensitivity and specificity agree too.
    const d = diagnosticMeasures(t, "wilson");
    close(d.sensitivity.lower, r.sensitivityWilson[1]!);
    close(d.specificity.upper, r.specificityWilson[2]!);
  });
});

describe("cluster-robust intervals vs survey (svymean variance, svyciprop Korn–Graubard)", () => {
  it.each(ref.clusterRobust)("$file $test $label", (r) => {
    const tests = r.file === "petmr-lesions.csv" ? ["CT", "PET", "MR", "PET/MR"] : ["A", "B"];
    const cases = loadCases(r.file, tests);
    for (const ciMethod of ["clopper-pearson", "wilson"] as const) {
      const report = analyseAccuracy(cases, { tests, ciMethod, clusterRobust: true });
      const m = report.tests.find((t) => t.test === r.test)!.clusterRobust![r.label];
      expect([m.count, m.total, m.clusters]).toEqual([r.count, r.total, r.clusters]);
      close(m.estimate, r.estimate);
      close(m.variance, r.variance, 12);
      close(m.designEffect, r.designEffect);
      // svyciprop does not truncate the design effect at 1; below 1 compare with the truncated formula.
      const expected =
        ciMethod === "wilson" ? r.wilson : r.designEffect > 1 ? r.clopperPearson : r.clopperPearsonTruncated;
      close(m.lower, expected[0]!, 7);
      close(m.upper, expected[1]!, 7);
    }
  });
});
