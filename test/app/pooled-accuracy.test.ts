import { describe, expect, it } from "vitest";
import type { AnalysisInputError } from "../../src/app/errors.ts";
import { pooledAccuracy } from "../../src/app/pooled-accuracy.ts";
import { parseCsvTable } from "../../src/io/csv-table.ts";

describe("pooledAccuracy", () => {
  it("one study pools to its own sensitivity and specificity", () => {
    const { studies, pooled } = pooledAccuracy(parseCsvTable("study,tp,fp,fn,tn\nA,9,2,1,8\n", "t.csv"));
    expect(studies).toEqual([{ study: "A", tp: 9, fp: 2, fn: 1, tn: 8 }]);
    expect(pooled.k).toBe(1);
    expect(pooled.sensitivity.estimate).toBeCloseTo(0.9, 12);
    expect(pooled.specificity.estimate).toBeCloseTo(0.8, 12);
  });

  it("two identical studies pool to the same estimate with no heterogeneity", () => {
    const { pooled } = pooledAccuracy(parseCsvTable("study,tp,fp,fn,tn\nA,9,2,1,8\nB,9,2,1,8\n", "t.csv"));
    expect(pooled.sensitivity.estimate).toBeCloseTo(0.9, 12);
    expect(pooled.sensitivity.tau2).toBe(0);
  });

  it("names a study listed twice and a count that is not a count", () => {
    let error: unknown;
    try {
      pooledAccuracy(parseCsvTable("study,tp,fp,fn,tn\nA,9,2,1,8\nA,9,2.5,1,8\n", "t.csv"));
    } catch (e) {
      error = e;
    }
    const problems = (error as AnalysisInputError).problems;
    expect(problems.map((p) => [p.line, p.column])).toEqual([
      [3, "study"],
      [3, "fp"],
    ]);
    expect(problems[0]!.message).toBe('t.csv:3 (study): study "A" is already on line 2');
  });
});
